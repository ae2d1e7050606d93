import type { DbClient } from "@/lib/db/client";
import { countLiveWorkers } from "./liveness";
import { summarizeRuns, type RunsSummary } from "./queries";

const POLL_MS = 500;
const LIVENESS_EVERY_MS = 5000;

export interface CliSummary extends RunsSummary {
  seconds: number;
  configurationsPerSecond: number;
  /** Whether this process verified (no worker was running). */
  inProcessWorker: boolean;
  notVerified: { key: string; runId: number; status: string; passed: number; total: number; error: string | null }[];
}

/**
 * Polls a set of runs until every one has ended, reporting progress. When no worker is
 * connected (none was, or the one there went away), `noWorker` is called so the caller can
 * start one in this process: the wait always ends.
 */
export async function waitForRuns({
  db,
  runIds,
  onProgress,
  noWorker,
  signal,
}: {
  db: DbClient;
  runIds: number[];
  onProgress: (s: RunsSummary) => void;
  noWorker: () => Promise<void>;
  signal?: AbortSignal;
}): Promise<RunsSummary> {
  let lastLiveness = 0;
  for (;;) {
    const summary = await summarizeRuns({ db, runIds });
    onProgress(summary);
    if (summary.finished >= summary.runs || signal?.aborted) return summary;
    if (Date.now() - lastLiveness >= LIVENESS_EVERY_MS) {
      lastLiveness = Date.now();
      if ((await countLiveWorkers(db)) === 0) await noWorker();
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export async function notVerifiedRuns({ db, runIds, limit = 1000 }: { db: DbClient; runIds: number[]; limit?: number }): Promise<CliSummary["notVerified"]> {
  const rows = await db.$queryRaw<{ key: string; runId: number; status: string; passed: number; total: number; error: string | null }[]>`
    SELECT e.key, r.id AS "runId", r.status::text AS status, r.passed, r.total, r.error
      FROM "VerificationRun" r JOIN "Environment" e ON e.id = r."environmentId"
     WHERE r.id = ANY(${runIds}::int[]) AND NOT (r.status = 'succeeded' AND r.total > 0 AND r.passed = r.total)
     ORDER BY e.key LIMIT ${limit}`;
  return rows;
}

export function formatSummary(s: CliSummary): string {
  const e = s.environments;
  const c = s.configurations;
  const kinds = Object.entries(c.failedByKind).map(([k, n]) => `${k} ${n}`).join(", ");
  const lines = [
    `Environments: ${e.verified} verified, ${e.failed} failed${e.error ? `, ${e.error} errored (the run itself failed)` : ""}${e.cancelled ? `, ${e.cancelled} cancelled` : ""} (of ${s.runs})`,
    `Configurations: ${c.passed} passed, ${c.failed} failed${kinds ? ` (${kinds})` : ""}`,
    `Took ${s.seconds.toFixed(1)} s: ${s.configurationsPerSecond.toFixed(1)} configurations/s${s.inProcessWorker ? " (verified in this process: no worker was running)" : ""}`,
  ];
  for (const r of s.notVerified.slice(0, 50)) {
    const why = r.status === "succeeded" ? (r.total === 0 ? "no configurations" : `${r.passed}/${r.total} passed`) : `${r.status}${r.error ? `: ${r.error}` : ""}`;
    lines.push(`  not verified: ${r.key} (run ${r.runId}) ${why}`);
  }
  if (s.notVerified.length > 50) lines.push(`  … and ${s.notVerified.length - 50} more not verified`);
  return lines.join("\n");
}
