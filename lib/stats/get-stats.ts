import "server-only";
import { prisma, type DbClient } from "@/lib/db/client";
import { buildWhere } from "@/lib/filters/build-where";
import { ENV_STATUSES, FAILURE_KINDS, type EnvironmentFilter } from "@/lib/filters/schema";
import { DIFFICULTY_BINS, difficultyBin, logBin, type Bin, type Distribution } from "./bins";

// The /stats page's aggregates, all computed in PostgreSQL over the environments
// the filter selects (and their current revisions' configurations and tools):
// only bins and counts travel to Node, never rows.

export const OUTCOMES = ["passed", ...FAILURE_KINDS, "unverified"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type EnvStatusName = (typeof ENV_STATUSES)[number];
export const TOP_TOOL_NAMES = 20;

export interface Stats {
  environments: number;
  /** Configurations of the current revisions. */
  configurations: number;
  tools: Distribution;
  configs: Distribution;
  /** Oracle steps per configuration: its latest verified count, else the one its files recorded. */
  steps: Distribution;
  /** Per environment: the mean Best-of-4 score of its configurations. */
  difficulty: Distribution;
  /**
   * Configurations by latest outcome. `environments`: for a failure kind, environments with
   * such a configuration (filter failure=<kind>); for "passed", environments whose every
   * configuration passed (status=verified); for "unverified", never verified ones (status=unverified).
   */
  outcomes: { outcome: Outcome; configurations: number; environments: number }[];
  subsets: { subset: string; total: number; byStatus: Record<EnvStatusName, number> }[];
  /** A revision's tool names are func_mapping's keys, so each counts an environment once. */
  toolNames: { names: { name: string; environments: number }[]; distinct: number };
}

interface Summary {
  mean: number | null;
  median: number | null;
  n: number;
  missing: number;
}

type Counted = { v: number; n: number };

export async function getStats({ filter, db = prisma() }: { filter: EnvironmentFilter; db?: DbClient }): Promise<Stats> {
  const where = buildWhere(filter);
  const [envRows, configGroups, stepSummary, toolRows] = await Promise.all([
    db.$queryRaw<EnvAggregates[]>`
      WITH f AS MATERIALIZED (
        SELECT e."toolCount" AS tools, e."configCount" AS configs, e."failureKinds",
               e.difficulty, e.subset, e.status::text AS status
          FROM "Environment" e WHERE ${where}
      )
      SELECT (SELECT count(*)::int FROM f) AS environments,
             (SELECT COALESCE(sum(configs), 0)::int FROM f) AS configurations,
             (SELECT json_build_object('mean', avg(tools)::float8, 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY tools), 'n', count(*), 'missing', 0) FROM f) AS tools_summary,
             (SELECT COALESCE(json_agg(json_build_object('v', v, 'n', n) ORDER BY v), '[]') FROM (SELECT tools AS v, count(*)::int AS n FROM f GROUP BY 1) b) AS tools_bins,
             (SELECT json_build_object('mean', avg(configs)::float8, 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY configs), 'n', count(*), 'missing', 0) FROM f) AS configs_summary,
             (SELECT COALESCE(json_agg(json_build_object('v', v, 'n', n) ORDER BY v), '[]') FROM (SELECT configs AS v, count(*)::int AS n FROM f GROUP BY 1) b) AS configs_bins,
             (SELECT json_build_object('mean', avg(difficulty), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY difficulty), 'n', count(difficulty), 'missing', count(*) - count(difficulty)) FROM f) AS difficulty_summary,
             (SELECT COALESCE(json_agg(json_build_object('v', v, 'n', n) ORDER BY v), '[]') FROM (
                SELECT LEAST(floor(difficulty * ${DIFFICULTY_BINS} + 1e-9)::int, ${DIFFICULTY_BINS - 1}) AS v, count(*)::int AS n
                  FROM f WHERE difficulty IS NOT NULL GROUP BY 1) b) AS difficulty_bins,
             (SELECT json_build_object('passed', count(*) FILTER (WHERE status = 'verified'), 'unverified', count(*) FILTER (WHERE status = 'unverified')) FROM f) AS outcome_envs,
             (SELECT COALESCE(json_object_agg(k, n), '{}') FROM (SELECT k::text AS k, count(*)::int AS n FROM f, unnest(f."failureKinds") k GROUP BY 1) k) AS kind_envs,
             (SELECT COALESCE(json_agg(json_build_object('subset', subset, 'status', status, 'n', n) ORDER BY subset, status), '[]') FROM (
                SELECT subset, status, count(*)::int AS n FROM f GROUP BY 1, 2) s) AS subsets`,
    // Configurations: one pass groups them by step bin and by outcome at once (GROUPING SETS);
    // a second, in parallel, takes mean and median. Per-environment counts per outcome would
    // need a distinct count over every configuration, so they come from the environments' own
    // columns instead (failureKinds, status), which are also what the list filters on.
    db.$queryRaw<{ g: number; v: number | null; o: string | null; n: number }[]>`
      SELECT GROUPING(v)::int AS g, v, o, count(*)::int AS n
        FROM (SELECT CASE WHEN s IS NULL THEN NULL WHEN s < 1 THEN -1 ELSE floor(ln(s::float8) / ln(2) + 1e-9)::int END AS v, o
                FROM (SELECT COALESCE(c."lastSteps", c."recordedSteps") AS s,
                             CASE WHEN c."lastPassed" IS NULL THEN 'unverified' WHEN c."lastPassed" THEN 'passed'
                                  ELSE c."lastFailureKind"::text END AS o
                        FROM "Environment" e JOIN "TaskConfig" c ON c."revisionId" = e."currentRevisionId"
                       WHERE ${where}) x) y
       GROUP BY GROUPING SETS ((v), (o))`,
    db.$queryRaw<Summary[]>`
      SELECT avg(s)::float8 AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median, count(s)::int AS n, (count(*) - count(s))::int AS missing
        FROM (SELECT COALESCE(c."lastSteps", c."recordedSteps") AS s
                FROM "Environment" e JOIN "TaskConfig" c ON c."revisionId" = e."currentRevisionId"
               WHERE ${where}) x`,
    db.$queryRaw<{ name: string; n: number; distinct: number }[]>`
      SELECT t.name, count(*)::int AS n, (count(*) OVER ())::int AS distinct
        FROM "Environment" e JOIN "Tool" t ON t."revisionId" = e."currentRevisionId"
       WHERE ${where}
       GROUP BY t.name
       ORDER BY n DESC, t.name
       LIMIT ${TOP_TOOL_NAMES}`,
  ]);
  const env = envRows[0]!;
  const stepRows = configGroups.filter((r) => r.g === 0 && r.v !== null).map((r) => ({ v: r.v!, n: r.n })).sort((a, b) => a.v - b.v);
  const outcomeConfigs = new Map(configGroups.filter((r) => r.g === 1).map((r) => [r.o, r.n]));
  const outcomeEnvs = (o: Outcome) => (o === "passed" || o === "unverified" ? env.outcome_envs[o] : (env.kind_envs[o] ?? 0));
  return {
    environments: env.environments,
    configurations: env.configurations,
    tools: distribution(env.tools_summary, countBins(env.tools_bins)),
    configs: distribution(env.configs_summary, countBins(env.configs_bins)),
    steps: distribution(stepSummary[0]!, stepBins(stepRows)),
    difficulty: distribution(env.difficulty_summary, difficultyBins(env.difficulty_bins)),
    outcomes: OUTCOMES.map((outcome) => ({ outcome, configurations: outcomeConfigs.get(outcome) ?? 0, environments: outcomeEnvs(outcome) })),
    subsets: subsetRows(env.subsets),
    toolNames: { names: toolRows.map((r) => ({ name: r.name, environments: r.n })), distinct: toolRows[0]?.distinct ?? 0 },
  };
}

interface EnvAggregates {
  environments: number;
  configurations: number;
  tools_summary: Summary;
  tools_bins: Counted[];
  configs_summary: Summary;
  configs_bins: Counted[];
  difficulty_summary: Summary;
  difficulty_bins: Counted[];
  subsets: { subset: string; status: EnvStatusName; n: number }[];
  outcome_envs: { passed: number; unverified: number };
  kind_envs: Partial<Record<Outcome, number>>;
}

function distribution(s: Summary, bins: Bin[]): Distribution {
  return { bins, n: Number(s.n), missing: Number(s.missing), mean: s.mean === null ? null : Number(s.mean), median: s.median === null ? null : Number(s.median) };
}

/** One bin per integer from the smallest to the largest value, gaps included, so the axis is linear. */
function countBins(rows: Counted[]): Bin[] {
  if (!rows.length) return [];
  const byValue = new Map(rows.map((r) => [r.v, r.n]));
  const bins: Bin[] = [];
  for (let v = rows[0]!.v; v <= rows.at(-1)!.v; v++) bins.push({ label: String(v), lo: v, hi: v, count: byValue.get(v) ?? 0 });
  return bins;
}

function stepBins(rows: Counted[]): Bin[] {
  if (!rows.length) return [];
  const byExponent = new Map(rows.map((r) => [r.v, r.n]));
  const bins: Bin[] = [];
  // From the 0-step bin (-1) only when there are such steps; otherwise from [1, 2), or the first used bin.
  for (let k = Math.min(rows[0]!.v, 0); k <= rows.at(-1)!.v; k++) {
    const hit = byExponent.get(k);
    if (k < 0 && !hit) continue;
    bins.push({ ...logBin(k), count: hit ?? 0 });
  }
  return bins;
}

function difficultyBins(rows: Counted[]): Bin[] {
  if (!rows.length) return [];
  const byIndex = new Map(rows.map((r) => [r.v, r.n]));
  return Array.from({ length: DIFFICULTY_BINS }, (_, i) => ({ ...difficultyBin(i), count: byIndex.get(i) ?? 0 }));
}

function subsetRows(rows: EnvAggregates["subsets"]): Stats["subsets"] {
  const out = new Map<string, Stats["subsets"][number]>();
  for (const r of rows) {
    const entry = out.get(r.subset) ?? { subset: r.subset, total: 0, byStatus: Object.fromEntries(ENV_STATUSES.map((s) => [s, 0])) as Record<EnvStatusName, number> };
    entry.byStatus[r.status] += r.n;
    entry.total += r.n;
    out.set(r.subset, entry);
  }
  return [...out.values()];
}
