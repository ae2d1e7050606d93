import crypto from "node:crypto";
import { TRAINING_WINDOW } from "@/lib/environments/derived";
import { buildWhere } from "@/lib/filters/build-where";
import type { EnvironmentFilter } from "@/lib/filters/schema";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Split } from "./formats";
import type { ResolvedExportOptions } from "./options";

const sql = Prisma.sql;

/** CodeGym prefers hard configurations: a Best-of-4 pass rate of at most 25% where it is known. */
export const MAX_TRAINING_BO4 = 0.25;

// Everything that decides which rows an export holds, and in which order, is
// SQL here, so the preview, the counts and the export itself cannot disagree.
// Orders use COLLATE "C" (byte order) and hashes of keys and configuration
// strings, never ids, so two databases holding the same data export the same bytes.

/**
 * An environment's split: md5("<seed>:<key>") read as a 32-bit number, below
 * valFraction × 2^32 → validation. It depends on the seed and the key only, so
 * an environment keeps its side when the filter or the corpus changes (no
 * train/validation leakage between exports with the same seed).
 */
function splitSql(o: ResolvedExportOptions): Prisma.Sql {
  if (o.valFraction <= 0) return sql`'all'`;
  const threshold = Math.round(o.valFraction * 2 ** 32);
  return sql`CASE WHEN ('x' || substr(md5(${String(o.seed)} || ':' || e.key), 1, 8))::bit(32)::bigint < ${threshold}::bigint THEN 'val' ELSE 'train' END`;
}

/** The same rule in JavaScript, for tests and documentation. */
export function splitOf(key: string, o: Pick<ResolvedExportOptions, "seed" | "valFraction">): Split {
  if (o.valFraction <= 0) return "all";
  const n = parseInt(crypto.createHash("md5").update(`${o.seed}:${key}`).digest("hex").slice(0, 8), 16);
  return n < Math.round(o.valFraction * 2 ** 32) ? "val" : "train";
}

/** The selected environments, as CTE `sel`: the filter, approved only unless lifted, with a current revision. */
function selectedSql(filter: EnvironmentFilter, o: ResolvedExportOptions): Prisma.Sql {
  const review = o.includeUnapproved ? sql`TRUE` : sql`e."reviewState" = 'approved'`;
  return sql`sel AS (
    SELECT e.id, e.key, e."codeId", e."envName", e."currentRevisionId" AS rev, ${splitSql(o)} AS split
      FROM "Environment" e
     WHERE ${buildWhere(filter)} AND ${review} AND e."currentRevisionId" IS NOT NULL
  )`;
}

/** CodeGym's training split, per configuration, over alias `c`. */
function keepSql(o: ResolvedExportOptions): Prisma.Sql {
  if (!o.trainingFilter) return sql`TRUE`;
  return sql`(COALESCE(c."lastSteps", c."recordedSteps") BETWEEN ${TRAINING_WINDOW.minSteps} AND ${TRAINING_WINDOW.maxSteps}
              AND (c."bo4Score" IS NULL OR c."bo4Score" <= ${MAX_TRAINING_BO4}))`;
}

function envOrderSql(o: ResolvedExportOptions): Prisma.Sql {
  return o.shuffle ? sql`md5(${String(o.seed)} || ':' || s.key), s.key COLLATE "C"` : sql`s.key COLLATE "C"`;
}

function rowOrderSql(o: ResolvedExportOptions): Prisma.Sql {
  return o.shuffle
    ? sql`md5(${String(o.seed)} || ':' || s.key || ':' || c."configString"), s.key COLLATE "C", c.position`
    : sql`s.key COLLATE "C", c.position`;
}

/** A configuration's own values in a training row; texts as the UTF-8 bytes the database sent. */
export interface ConfigFields {
  configString: Buffer;
  index: Buffer;
  steps: number | null;
  bo4: number | null;
  bo8: number | null;
  /** The configuration's other extra_info keys as JSON object text, or null when it has none. */
  extra: Buffer | null;
  /** For JSONL: the options text and the index as JSON string literals (quotes included), escaped by the database. */
  json: { options: Buffer; index: Buffer } | null;
}

/**
 * What the rows are read for. JSONL also reads the texts it writes as JSON
 * string literals, escaped by PostgreSQL's to_json, whose escapes are
 * JSON.stringify's (\" \\ \b \f \n \r \t, \u00xx in lowercase hex for the
 * other control characters; valid UTF-8 has no lone surrogates), in C on the
 * database's core rather than byte by byte in JavaScript on the writer's.
 */
export type RowMode = "fields" | "jsonl";

