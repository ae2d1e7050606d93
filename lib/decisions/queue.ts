import type { DbClient } from "@/lib/db/client";
import { buildWhere, countEnvironments } from "@/lib/filters/build-where";
import type { EnvironmentFilter } from "@/lib/filters/schema";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReviewMode } from "./schema";

const sql = Prisma.sql;

/**
 * Which environments of the filter the queue walks, as SQL over `e`:
 *  - pending: reviewState pending and no vote of this user on the current
 *    revision (with two approvals required, the second reviewer's turn);
 *  - disagreements: the latest votes on the current revision split.
 */
export function queueCondition(mode: ReviewMode, userId: number): Prisma.Sql {
  if (mode === "disagreements") {
    return sql`(SELECT count(DISTINCT v.decision) FROM (
        SELECT DISTINCT ON (d."userId") d.decision FROM "ReviewDecision" d
         WHERE d."environmentId" = e.id AND d."revisionId" = e."currentRevisionId"
         ORDER BY d."userId", d.id DESC) v) = 2`;
  }
  return sql`e."reviewState" = 'pending' AND NOT EXISTS (
      SELECT 1 FROM "ReviewDecision" d WHERE d."environmentId" = e.id AND d."revisionId" = e."currentRevisionId" AND d."userId" = ${userId})`;
}

export interface QueueSlot {
  /** The environment to show, or null when the queue is empty. */
  key: string | null;
  prevKey: string | null;
  nextKey: string | null;
  /** The queue's first key: where "next" wraps around to from the last one. */
  firstKey: string | null;
  /** 1-based place of `key` among the remaining ones. */
  position: number;
  remaining: number;
  /** Environments of the filter no longer in the queue (decided). */
  done: number;
  total: number;
}

/**
 * One step of the review queue, ordered by key. `at` is the key last shown: if
 * it has left the queue (just decided), the queue continues with the next key
 * after it, wrapping around to skipped ones at the start.
 */
export async function getQueueSlot({
  db,
  filter,
  mode,
  at,
  userId,
}: {
  db: DbClient;
  filter: EnvironmentFilter;
  mode: ReviewMode;
  at?: string | null;
  userId: number;
}): Promise<QueueSlot> {
  const where = sql`${buildWhere(filter)} AND ${queueCondition(mode, userId)}`;
  const first = async (cond: Prisma.Sql, dir: "ASC" | "DESC") => {
    const rows = await db.$queryRaw<{ key: string }[]>`
      SELECT e.key FROM "Environment" e WHERE ${where} AND ${cond} ORDER BY e.key ${dir === "ASC" ? sql`ASC` : sql`DESC`} LIMIT 1`;
    return rows[0]?.key ?? null;
  };
  const [remainingRow, total, firstKey] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Environment" e WHERE ${where}`,
    countEnvironments(db, filter),
    first(sql`TRUE`, "ASC"),
  ]);
  const remaining = remainingRow[0]?.n ?? 0;
  const done = mode === "pending" ? total - remaining : 0;
  let key: string | null = null;
  // Compared in SQL, not JS: the order is the database's collation.
  if (at && firstKey) key = await first(sql`e.key >= ${at}`, "ASC");
  key ??= firstKey;
  if (!key) return { key: null, prevKey: null, nextKey: null, firstKey: null, position: 0, remaining, done, total };
  const [prevKey, nextKey, before] = await Promise.all([
    first(sql`e.key < ${key}`, "DESC"),
    first(sql`e.key > ${key}`, "ASC"),
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Environment" e WHERE ${where} AND e.key < ${key}`,
  ]);
  return { key, prevKey, nextKey, firstKey, position: (before[0]?.n ?? 0) + 1, remaining, done, total };
}
