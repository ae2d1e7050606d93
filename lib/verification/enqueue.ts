import type PgBoss from "pg-boss";
import { recordAudits } from "@/lib/audit/record";
import { BULK_TRANSACTION, type Db, type DbClient } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { selectEnvironmentIds } from "@/lib/filters/build-where";
import { parseFilter } from "@/lib/filters/schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refreshEnvironmentStatus } from "./environment-status";
import { expirySeconds, insertVerifyJobs } from "./queue";
import { effectiveLimits, type RunLimits, type VerifyRequest } from "./schema";

export interface Target {
  id: number;
  key: string;
  currentRevisionId: number | null;
}

export interface EnqueuedRun {
  runId: number;
  key: string;
  environmentId: number;
  total: number;
}

export interface Skipped {
  key: string;
  reason: string;
}

/** Runs (and their jobs) created per transaction: keeps one verify --all of 13k environments from holding one huge transaction. */
const ENQUEUE_BATCH = 500;
const MAX_NAMED_MISSING = 20;

/** The environments a request names; unknown keys are a 404 naming them, a bad filter a 400 naming its field. */
export async function resolveTargets({ db, request }: { db: DbClient; request: VerifyRequest }): Promise<Target[]> {
  const select = { id: true, key: true, currentRevisionId: true } as const;
  if (request.key !== undefined) {
    const env = await db.environment.findUnique({ where: { key: request.key }, select });
    if (!env) throw new NotFoundError(`No environment ${request.key}`, [{ field: "key", message: `no environment ${request.key}` }]);
    return [env];
  }
  if (request.keys !== undefined) {
    const keys = [...new Set(request.keys)];
    const envs = await db.environment.findMany({ where: { key: { in: keys } }, select, orderBy: { id: "asc" } });
    const found = new Set(envs.map((e) => e.key));
    const missing = keys.filter((k) => !found.has(k));
    if (missing.length) {
      const named = missing.slice(0, MAX_NAMED_MISSING).join(", ");
      const more = missing.length > MAX_NAMED_MISSING ? ` and ${missing.length - MAX_NAMED_MISSING} more` : "";
      throw new NotFoundError(`No environment ${named}${more}`, missing.slice(0, MAX_NAMED_MISSING).map((k) => ({ field: "keys", message: `no environment ${k}` })));
    }
    return envs;
  }
  const filter = parseFilter(request.filter ?? "");
  const ids = await selectEnvironmentIds(db, filter);
  const envs: Target[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    envs.push(...(await db.environment.findMany({ where: { id: { in: ids.slice(i, i + 5000) } }, select, orderBy: { id: "asc" } })));
  }
  return envs;
}

/**
 * Creates one queued VerificationRun per environment (of its current revision) and one
 * queue job per run, in the same transaction; sets the environments' status to queued.
 * Earlier runs are kept: every run of a revision keeps its rows.
 */
export async function enqueueRuns({
  db,
  boss,
  targets,
  userId = null,
  bulkActionId = null,
  limits,
  expiryMarginSeconds,
}: {
  db: Db;
  boss: PgBoss;
  targets: Target[];
  userId?: number | null;
  bulkActionId?: number | null;
  limits?: RunLimits;
  expiryMarginSeconds?: number;
}): Promise<{ runs: EnqueuedRun[]; skipped: Skipped[] }> {
  const runs: EnqueuedRun[] = [];
  const skipped: Skipped[] = targets.filter((t) => t.currentRevisionId === null).map((t) => ({ key: t.key, reason: "has no revision" }));
  const runnable = targets.filter((t): t is Target & { currentRevisionId: number } => t.currentRevisionId !== null);
  const effective = effectiveLimits(limits);
  for (let i = 0; i < runnable.length; i += ENQUEUE_BATCH) {
    const batch = runnable.slice(i, i + ENQUEUE_BATCH);
    const created = await db.$transaction(async (tx) => {
      const revisionIds = batch.map((t) => t.currentRevisionId);
      const counts = await tx.taskConfig.groupBy({ by: ["revisionId"], where: { revisionId: { in: revisionIds } }, _count: { _all: true } });
      const totalOf = new Map(counts.map((c) => [c.revisionId, c._count._all]));
      const rows = await tx.verificationRun.createManyAndReturn({
        data: batch.map((t) => ({
          environmentId: t.id,
          revisionId: t.currentRevisionId,
          total: totalOf.get(t.currentRevisionId) ?? 0,
          limits: effective as unknown as Prisma.InputJsonValue,
          requestedById: userId,
          bulkActionId,
        })),
        select: { id: true, environmentId: true, revisionId: true, total: true },
      });
      await insertVerifyJobs({
        boss,
        tx,
        jobs: rows.map((r) => ({ runId: r.id, expireInSeconds: expirySeconds({ configs: r.total, limits: effective, marginSeconds: expiryMarginSeconds }) })),
      });
      await refreshEnvironmentStatus(tx, batch.map((t) => t.id));
      await recordAudits({
        db: tx,
        events: rows.map((r) => ({
          action: "verify.request",
          userId,
          environmentId: r.environmentId,
          entityType: "run",
          entityId: r.id,
          after: { status: "queued", revisionId: r.revisionId, total: r.total },
          details: { limits: effective, ...(bulkActionId ? { bulkActionId } : {}) },
        })),
      });
      return rows;
    }, BULK_TRANSACTION);
    const keyOf = new Map(batch.map((t) => [t.id, t.key]));
    for (const r of created) runs.push({ runId: r.id, key: keyOf.get(r.environmentId) ?? "", environmentId: r.environmentId, total: r.total });
  }
  return { runs, skipped };
}

/** The API's and the CLI's one entry point: resolve the request, enqueue its runs. */
export async function requestVerification({
  db,
  boss,
  request,
  userId = null,
  expiryMarginSeconds,
}: {
  db: Db;
  boss: PgBoss;
  request: VerifyRequest;
  userId?: number | null;
  expiryMarginSeconds?: number;
}): Promise<{ runs: EnqueuedRun[]; skipped: Skipped[] }> {
  const targets = await resolveTargets({ db, request });
  if (request.key !== undefined && targets[0]?.currentRevisionId === null) {
    throw new ValidationError(`${request.key} has no revision to verify`, [{ field: "key", message: "has no revision" }]);
  }
  return enqueueRuns({ db, boss, targets, userId, limits: request.limits, expiryMarginSeconds });
}
