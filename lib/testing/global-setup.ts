import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { ensureDatabase, migrate } from "@/lib/db/migrate";

export const TEMPLATE_DATABASE = "curator_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDatabase: string;
  }
}

/**
 * One throwaway PostgreSQL cluster for the whole test run, with a migrated
 * template database that each test file clones (CREATE DATABASE … TEMPLATE is
 * a file copy, far faster than migrating per file). Removed afterwards.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "curator-test-pg-"));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, "data") });
  await ensureDatabase(pg.adminUrl, TEMPLATE_DATABASE);
  await migrate(pg.urlFor(TEMPLATE_DATABASE));
  project.provide("pgAdminUrl", pg.adminUrl);
  project.provide("pgTemplateDatabase", TEMPLATE_DATABASE);
  return async () => {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
