import type { Db } from "@/lib/db/client";
import { SandboxError, sandboxLimitsSchema, type ConfigResult, type Sandbox } from "@/lib/sandbox";
import { ResultWriter } from "./result-writer";
import { finishRun, startRun } from "./run-lifecycle";

/** Input no retry can fix (a run whose stored limits or code the sandbox refuses): the job is not retried. */
export class BadJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadJobError";
  }
}

export type RunOutcome = "finished" | "skipped" | "cancelled";

/**
 * One attempt at a run: runs every configuration that has no stored result yet (all of
 * them on the first attempt; the rest after a worker died mid-run), streams the results
 * into the database as they come, then finishes the run. Throws when the attempt failed
 * (the queue retries it); NotFoundError and BadJobError mean retrying cannot help.
 */
export async function processRun({
  db,
  sandbox,
  runId,
  workerId,
  signal,
}: {
  db: Db;
  sandbox: Sandbox;
  runId: number;
  workerId: string;
  signal?: AbortSignal;
}): Promise<RunOutcome> {
  const run = await startRun({ db, runId, workerId });
  if (!run) return "skipped";
  const limits = sandboxLimitsSchema.safeParse(run.limits);
  if (!limits.success) throw new BadJobError(`Run ${runId} has invalid limits: ${limits.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const stored = new Set(run.results.map((r) => r.configId));
  const pending = run.revision.configs.filter((c) => !stored.has(c.id));
  if (pending.length > 0) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener("abort", abort, { once: true });
    if (signal?.aborted) abort();
    let cancelled = false;
    const writer = new ResultWriter(db, runId, (p) => {
      if (p.status === "cancelled") {
        cancelled = true;
        abort();
      }
    });
    const written = new Set<number>();
    const take = (r: ConfigResult) => {
      const config = pending[r.configIndex];
      if (!config || written.has(config.id)) return;
      written.add(config.id);
      writer.add(config.id, r);
      // A write that failed dooms the attempt: stop running configurations nobody can store.
      if (writer.error) abort();
    };
    try {
      const results = await sandbox.run({ code: run.revision.sourceCode, configs: pending.map((c) => c.configString), limits: limits.data, signal: controller.signal, onResult: take });
      results.forEach(take);
      await writer.close();
    } catch (error) {
      // Keep what was verified: a retry starts from there.
      await writer.close().catch(() => {});
      if (cancelled) return "cancelled";
      if (writer.error) throw writer.error;
      if (error instanceof SandboxError && error.kind === "invalid_job") throw new BadJobError(error.message);
      throw error;
    } finally {
      signal?.removeEventListener("abort", abort);
    }
    if (cancelled) return "cancelled";
  }
  const { finished } = await finishRun({ db, runId });
  return finished ? "finished" : "cancelled";
}
