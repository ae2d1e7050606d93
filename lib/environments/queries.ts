import "server-only";
import { prisma, type DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { buildOrderBy, buildWhere, isCostlyToCount } from "@/lib/filters/build-where";
import type { ListQuery } from "@/lib/filters/schema";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EnvStatus, FailureKind, ReviewState, RunStatus } from "@/lib/generated/prisma/enums";

// Reads behind the environment list and page. Everything returned is plain JSON
// (bigints become numbers), so pages, route handlers and the CLI can pass it on.

export interface EnvironmentListRow {
  id: number;
  key: string;
  codeId: string;
  envName: string;
  subset: string;
  status: EnvStatus;
  reviewState: ReviewState;
  toolCount: number;
  configCount: number;
  passCount: number;
  passRate: number | null;
  stepsMedian: number | null;
  stepsMax: number | null;
  difficulty: number | null;
  inTrainingWindow: boolean;
  failureKinds: FailureKind[];
  lastVerifiedAt: Date | null;
}

/** Counts that would read most of the table stop here (see isCostlyToCount). */
export const COUNT_CAP = 2000;

export interface EnvironmentPage {
  rows: EnvironmentListRow[];
  total: number;
  /** True when the count stopped at COUNT_CAP: at least `total` environments match. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/**
 * The list query: one page of the filtered, sorted list and the total, in ONE
 * statement, so both read the same snapshot and the count always matches the
 * rows even while imports or verification write. Text and per-configuration
 * step searches count at most COUNT_CAP rows, which keeps them fast at 100,000
 * environments (bench/list); every other count is exact and index-only.
 * The page's ids come first (an index-only scan of the sort index, even at deep
 * offsets); only those rows are then read from the wide table. The outer ORDER
 * BY re-sorts just the page. Exported for bench/list, which EXPLAINs it.
 */
export function listEnvironmentsSql(query: ListQuery): Prisma.Sql {
  const where = buildWhere(query);
  const order = buildOrderBy(query);
  const offset = (query.page - 1) * query.pageSize;
  const count = isCostlyToCount(query)
    ? Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM "Environment" e WHERE ${where} LIMIT ${COUNT_CAP}) capped`
    : Prisma.sql`SELECT count(*)::int AS n FROM "Environment" e WHERE ${where}`;
  return Prisma.sql`
    WITH ids AS (
      SELECT e.id FROM "Environment" e WHERE ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offset}
    ), total AS (
      ${count}
    )
    SELECT total.n AS total, e.id, e.key, e."codeId", e."envName", e.subset, e.status::text AS status,
           e."reviewState"::text AS "reviewState", e."toolCount", e."configCount", e."passCount", e."passRate",
           e."stepsMedian", e."stepsMax", e.difficulty, e."inTrainingWindow", e."failureKinds"::text[] AS "failureKinds",
           e."lastVerifiedAt"
      FROM total LEFT JOIN (ids JOIN "Environment" e ON e.id = ids.id) ON true
     ORDER BY ${order}`;
}

export async function listEnvironments({ query, db = prisma() }: { query: ListQuery; db?: DbClient }): Promise<EnvironmentPage> {
  const found = await db.$queryRaw<(EnvironmentListRow & { total: number })[]>(listEnvironmentsSql(query));
  const total = found[0]?.total ?? 0;
  // With an empty page the LEFT JOIN still yields the total, on a row of NULLs.
  const rows = found.filter((r) => r.id !== null).map(({ total: _t, ...row }) => row);
  return { rows, total, totalCapped: isCostlyToCount(query) && total >= COUNT_CAP, page: query.page, pageSize: query.pageSize };
}

/** Subsets, tags and tool names that exist, for the filter bar's choices. */
export async function listFilterChoices({ db = prisma() }: { db?: DbClient } = {}) {
  const [subsets, tags] = await Promise.all([
    db.$queryRaw<{ name: string; n: number }[]>`SELECT subset AS name, count(*)::int AS n FROM "Environment" GROUP BY subset ORDER BY subset`,
    db.$queryRaw<{ name: string; n: number }[]>`
      SELECT t.name, count(et."environmentId")::int AS n FROM "Tag" t LEFT JOIN "EnvironmentTag" et ON et."tagId" = t.id
       GROUP BY t.name ORDER BY t.name`,
  ]);
  return { subsets, tags };
}

export type FilterChoices = Awaited<ReturnType<typeof listFilterChoices>>;

const configSelect = {
  id: true,
  position: true,
  configString: true,
  refAnswer: true,
  recordedSteps: true,
  recordedTime: true,
  recordedMem: true,
  bo4Score: true,
  bo8Score: true,
  trainingIndex: true,
  lastPassed: true,
  lastSteps: true,
  lastFailureKind: true,
  lastRunId: true,
} satisfies Prisma.TaskConfigSelect;

export const environmentDetailSelect = {
  id: true,
  key: true,
  codeId: true,
  envName: true,
  subset: true,
  originalProblem: true,
  notes: true,
  status: true,
  reviewState: true,
  toolCount: true,
  configCount: true,
  passCount: true,
  passRate: true,
  stepsMin: true,
  stepsMedian: true,
  stepsMax: true,
  inTrainingWindow: true,
  difficulty: true,
  failureKinds: true,
  lastVerifiedAt: true,
  tags: { select: { tag: { select: { name: true } } }, orderBy: { tag: { name: "asc" } } },
  _count: { select: { revisions: true } },
  currentRevision: {
    select: {
      id: true,
      number: true,
      message: true,
      createdAt: true,
      author: { select: { username: true } },
      sourceCode: true,
      taskDescription: true,
      docsBlock: true,
      className: true,
      findings: true,
      tools: { orderBy: { position: "asc" } },
      configs: { orderBy: { position: "asc" }, select: configSelect },
    },
  },
} satisfies Prisma.EnvironmentSelect;

const resultSelect = {
  runId: true,
  configId: true,
  passed: true,
  steps: true,
  seconds: true,
  peakMemory: true,
  failureKind: true,
  message: true,
  findings: true,
  createdAt: true,
} satisfies Prisma.VerificationResultSelect;

type ResultRow = Prisma.VerificationResultGetPayload<{ select: typeof resultSelect }>;
export type ConfigResultSummary = Omit<ResultRow, "peakMemory"> & { peakMemory: number | null };

const plainResult = (r: ResultRow): ConfigResultSummary => ({ ...r, peakMemory: r.peakMemory === null ? null : Number(r.peakMemory) });

const runSelect = {
  id: true,
  revisionId: true,
  status: true,
  total: true,
  done: true,
  passed: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  bulkActionId: true,
  revision: { select: { number: true } },
  requestedBy: { select: { username: true } },
} satisfies Prisma.VerificationRunSelect;

/**
 * The environment page's data: header, current revision with tools and
 * configurations, each configuration's latest result (the row its lastRunId
 * names), the latest review decision and the run in progress, if any.
 */
export async function getEnvironmentDetail({ key, db = prisma() }: { key: string; db?: DbClient }) {
  const env = await db.environment.findUnique({ where: { key }, select: environmentDetailSelect });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  const configs = env.currentRevision?.configs ?? [];
  const pairs = configs.filter((c) => c.lastRunId !== null);
  const [results, decision, activeRun] = await Promise.all([
    pairs.length
      ? db.verificationResult.findMany({
          where: { OR: pairs.map((c) => ({ runId: c.lastRunId!, configId: c.id })) },
          select: resultSelect,
        })
      : Promise.resolve([]),
    db.reviewDecision.findFirst({
      where: { environmentId: env.id },
      orderBy: { id: "desc" },
      select: { decision: true, reasonCategory: true, reason: true, override: true, createdAt: true, revisionId: true, user: { select: { username: true } } },
    }),
    db.verificationRun.findFirst({
      where: { environmentId: env.id, status: { in: ["queued", "running"] } },
      orderBy: { id: "desc" },
      select: runSelect,
    }),
  ]);
  const byConfig = new Map(results.map((r) => [r.configId, plainResult(r)]));
  const { tags, _count, currentRevision, ...rest } = env;
  return {
    ...rest,
    tags: tags.map((t) => t.tag.name),
    revisionCount: _count.revisions,
    revision: currentRevision && {
      ...currentRevision,
      configs: currentRevision.configs.map((c) => ({ ...c, result: byConfig.get(c.id) ?? null })),
    },
    decision,
    activeRun,
  };
}

export type EnvironmentDetail = Awaited<ReturnType<typeof getEnvironmentDetail>>;
export type EnvironmentDetailConfig = NonNullable<EnvironmentDetail["revision"]>["configs"][number];
export type EnvironmentDetailTool = NonNullable<EnvironmentDetail["revision"]>["tools"][number];

export type RunSummary = Prisma.VerificationRunGetPayload<{ select: typeof runSelect }>;
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["queued", "running"];

/** Every verification run of every revision of the environment, newest first. */
export async function listEnvironmentRuns({ key, limit = 500, db = prisma() }: { key: string; limit?: number; db?: DbClient }): Promise<RunSummary[]> {
  const env = await db.environment.findUnique({ where: { key }, select: { id: true } });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  return db.verificationRun.findMany({ where: { environmentId: env.id }, orderBy: { id: "desc" }, take: limit, select: runSelect });
}

export interface TraceCall {
  tool: string;
  parameters: string;
  observation: string;
}

/**
 * The oracle's recorded calls on one configuration of the current revision: by
 * default from its latest run, or from `runId`. Also lists the runs that have a
 * result for it, so the replay can switch between them.
 */
export async function getConfigReplay({ key, position, runId, db = prisma() }: { key: string; position: number; runId?: number; db?: DbClient }) {
  const env = await db.environment.findUnique({ where: { key }, select: { id: true, currentRevisionId: true } });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  const config = env.currentRevisionId
    ? await db.taskConfig.findUnique({ where: { revisionId_position: { revisionId: env.currentRevisionId, position } }, select: configSelect })
    : null;
  if (!config) throw new NotFoundError(`${key} has no configuration ${position}`);
  const runs = await db.verificationResult.findMany({
    where: { configId: config.id },
    orderBy: { runId: "desc" },
    select: { runId: true, passed: true, failureKind: true, createdAt: true },
  });
  const wanted = runId ?? config.lastRunId ?? runs[0]?.runId;
  const row = wanted === undefined ? null : await db.verificationResult.findUnique({
    where: { runId_configId: { runId: wanted, configId: config.id } },
    select: { ...resultSelect, trace: true },
  });
  if (runId !== undefined && !row) throw new NotFoundError(`Run ${runId} has no result for configuration ${position}`);
  const trace = row?.trace as { calls: TraceCall[]; omitted: number } | null | undefined;
  return {
    config,
    runs,
    result: row ? { ...plainResult(row), trace: trace ?? null } : null,
  };
}

export type ConfigReplay = Awaited<ReturnType<typeof getConfigReplay>>;
