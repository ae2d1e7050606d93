import path from "node:path";
import type { Db } from "@/lib/db/client";
import { projectRoot } from "@/lib/env";
import { runImport, type ImportSummary } from "@/lib/import/run-import";
import { createSourceParser } from "@/lib/tools/parse-sources";

export const SEED_DIR = path.join(projectRoot, "prisma", "seed");

/** Our own sample environments, loaded into an empty database so a new user has something to look at. */
export async function seedIfEmpty(db: Db): Promise<ImportSummary | null> {
  if ((await db.environment.count()) > 0) return null;
  const parser = createSourceParser();
  try {
    return await runImport({ db, paths: [SEED_DIR], parse: (s) => parser.parse(s) });
  } finally {
    await parser.close();
  }
}