/**
 * The columns of one narrow row per exported configuration, read by binary
 * COPY (see CONFIG in training-row-batch.ts for their order); the wide texts
 * of its revision come from orderedRevisionTextsSql (unshuffled) or with the
 * row (shuffledTrainingRowsSql). A
 * configuration without an imported index gets `<code_id>__<EnvName>#<the
 * first 16 hex digits of the sha256 of its configuration string>`
 * (TaskConfig.configSha256): derivable from the row's own ability, the same in
 * every export and every revision that keeps the configuration, and never
 * shared by two configurations of an environment.
 */
function configColumns(mode: RowMode): Prisma.Sql {
  const index = sql`COALESCE(c."trainingIndex", s.key || '#' || left(c."configSha256", 16))`;
  // optionsText(): everything after the first '@' (all of it when there is none: strpos is then 0).
  const json =
    mode === "jsonl"
      ? sql`to_json(substr(c."configString", strpos(c."configString", '@') + 1))::text AS "optionsJson", to_json(${index})::text AS "indexJson"`
      : sql`NULL::text AS "optionsJson", NULL::text AS "indexJson"`;
  return sql`c."revisionId"::int4 AS rev, c."configString"::text, ${index}::text AS index,
             COALESCE(c."lastSteps", c."recordedSteps")::int4 AS steps, c."bo4Score"::float8 AS bo4, c."bo8Score"::float8 AS bo8,
             CASE WHEN c."extraInfo" = '{}'::jsonb OR jsonb_typeof(c."extraInfo") <> 'object' THEN NULL ELSE c."extraInfo"::text END AS extra,
             ${json}`;
}

/** Every row in one sorted query: the shuffled order is a sort over all rows, so it is done once, in the database. */
export function trainingRowsSql(filter: EnvironmentFilter, o: ResolvedExportOptions, mode: RowMode): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT ${configColumns(mode)}
      FROM sel s JOIN "TaskConfig" c ON c."revisionId" = s.rev
     WHERE ${keepSql(o)}
     ORDER BY ${rowOrderSql(o)}`;
}

export interface TrainingCount {
  split: Split;
  environments: number;
  configurations: number;
  rows: number;
  rowEnvironments: number;
}

/** Per split: environments selected, their configurations, and the rows (and their environments) kept. */
export function trainingCountsSql(filter: EnvironmentFilter, o: ResolvedExportOptions): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT s.split, count(DISTINCT s.id)::int AS environments, count(c.id)::int AS configurations,
           count(c.id) FILTER (WHERE ${keepSql(o)})::int AS rows,
           count(DISTINCT s.id) FILTER (WHERE ${keepSql(o)})::int AS "rowEnvironments"
      FROM sel s LEFT JOIN "TaskConfig" c ON c."revisionId" = s.rev
     GROUP BY s.split ORDER BY s.split`;
}

export interface ExtraKey {
  key: string;
  types: string[];
  integral: boolean;
}

/** The extra_info keys (beyond CodeGym's four) of the rows to export, and their JSON types: the Parquet schema needs them up front. */
export function extraKeysSql(filter: EnvironmentFilter, o: ResolvedExportOptions): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT k.key, array_agg(DISTINCT jsonb_typeof(k.value)) AS types,
           bool_and(jsonb_typeof(k.value) <> 'number' OR k.value::text ~ '^-?[0-9]+$') AS integral
      FROM sel s JOIN "TaskConfig" c ON c."revisionId" = s.rev
      CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(c."extraInfo") = 'object' THEN c."extraInfo" ELSE '{}'::jsonb END) k
     WHERE ${keepSql(o)}
     GROUP BY k.key ORDER BY k.key COLLATE "C"`;
}

/** A revision's prompt texts: raw, or for JSONL as JSON string literals (see RowMode). */
function promptTextColumns(mode: RowMode): Prisma.Sql {
  return mode === "jsonl"
    ? sql`to_json(r."docsBlock")::text, to_json(r."taskDescription")::text`
    : sql`r."docsBlock"::text, r."taskDescription"::text`;
}

/**
 * Revisions (the current ones of exported environments) with their
 * environment and texts, read by binary COPY (see REVISION_FIELDS in
 * training-batches.ts): every selected environment that has a row, in the
 * unshuffled export's order.
 */
export function orderedRevisionTextsSql(filter: EnvironmentFilter, o: ResolvedExportOptions, mode: RowMode): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT r.id::int4, s.id::int4, s.key::text, s."codeId"::text, s."envName"::text, s.split::text, ${promptTextColumns(mode)}
      FROM sel s JOIN "Revision" r ON r.id = s.rev
     WHERE EXISTS (SELECT 1 FROM "TaskConfig" c WHERE c."revisionId" = s.rev AND ${keepSql(o)})
     ORDER BY ${envOrderSql(o)}`;
}

export interface EnvRef {
  envId: number;
  key: string;
  codeId: string;
  envName: string;
  rev: number;
  split: Split;
}

