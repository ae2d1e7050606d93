import { Prisma } from "@/lib/generated/prisma/client";
import type { DbClient } from "@/lib/db/client";
import type { EnvironmentFilter, ListQuery, SortColumn } from "./schema";

const sql = Prisma.sql;

/**
 * The filter as one SQL condition over `"Environment" e`. Conditions compare the
 * stored columns in their own types (no casts of the column), so the indexes
 * apply; user text only ever arrives as bound values.
 */
export function buildWhere(f: EnvironmentFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.q) parts.push(sql`e."searchText" LIKE ${`%${escapeLike(f.q.toLowerCase())}%`}`);
  if (f.subset?.length) parts.push(sql`e.subset = ANY(${f.subset}::text[])`);
  if (f.status?.length) parts.push(sql`e.status = ANY(${f.status}::"EnvStatus"[])`);
  if (f.review?.length) parts.push(sql`e."reviewState" = ANY(${f.review}::"ReviewState"[])`);
  if (f.failure?.length) parts.push(sql`e."failureKinds" && ${f.failure}::"FailureKind"[]`);
  if (f.tag?.length) {
    parts.push(sql`EXISTS (SELECT 1 FROM "EnvironmentTag" et JOIN "Tag" t ON t.id = et."tagId" WHERE et."environmentId" = e.id AND t.name = ANY(${f.tag}::text[]))`);
  }
  if (f.tool?.length) {
    parts.push(sql`EXISTS (SELECT 1 FROM "Tool" t WHERE t."revisionId" = e."currentRevisionId" AND t.name = ANY(${f.tool}::text[]))`);
  }
  range(parts, sql`e."toolCount"`, f.tools_min, f.tools_max);
  range(parts, sql`e."configCount"`, f.configs_min, f.configs_max);
  range(parts, sql`e."stepsMedian"`, f.steps_min, f.steps_max);
  if (f.config_steps_min !== undefined || f.config_steps_max !== undefined) {
    // Probes the (revisionId, lastSteps, recordedSteps) index, index-only.
    const bounds: Prisma.Sql[] = [];
    range(bounds, sql`COALESCE(c."lastSteps", c."recordedSteps")`, f.config_steps_min, f.config_steps_max);
    parts.push(sql`EXISTS (SELECT 1 FROM "TaskConfig" c WHERE c."revisionId" = e."currentRevisionId" AND ${Prisma.join(bounds, " AND ")})`);
  }
  range(parts, sql`e."passRate"`, f.pass_min, f.pass_max);
  range(parts, sql`e.difficulty`, f.difficulty_min, f.difficulty_max);
  if (f.window === "in") parts.push(sql`e."inTrainingWindow"`);
  if (f.window === "out") parts.push(sql`NOT e."inTrainingWindow"`);
  return parts.length ? Prisma.join(parts, " AND ") : sql`TRUE`;
}

/**
 * Whether counting what the filter selects may read most of the table: a
 * substring search must recheck the text of every candidate row, and the
 * per-configuration step range probes each environment's configurations.
 * The list caps such counts (see listEnvironments); other filters count from indexes.
 */
export function isCostlyToCount(f: EnvironmentFilter): boolean {
  return f.q !== undefined || f.config_steps_min !== undefined || f.config_steps_max !== undefined;
}

function range(parts: Prisma.Sql[], column: Prisma.Sql, min?: number, max?: number) {
  if (min !== undefined) parts.push(sql`${column} >= ${min}`);
  if (max !== undefined) parts.push(sql`${column} <= ${max}`);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Whitelisted ORDER BY columns, and whether each may hold NULL. */
const SORT_SQL: Record<SortColumn, { column: Prisma.Sql; nullable: boolean; unique?: boolean }> = {
  key: { column: sql`e.key`, nullable: false, unique: true },
  subset: { column: sql`e.subset`, nullable: false },
  toolCount: { column: sql`e."toolCount"`, nullable: false },
  configCount: { column: sql`e."configCount"`, nullable: false },
  stepsMedian: { column: sql`e."stepsMedian"`, nullable: true },
  stepsMax: { column: sql`e."stepsMax"`, nullable: true },
  passRate: { column: sql`e."passRate"`, nullable: true },
  difficulty: { column: sql`e.difficulty`, nullable: true },
  lastVerifiedAt: { column: sql`e."lastVerifiedAt"`, nullable: true },
  status: { column: sql`e.status`, nullable: false },
  reviewState: { column: sql`e."reviewState"`, nullable: false },
};

/**
 * ORDER BY for a list query; `id` breaks ties so pages never overlap or skip
 * (the unique key needs no tie-breaker, which lets its own index serve the order).
 * Unknown values (NULL) come last in both directions. NULLS LAST is written only
 * for nullable columns: on a NOT NULL column it would still stop PostgreSQL from
 * reading a descending order off the plain (column, id) index backwards.
 */
export function buildOrderBy(q: Pick<ListQuery, "sort" | "dir">): Prisma.Sql {
  const { column, nullable, unique } = SORT_SQL[q.sort];
  const desc = q.dir === "desc";
  const dir = desc ? (nullable ? sql`DESC NULLS LAST` : sql`DESC`) : sql`ASC`;
  if (unique) return sql`${column} ${dir}`;
  const tie = desc ? sql`e.id DESC` : sql`e.id ASC`;
  return sql`${column} ${dir}, ${tie}`;
}

/** Ids of every environment the filter selects (bulk actions, verify, export). */
export async function selectEnvironmentIds(db: DbClient, filter: EnvironmentFilter): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT e.id FROM "Environment" e WHERE ${buildWhere(filter)} ORDER BY e.id`;
  return rows.map((r) => r.id);
}

export async function countEnvironments(db: DbClient, filter: EnvironmentFilter): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Environment" e WHERE ${buildWhere(filter)}`;
  return row?.n ?? 0;
}
