import crypto from "node:crypto";
import os from "node:os";
import type PgBoss from "pg-boss";
import { createPrisma, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { createSandboxPool, SandboxError, type Sandbox } from "@/lib/sandbox";
import { holdWorkerLock, type LivenessLock } from "./liveness";
import { BadJobError, processRun, type RunOutcome } from "./process-run";
import {
  POLLING_INTERVAL_SECONDS,
  RETRY_DELAY_SECONDS,
  RETRY_LIMIT,
  startQueue,
  VERIFY_DEAD_LETTER_QUEUE,
  VERIFY_QUEUE,
} from "./queue";
import { failRun, requeueRun } from "./run-lifecycle";
import { verifyJobSchema } from "./schema";

export interface WorkerOptions {
  url: string;
  /** Runs verified at once, each on a sandbox worker (one core) of its own. */
  slots: number;
  log?: (line: string) => void;
}

export interface VerificationWorker {
  id: string;
  slots: number;
  /** Stops taking jobs; a run in progress is put back on the queue (it resumes where it stopped). */
  stop(): Promise<void>;
}

interface Slot {
  sandbox: Sandbox;
  workId: string | null;
  broken: boolean;
  inFlight: AbortController | null;
}

type Job = PgBoss.JobWithMetadata<unknown>;

/**
 * A verification worker: `slots` loops, each taking one job at a time from the queue and
 * running it on a sandbox of its own. One sandbox per run keeps a run's duration bounded by
 * its own size, which is what its job's expiry is derived from (see queue.ts); many small
 * environments (the usual corpus) still keep every core busy.
 */
export async function startVerificationWorker({ url, slots: count, log = (l) => console.log(`[verify] ${l}`) }: WorkerOptions): Promise<VerificationWorker> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`A verification worker needs at least one slot (got ${count})`);
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  // Throws SandboxError("unavailable") when bubblewrap cannot run here: better no worker than one that fails every job.
  const runInHost = env.CURATOR_VERIFY_FORK_EACH !== "1";
  const sandboxes = await Promise.allSettled(Array.from({ length: count }, () => createSandboxPool({ workers: 1, runInHost })));
  const failed = sandboxes.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(sandboxes.map((s) => (s.status === "fulfilled" ? s.value.close() : undefined)));
    throw failed.reason;
  }
  const slots: Slot[] = sandboxes.map((s) => ({ sandbox: (s as PromiseFulfilledResult<Sandbox>).value, workId: null, broken: false, inFlight: null }));
  const db = createPrisma(url);
  let stopping = false;
  let boss: PgBoss | null = null;
  let liveness: LivenessLock | null = null;

  async function handle(slot: Slot, job: Job): Promise<unknown> {
    const payload = verifyJobSchema.safeParse(job.data);
    if (!payload.success) {
      // Completed, not failed: no retry can fix a payload.
      log(`job ${job.id}: invalid payload (${payload.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`).join("; ")}); dropped`);
      return { error: "invalid payload" };
    }
    const { runId } = payload.data;
    const expireIn = Number(job.expireInSeconds);
    const controller = new AbortController();
    slot.inFlight = controller;
    // Stop before pg-boss gives up on the job, so no attempt outlives its job.
    const budget = setTimeout(() => controller.abort(), Math.max(1, expireIn - Math.max(1, Math.min(10, expireIn * 0.1))) * 1000);
    const started = Date.now();
    try {
      if (stopping) return await putBack(runId, expireIn);
      const outcome = await processRun({ db, sandbox: slot.sandbox, runId, workerId: id, signal: controller.signal });
      await logOutcome(db, runId, outcome, Date.now() - started, log);
      return { outcome };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof NotFoundError) {
        log(`run ${runId}: ${message}; job dropped`);
        return { error: message };
      }
      if (error instanceof BadJobError) {
        await failRun({ db, runId, error: message });
        log(`run ${runId} failed: ${message}`);
        return { error: message };
      }
      if (stopping) return putBack(runId, expireIn);
      if (error instanceof SandboxError && (error.kind === "unavailable" || error.kind === "closed")) await retire(slot, message);
      const attempt = job.retryCount + 1;
      const timedOut = controller.signal.aborted ? ` (it ran out of its ${Math.round(expireIn)} s budget)` : "";
      if (job.retryCount >= job.retryLimit) {
        await failRun({ db, runId, error: `attempt ${attempt} of ${job.retryLimit + 1} failed${timedOut}: ${message}` });
        log(`run ${runId} failed on its last attempt: ${message}`);
      } else {
        await requeueRun({ db, runId, error: `attempt ${attempt} of ${job.retryLimit + 1} failed${timedOut}: ${message}; it will be retried` });
        log(`run ${runId}: attempt ${attempt} failed (${message}); it will be retried`);
      }
      throw error;
    } finally {
      clearTimeout(budget);
      slot.inFlight = null;
    }
  }

  /** Shutting down is not the run's fault: a fresh job, so it costs none of the run's attempts. */
  async function putBack(runId: number, expireIn: number): Promise<unknown> {
    if (!boss) throw new Error("the queue is not running");
    await requeueRun({ db, runId, error: "its worker stopped; it waits for another worker and resumes where it stopped" });
    await boss.send(VERIFY_QUEUE, { runId }, { expireInSeconds: Math.ceil(expireIn), retryLimit: RETRY_LIMIT, retryDelay: RETRY_DELAY_SECONDS, deadLetter: VERIFY_DEAD_LETTER_QUEUE });
    log(`run ${runId}: put back on the queue (this worker is stopping)`);
    return { requeued: true };
  }

  /** pg-boss moved a job here after its last attempt failed or expired (its worker died each time). */
  async function handleDead(job: Job): Promise<unknown> {
    const payload = verifyJobSchema.safeParse(job.data);
    if (!payload.success) return { error: "invalid payload" };
    const cause = outputMessage(job.output);
    const error = /timeout in active state/.test(cause)
      ? `gave up after ${job.retryLimit + 1} attempts: the worker running it stopped responding each time (killed, or cut off from the database)`
      : `gave up after ${job.retryLimit + 1} attempts: ${cause || "the last attempt failed"}`;
    const { failed } = await failRun({ db, runId: payload.data.runId, error });
    if (failed) log(`run ${payload.data.runId} failed: ${error}`);
    return { failed };
  }

  async function retire(slot: Slot, reason: string): Promise<void> {
    if (slot.broken) return;
    slot.broken = true;
    log(`a sandbox stopped working (${reason}); this worker takes no more jobs on it`);
    if (slot.workId && boss) await boss.offWork({ id: slot.workId }).catch(() => {});
    if (slots.every((s) => s.broken)) await liveness?.release();
  }

  try {
    boss = await startQueue({ url, supervise: true, max: count + 3, onError: (e) => !stopping && log(`queue error: ${e.message}`) });
    for (const slot of slots) {
      slot.workId = await boss.work(
        VERIFY_QUEUE,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
        async (jobs: Job[]) => (jobs[0] ? handle(slot, jobs[0]) : undefined),
      );
    }
    await boss.work(VERIFY_DEAD_LETTER_QUEUE, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS }, async (jobs: Job[]) =>
      jobs[0] ? handleDead(jobs[0]) : undefined,
    );
    liveness = await holdWorkerLock(url);
  } catch (error) {
    await boss?.stop({ graceful: false }).catch(() => {});
    await Promise.all(slots.map((s) => s.sandbox.close()));
    await db.$disconnect();
    throw error;
  }
  log(`worker ${id} is verifying with ${count} sandbox${count === 1 ? "" : "es"}`);

  return {
    id,
    slots: count,
    async stop() {
      if (stopping) return;
      stopping = true;
      for (const slot of slots) if (slot.workId) await boss?.offWork({ id: slot.workId }).catch(() => {});
      for (const slot of slots) slot.inFlight?.abort();
      await boss?.stop({ graceful: true, wait: true, timeout: 15_000 }).catch((e: unknown) => log(`stopping the queue: ${String(e)}`));
      await Promise.all(slots.map((s) => s.sandbox.close()));
      await liveness?.release();
      await db.$disconnect();
    },
  };
}

function outputMessage(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } | unknown } | null;
  if (typeof o?.message === "string") return o.message;
  const value = o?.value as { message?: unknown } | string | undefined;
  if (typeof value === "string") return value;
  return typeof value?.message === "string" ? value.message : "";
}

async function logOutcome(db: Db, runId: number, outcome: RunOutcome, ms: number, log: (l: string) => void) {
  if (outcome === "skipped") return log(`run ${runId}: already finished or cancelled; skipped`);
  const run = await db.verificationRun.findUnique({ where: { id: runId }, select: { total: true, passed: true, environment: { select: { key: true } } } });
  if (!run) return;
  const verdict = outcome === "cancelled" ? "cancelled" : run.total > 0 && run.passed === run.total ? "verified" : "not verified";
  log(`run ${runId} ${run.environment.key}: ${run.passed}/${run.total} passed, ${verdict} (${(ms / 1000).toFixed(1)} s)`);
}