/** One narrow row per selected environment, in export order (records and sources). */
export function environmentsSql(filter: EnvironmentFilter, o: ResolvedExportOptions): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT s.id AS "envId", s.key, s."codeId", s."envName", s.rev, s.split FROM sel s ORDER BY ${envOrderSql(o)}`;
}

/**
 * The exported environments' (key, revision), by key or by revision id: the
 * manifest's lists. With `withRows`, only environments with at least one
 * kept configuration (the training formats).
 */
export function exportedRevisionsSql(filter: EnvironmentFilter, o: ResolvedExportOptions, withRows: boolean, order: "key" | "rev"): Prisma.Sql {
  const exported = withRows ? sql`EXISTS (SELECT 1 FROM "TaskConfig" c WHERE c."revisionId" = s.rev AND ${keepSql(o)})` : sql`TRUE`;
  return sql`WITH ${selectedSql(filter, o)}
    SELECT s.key, s.rev::int4 FROM sel s WHERE ${exported} ORDER BY ${order === "key" ? sql`s.key COLLATE "C"` : sql`s.rev`}`;
}

export interface EnvironmentCount {
  split: Split;
  environments: number;
  configurations: number;
}

export function environmentCountsSql(filter: EnvironmentFilter, o: ResolvedExportOptions): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT s.split, count(DISTINCT s.id)::int AS environments, count(c.id)::int AS configurations
      FROM sel s LEFT JOIN "TaskConfig" c ON c."revisionId" = s.rev
     GROUP BY s.split ORDER BY s.split`;
}

export interface RecordRevision {
  id: number;
  sourceCode: string;
  taskDescription: string;
  docsBlock: string;
}

export function recordRevisionsSql(ids: number[]): Prisma.Sql {
  return sql`SELECT id, "sourceCode", "taskDescription", "docsBlock" FROM "Revision" WHERE id = ANY(${ids}::int[])`;
}

export function sourcesSql(ids: number[]): Prisma.Sql {
  return sql`SELECT id, "sourceCode" FROM "Revision" WHERE id = ANY(${ids}::int[])`;
}

export interface UnitTestRow {
  rev: number;
  configString: string;
  /** The reference answer as JSON text (exact, even for integers past 2^53), or null. */
  refAnswer: string | null;
  steps: number | null;
  time: number | null;
  mem: number | null;
}

/**
 * The unit tests of a batch of revisions with OUR latest results where there
 * are any: steps from the latest verification (else as imported), time in
 * seconds and mem in MiB (2^20 bytes, CodeGym's unit) from the latest result,
 * rounded to 4 decimals as CodeGym's files are; else the imported figures.
 */
export function unitTestsSql(ids: number[]): Prisma.Sql {
  return sql`
    SELECT c."revisionId" AS rev, c."configString", c."refAnswer"::text AS "refAnswer",
           COALESCE(c."lastSteps", c."recordedSteps") AS steps,
           COALESCE(round(vr.seconds::numeric, 4)::float8, c."recordedTime") AS time,
           COALESCE(round(vr."peakMemory"::numeric / 1048576, 4)::float8, c."recordedMem") AS mem
      FROM "TaskConfig" c
      LEFT JOIN "VerificationResult" vr ON vr."runId" = c."lastRunId" AND vr."configId" = c.id
     WHERE c."revisionId" = ANY(${ids}::int[])
     ORDER BY c."revisionId", c.position`;
}

/**
 * The shuffled export's rows each with its revision's columns (those of
 * orderedRevisionTextsSql after the row's own): the narrow rows are sorted, and only
 * then is each joined to its revision, in that order, so the sort never moves
 * the wide texts and a row arrives complete, with nothing to look up or hold.
 */
export function shuffledTrainingRowsSql(filter: EnvironmentFilter, o: ResolvedExportOptions, mode: RowMode): Prisma.Sql {
  return sql`WITH ${selectedSql(filter, o)}
    SELECT t.rev, t."configString", t.index, t.steps, t.bo4, t.bo8, t.extra, t."optionsJson", t."indexJson",
           t.rev, t."envId", t.key, t."codeId", t."envName", t.split, p.docs, p.task
      FROM (SELECT ${configColumns(mode)}, s.id::int4 AS "envId", s.key::text, s."codeId"::text, s."envName"::text, s.split::text,
                   md5(${String(o.seed)} || ':' || s.key || ':' || c."configString") AS h1, s.key AS h2, c.position AS h3
              FROM sel s JOIN "TaskConfig" c ON c."revisionId" = s.rev
             WHERE ${keepSql(o)}
             ORDER BY ${rowOrderSql(o)}) t
      CROSS JOIN LATERAL (SELECT ${promptTextColumns(mode)} FROM "Revision" r WHERE r.id = t.rev OFFSET 0) p(docs, task)
     ORDER BY t.h1, t.h2 COLLATE "C", t.h3`;
}
