import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { buildWhere, countEnvironments } from "@/lib/filters/build-where";
import { parseFilter } from "@/lib/filters/schema";
import { describeBulk, type BulkParams, type BulkReport } from "./schema";

const bulkSelect = {
  id: true,
  kind: true,
  filter: true,
  params: true,
  status: true,
  total: true,
  done: true,
  changed: true,
  skipped: true,
  report: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  user: { select: { username: true } },
} as const;

function shape<T extends { filter: unknown; params: unknown; report: unknown; user: { username: string } }>(row: T) {
  const params = row.params as BulkParams;
  return {
    ...row,
    filter: (row.filter as { query?: string }).query ?? "",
    params,
    description: describeBulk(params),
    report: row.report as BulkReport | Record<string, never>,
    user: row.user.username,
  };
}

export async function getBulkAction({ db, id }: { db: DbClient; id: number }) {
  const row = await db.bulkAction.findUnique({ where: { id }, select: bulkSelect });
  if (!row) throw new NotFoundError(`No bulk action ${id}`);
  return shape(row);
}

export type BulkActionView = Awaited<ReturnType<typeof getBulkAction>>;

export async function listBulkActions({ db, limit = 50 }: { db: DbClient; limit?: number }) {
  const rows = await db.bulkAction.findMany({ orderBy: { id: "desc" }, take: limit, select: bulkSelect });
  return rows.map(shape);
}

/** The preview: how many the filter selects, by review state and status. */
export async function previewBulk({ db, filterQuery }: { db: DbClient; filterQuery: string }) {
  const filter = parseFilter(filterQuery);
  const [total, byReview, byStatus] = await Promise.all([
    countEnvironments(db, filter),
    db.$queryRaw<{ state: string; n: number }[]>`SELECT e."reviewState"::text AS state, count(*)::int AS n FROM "Environment" e WHERE ${buildWhere(filter)} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ state: string; n: number }[]>`SELECT e.status::text AS state, count(*)::int AS n FROM "Environment" e WHERE ${buildWhere(filter)} GROUP BY 1 ORDER BY 1`,
  ]);
  return {
    total,
    byReviewState: Object.fromEntries(byReview.map((r) => [r.state, r.n])),
    byStatus: Object.fromEntries(byStatus.map((r) => [r.state, r.n])),
  };
}
