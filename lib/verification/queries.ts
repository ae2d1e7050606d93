import { prisma, type DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { countLiveWorkers } from "./liveness";
import type { RunListQuery, RunQuery } from "./schema";

export const runSelect = {
  id: true,
  environmentId: true,
  revisionId: true,
  status: true,
  total: true,
  done: true,
  passed: true,
  workerId: true,
  attempts: true,
  error: true,
  limits: true,
  bulkActionId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  environment: { select: { key: true, currentRevisionId: true } },
  revision: { select: { number: true } },
  requestedBy: { select: { username: true } },
} satisfies Prisma.VerificationRunSelect;

type RunRow = Prisma.VerificationRunGetPayload<{ select: typeof runSelect }>;

function plainRun(r: RunRow) {
  const { environment, revision, requestedBy, ...rest } = r;
  return {
    ...rest,
    key: environment.key,
    revisionNumber: revision.number,
    /** Whether this run's revision is still the environment's current one (only then did it set the environment's status). */
    currentRevision: environment.currentRevisionId === r.revisionId,
    requestedBy: requestedBy?.username ?? null,
    verified: r.status === "succeeded" && r.total > 0 && r.passed === r.total,
  };
}

export type RunView = ReturnType<typeof plainRun>;

const resultSelect = {
  configId: true,
  passed: true,
  steps: true,
  seconds: true,
  peakMemory: true,
  failureKind: true,
  message: true,
  findings: true,
  createdAt: true,
  config: { select: { position: true, configString: true, recordedSteps: true } },
} satisfies Prisma.VerificationResultSelect;

/** A run's progress and, unless left out, its per-configuration results in configuration order (traces come with the replay). */
export async function getRun({ id, results = "all", db = prisma() }: { id: number; results?: RunQuery["results"]; db?: DbClient }) {
  const run = await db.verificationRun.findUnique({ where: { id }, select: runSelect });
  if (!run) throw new NotFoundError(`No verification run ${id}`, [{ field: "id", message: `no run ${id}` }]);
  const rows =
    results === "none"
      ? []
      : await db.verificationResult.findMany({
          where: { runId: id, ...(results === "failed" ? { passed: false } : {}) },
          select: resultSelect,
          orderBy: { config: { position: "asc" } },
        });
  return {
    run: plainRun(run),
    results: rows.map(({ config, peakMemory, ...r }) => ({
      ...r,
      position: config.position,
      configString: config.configString,
      recordedSteps: config.recordedSteps,
      peakMemory: peakMemory === null ? null : Number(peakMemory),
    })),
  };
}

export type RunDetail = Awaited<ReturnType<typeof getRun>>;

/** Runs newest first: an environment's history (every revision), a bulk action's, or everyone's; keyset-paged by id. */
export async function listRuns({ query, db = prisma() }: { query: RunListQuery; db?: DbClient }) {
  let environmentId: number | undefined;
  if (query.environment !== undefined) {
    const env = await db.environment.findUnique({ where: { key: query.environment }, select: { id: true } });
    if (!env) throw new NotFoundError(`No environment ${query.environment}`, [{ field: "environment", message: `no environment ${query.environment}` }]);
    environmentId = env.id;
  }
  const rows = await db.verificationRun.findMany({
    where: {
      ...(environmentId !== undefined ? { environmentId } : {}),
      ...(query.status?.length ? { status: { in: query.status } } : {}),
      ...(query.bulk !== undefined ? { bulkActionId: query.bulk } : {}),
      ...(query.before !== undefined ? { id: { lt: query.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
    select: runSelect,
  });
  const page = rows.slice(0, query.limit);
  return { runs: page.map(plainRun), nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

/** What the verification service is doing: live workers (any machine) and runs waiting or in progress. */
export async function getVerificationStatus({ db = prisma() }: { db?: DbClient } = {}) {
  const [workers, counts] = await Promise.all([
    countLiveWorkers(db),
    db.verificationRun.groupBy({ by: ["status"], where: { status: { in: ["queued", "running"] } }, _count: { _all: true } }),
  ]);
  const of = (s: string) => counts.find((c) => c.status === s)?._count._all ?? 0;
  return { workers, queued: of("queued"), running: of("running") };
}

export interface RunsSummary {
  runs: number;
  finished: number;
  environments: { verified: number; failed: number; error: number; cancelled: number };
  configurations: { total: number; done: number; passed: number; failed: number; failedByKind: Record<string, number> };
}

/** Progress and verdicts of a set of runs, for the CLI's bar and summary. */
export async function summarizeRuns({ db, runIds }: { db: DbClient; runIds: number[] }): Promise<RunsSummary> {
  const [rows] = await db.$queryRaw<
    { runs: number; finished: number; verified: number; failed: number; error: number; cancelled: number; total: number; done: number; passed: number }[]
  >`
    SELECT count(*)::int AS runs,
           count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'cancelled'))::int AS finished,
           count(*) FILTER (WHERE status = 'succeeded' AND total > 0 AND passed = total)::int AS verified,
           count(*) FILTER (WHERE status = 'succeeded' AND NOT (total > 0 AND passed = total))::int AS failed,
           count(*) FILTER (WHERE status = 'failed')::int AS error,
           count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
           COALESCE(sum(total), 0)::int AS total, COALESCE(sum(done), 0)::int AS done, COALESCE(sum(passed), 0)::int AS passed
      FROM "VerificationRun" WHERE id = ANY(${runIds}::int[])`;
  const kinds = await db.$queryRaw<{ kind: string; n: number }[]>`
    SELECT "failureKind"::text AS kind, count(*)::int AS n FROM "VerificationResult"
     WHERE "runId" = ANY(${runIds}::int[]) AND NOT passed GROUP BY 1 ORDER BY 2 DESC`;
  const r = rows ?? { runs: 0, finished: 0, verified: 0, failed: 0, error: 0, cancelled: 0, total: 0, done: 0, passed: 0 };
  return {
    runs: r.runs,
    finished: r.finished,
    environments: { verified: r.verified, failed: r.failed, error: r.error, cancelled: r.cancelled },
    configurations: {
      total: r.total,
      done: r.done,
      passed: r.passed,
      failed: r.done - r.passed,
      failedByKind: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
    },
  };
}
