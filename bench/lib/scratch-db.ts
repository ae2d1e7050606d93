import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { ensureDatabase, migrate } from "@/lib/db/migrate";

/** A throwaway embedded PostgreSQL with a migrated database, for benchmarks. */
export async function startScratchDatabase(name = "bench") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "curator-bench-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "data") });
  await ensureDatabase(server.adminUrl, name);
  const url = server.urlFor(name);
  await migrate(url);
  return {
    url,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
