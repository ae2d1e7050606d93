import { recordAudit } from "@/lib/audit/record";
import { BULK_TRANSACTION, type Db, type DbClient } from "@/lib/db/client";
import { refreshDerived } from "@/lib/environments/derived";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { refreshEnvironmentStatus } from "./environment-status";
import { updateProgress } from "./result-writer";

// A run's transitions after it was enqueued. Each one is a guarded update (it only moves a
// run out of the state it expects), so a late worker, a retry or a cancel cannot undo another.

/** Stored on a finished run of a revision without configurations (which is not verified). */
export const NO_CONFIGS_MESSAGE = "The revision has no configurations: nothing was run, so the environment does not count as verified";

export type RunRow = NonNullable<Awaited<ReturnType<typeof startRun>>>;

/**
 * Marks the run running on this worker (another attempt when it ran before) and returns
 * what the worker needs; null when there is nothing to do (finished or cancelled).
 */
export async function startRun({ db, runId, workerId }: { db: Db; runId: number; workerId: string }) {
  const claimed = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ environmentId: number }[]>`
      UPDATE "VerificationRun"
         SET status = 'running', "workerId" = ${workerId}, attempts = attempts + 1,
             "startedAt" = COALESCE("startedAt", now())
       WHERE id = ${runId} AND status IN ('queued', 'running')
      RETURNING "environmentId"`;
    const row = rows[0];
    if (row) await refreshEnvironmentStatus(tx, [row.environmentId]);
    return row ?? null;
  });
  if (!claimed) {
    const exists = await db.verificationRun.count({ where: { id: runId } });
    if (!exists) throw new NotFoundError(`No verification run ${runId}`);
    return null;
  }
  return db.verificationRun.findUniqueOrThrow({
    where: { id: runId },
    select: {
      id: true,
      environmentId: true,
      revisionId: true,
      attempts: true,
      limits: true,
      revision: {
        select: {
          sourceCode: true,
          configs: { select: { id: true, configString: true }, orderBy: { position: "asc" } },
        },
      },
      results: { select: { configId: true } },
    },
  });
}

/**
 * Ends a run whose every configuration has a result: counts from the stored results, and,
 * when its revision is still the environment's current one, each configuration's latest
 * figures (never over a newer run's), lastVerifiedAt, the status and the derived columns.
 */
export async function finishRun({ db, runId }: { db: Db; runId: number }): Promise<{ finished: boolean }> {
  return db.$transaction(async (tx) => {
    const { done, passed } = await updateProgress(tx, runId);
    const rows = await tx.$queryRaw<{ environmentId: number; revisionId: number; total: number }[]>`
      UPDATE "VerificationRun"
         SET status = 'succeeded', "finishedAt" = now(), total = ${done},
             error = CASE WHEN ${done}::int = 0 THEN ${NO_CONFIGS_MESSAGE} END
       WHERE id = ${runId} AND status = 'running'
      RETURNING "environmentId", "revisionId", total`;
    const run = rows[0];
    if (!run) return { finished: false };
    const current = await tx.environment.count({ where: { id: run.environmentId, currentRevisionId: run.revisionId } });
    if (current) {
      await tx.$executeRaw`
        UPDATE "TaskConfig" c
           SET "lastPassed" = r.passed, "lastSteps" = r.steps, "lastFailureKind" = r."failureKind", "lastRunId" = r."runId"
          FROM "VerificationResult" r
         WHERE r."runId" = ${runId} AND c.id = r."configId" AND c."revisionId" = ${run.revisionId}
           AND (c."lastRunId" IS NULL OR c."lastRunId" <= ${runId})`;
      await tx.environment.update({ where: { id: run.environmentId }, data: { lastVerifiedAt: new Date() } });
      await refreshEnvironmentStatus(tx, [run.environmentId]);
      await refreshDerived(tx, [run.environmentId]);
    }
    await recordAudit({
      db: tx,
      event: {
        action: "verify.finish",
        userId: null,
        environmentId: run.environmentId,
        entityType: "run",
        entityId: runId,
        after: { status: "succeeded", total: run.total, passed, verified: run.total > 0 && passed === run.total },
        details: current ? {} : { note: "the environment has a newer revision; its status was left alone" },
      },
    });
    return { finished: true };
  }, BULK_TRANSACTION);
}

/** The run failed for good (its last attempt, or input no retry can fix); the environment shows `error`. */
export async function failRun({ db, runId, error }: { db: Db; runId: number; error: string }): Promise<{ failed: boolean }> {
  return db.$transaction(async (tx) => {
    await updateProgress(tx, runId);
    const rows = await tx.$queryRaw<{ environmentId: number }[]>`
      UPDATE "VerificationRun" SET status = 'failed', "finishedAt" = now(), error = ${error}
       WHERE id = ${runId} AND status IN ('queued', 'running')
      RETURNING "environmentId"`;
    const run = rows[0];
    if (!run) return { failed: false };
    await refreshEnvironmentStatus(tx, [run.environmentId]);
    await recordAudit({ db: tx, event: { action: "verify.fail", userId: null, environmentId: run.environmentId, entityType: "run", entityId: runId, after: { status: "failed", error } } });
    return { failed: true };
  });
}

/** An attempt failed and the queue will retry it: back to queued, with what happened. */
export async function requeueRun({ db, runId, error }: { db: DbClient; runId: number; error: string }): Promise<void> {
  await db.verificationRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "queued", error } });
}

/**
 * Stops a queued or running run: a worker that has it notices at its next batch of
 * results and stops; one that takes it later skips it. Results stored so far are kept.
 */
export async function cancelRun({ db, runId, userId }: { db: Db; runId: number; userId: number | null }) {
  return db.$transaction(async (tx) => {
    const run = await tx.verificationRun.findUnique({ where: { id: runId }, select: { status: true, environmentId: true } });
    if (!run) throw new NotFoundError(`No verification run ${runId}`);
    const rows = await tx.$queryRaw<{ id: number }[]>`
      UPDATE "VerificationRun" SET status = 'cancelled', "finishedAt" = now(), error = 'cancelled'
       WHERE id = ${runId} AND status IN ('queued', 'running') RETURNING id`;
    if (!rows.length) throw new ConflictError(`Run ${runId} is already ${run.status}`);
    await refreshEnvironmentStatus(tx, [run.environmentId]);
    await recordAudit({
      db: tx,
      event: { action: "verify.cancel", userId, environmentId: run.environmentId, entityType: "run", entityId: runId, before: { status: run.status }, after: { status: "cancelled" } },
    });
    return { id: runId, status: "cancelled" as const };
  });
}
