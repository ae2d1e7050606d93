import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { countEnvironments, selectEnvironmentIds } from "@/lib/filters/build-where";
import { filterToQuery, parseFilter, type EnvironmentFilter } from "@/lib/filters/schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import { applyToEnvironment, type EnqueueVerification } from "./apply-one";
import { MAX_REASON_KEYS, MAX_REPORT_KEYS, type BulkActionInput, type BulkParams, type BulkReport } from "./schema";

/** Environments read and applied per step; progress is written after each. */
export const BULK_BATCH = 50;

/**
 * Creates the BulkAction row (queued) for the whole filtered selection. The
 * caller runs it with runBulkAction once the request has been answered.
 * When the user confirmed a count that no longer matches, nothing is created.
 */
export async function startBulkAction({ db, input, userId }: { db: Db; input: BulkActionInput; userId: number }) {
  const filter = parseFilter(input.filter);
  const total = await countEnvironments(db, filter);
  if (input.expectedTotal !== undefined && input.expectedTotal !== total) {
    throw new ConflictError(`The selection changed: it now holds ${total} environments, not the ${input.expectedTotal} you confirmed; review the preview again`, { total });
  }
  const { filter: _f, expectedTotal: _e, ...params } = input;
  const row = await db.bulkAction.create({
    data: { kind: input.kind, filter: { query: filterToQuery(filter), parsed: filter } as Prisma.InputJsonValue, params: params as Prisma.InputJsonValue, total, userId },
    select: { id: true },
  });
  await recordAudit({
    db,
    event: { action: "bulk.start", userId, entityType: "bulk", entityId: row.id, after: { kind: input.kind, params, filter: filterToQuery(filter), total } },
  });
  return { id: row.id, total };
}

const emptyReport = (): BulkReport => ({ changed: [], skipped: {}, errors: [] });

/**
 * Runs a queued bulk action to the end: the selection is taken again now (ids
 * of the filter), then each environment is handled on its own (one failing
 * does not stop the rest), and the row's counters move after every batch.
 */
export async function runBulkAction({ db, id, enqueueVerification }: { db: Db; id: number; enqueueVerification?: EnqueueVerification }): Promise<BulkReport> {
  const row = await db.bulkAction.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`No bulk action ${id}`);
  const claimed = await db.bulkAction.updateMany({ where: { id, status: "queued" }, data: { status: "running" } });
  if (claimed.count === 0) throw new ConflictError(`Bulk action ${id} is ${row.status}, not queued`);
  const params = row.params as unknown as BulkParams;
  const filter = (row.filter as { parsed: EnvironmentFilter }).parsed;
  const report = emptyReport();
  let done = 0;
  let changed = 0;
  let skipped = 0;
  try {
    const ids = await selectEnvironmentIds(db, filter);
    await db.bulkAction.update({ where: { id }, data: { total: ids.length } });
    for (let i = 0; i < ids.length; i += BULK_BATCH) {
      const envs = await db.environment.findMany({
        where: { id: { in: ids.slice(i, i + BULK_BATCH) } },
        orderBy: { id: "asc" },
        select: { id: true, key: true, status: true, reviewState: true, currentRevisionId: true },
      });
      for (const env of envs) {
        try {
          const outcome = await applyToEnvironment({ db, env, params, userId: row.userId, bulkActionId: id, enqueueVerification });
          if (outcome.changed) {
            changed++;
            if (report.changed.length < MAX_REPORT_KEYS) report.changed.push(env.key);
          } else {
            skipped++;
            const entry = (report.skipped[outcome.reason] ??= { count: 0, keys: [] });
            entry.count++;
            if (entry.keys.length < MAX_REASON_KEYS) entry.keys.push(env.key);
          }
        } catch (error) {
          skipped++;
          if (report.errors.length < MAX_REPORT_KEYS) report.errors.push({ key: env.key, message: error instanceof Error ? error.message : String(error) });
        }
      }
      // Environments deleted since the selection was taken count as done and skipped.
      const gone = Math.min(BULK_BATCH, ids.length - i) - envs.length;
      if (gone > 0) {
        skipped += gone;
        (report.skipped["no longer exists"] ??= { count: 0, keys: [] }).count += gone;
      }
      done = Math.min(ids.length, i + BULK_BATCH);
      await db.bulkAction.update({ where: { id }, data: { done, changed, skipped, report: report as unknown as Prisma.InputJsonValue } });
    }
    await db.bulkAction.update({ where: { id }, data: { status: "succeeded", finishedAt: new Date(), done, changed, skipped, report: report as unknown as Prisma.InputJsonValue } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.bulkAction.update({ where: { id }, data: { status: "failed", error: message, finishedAt: new Date(), done, changed, skipped, report: report as unknown as Prisma.InputJsonValue } });
    await recordAudit({ db, event: { action: "bulk.fail", userId: row.userId, entityType: "bulk", entityId: id, after: { error: message, done, changed, skipped } } });
    throw error;
  }
  await recordAudit({
    db,
    event: {
      action: "bulk.finish",
      userId: row.userId,
      entityType: "bulk",
      entityId: id,
      after: { kind: params.kind, changed, skipped, skippedReasons: Object.fromEntries(Object.entries(report.skipped).map(([r, v]) => [r, v.count])), errors: report.errors.length },
    },
  });
  return report;
}
