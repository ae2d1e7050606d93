import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import { SEED_DIR } from "@/lib/setup/seed";
import { runImport } from "@/lib/import/run-import";
import { createSourceParser } from "@/lib/tools/parse-sources";
import { requestVerification } from "./enqueue";
import type { VerifyRequest } from "./schema";
import { waitForRuns } from "./wait-for-runs";

// Helpers for this module's tests (real database, real queue, real sandbox).

export async function importPaths(db: Db, paths: string[]) {
  const parser = createSourceParser();
  try {
    const summary = await runImport({ db, paths, parse: (s) => parser.parse(s) });
    if (summary.rejected) throw new Error(`the import rejected ${summary.rejected} items`);
    return summary;
  } finally {
    await parser.close();
  }
}

export const importSeed = (db: Db) => importPaths(db, [SEED_DIR]);

/** Enqueues and waits until every run has ended (bounded by the test's own timeout, not by a clock here). */
export async function verifyAndWait({ db, boss, request, expiryMarginSeconds }: { db: Db; boss: PgBoss; request: VerifyRequest; expiryMarginSeconds?: number }) {
  const { runs } = await requestVerification({ db, boss, request, expiryMarginSeconds });
  await waitForRuns({ db, runIds: runs.map((r) => r.runId), onProgress: () => {}, noWorker: async () => {} });
  return runs;
}

export async function waitUntil(check: () => Promise<boolean>, pollMs = 200): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, pollMs));
}
