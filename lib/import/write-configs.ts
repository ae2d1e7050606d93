import { canonicalOptions, configHash } from "@/lib/codegym/config-string";
import { copyRows, json, type Sql } from "@/lib/db/raw-pg";
import type { IncomingConfig } from "./contributions";

/** A configuration's recorded fields, as imports bring them (see RECORDED_FIELDS). */
interface RecordedValues {
  refAnswer: unknown;
  recordedSteps: number | null;
  recordedTime: number | null;
  recordedMem: number | null;
  bo4Score: number | null;
  bo8Score: number | null;
  trainingIndex: string | null;
  dataSource: string | null;
  extraInfo: Record<string, unknown>;
}

/** What merging incoming configurations into a revision needs of a stored one. */
export interface StoredMatch extends RecordedValues {
  id: number;
  revisionId: number;
  position: number;
  canonical: string;
}

/** A stored configuration in full, to carry into a new revision. */
export interface StoredConfig extends StoredMatch {
  configString: string;
  options: Record<string, unknown>;
}

/** The recorded fields an import may fill in or correct; verification results are never imported. */
const RECORDED_FIELDS = [
  "refAnswer",
  "recordedSteps",
  "recordedTime",
  "recordedMem",
  "bo4Score",
  "bo8Score",
  "trainingIndex",
  "dataSource",
  "extraInfo",
] as const;
type RecordedField = (typeof RECORDED_FIELDS)[number] & keyof RecordedValues;
export const RECORDED_COLUMNS = RECORDED_FIELDS.map((f) => `"${f}"`).join(", ");

export type ConfigUpdate = { id: number; revisionId: number } & Partial<Record<RecordedField, unknown>>;

export async function loadCurrentConfigs(db: Sql, revisionIds: number[]): Promise<Map<number, StoredConfig[]>> {
  const byRevision = new Map<number, StoredConfig[]>();
  if (revisionIds.length === 0) return byRevision;
  const { rows } = await db.query<Omit<StoredConfig, "canonical">>(
    `SELECT id, "revisionId", position, "configString", options, ${RECORDED_COLUMNS}
       FROM "TaskConfig" WHERE "revisionId" = ANY($1::int[]) ORDER BY "revisionId", position`,
    [revisionIds],
  );
  for (const row of rows) {
    const stored: StoredConfig = { ...row, canonical: canonicalOptions(row.options) };
    const list = byRevision.get(row.revisionId) ?? [];
    list.push(stored);
    byRevision.set(row.revisionId, list);
  }
  return byRevision;
}

export interface ConfigRow extends RecordedValues {
  revisionId: number;
  position: number;
  configString: string;
  configSha256: string;
  options: Record<string, unknown>;
}

const CONFIG_COLUMNS = ["revisionId", "position", "configString", "configSha256", "options", ...RECORDED_FIELDS] as const;

/** Inserts configuration rows with one COPY. */
export async function insertConfigs(db: Sql, rows: ConfigRow[]): Promise<void> {
  if (rows.length === 0) return;
  await copyRows(
    db,
    "TaskConfig",
    [...CONFIG_COLUMNS],
    rows.map((r) => [
      r.revisionId,
      r.position,
      r.configString,
      r.configSha256,
      json(r.options),
      json(r.refAnswer),
      r.recordedSteps,
      r.recordedTime,
      r.recordedMem,
      r.bo4Score,
      r.bo8Score,
      r.trainingIndex,
      r.dataSource,
      json(r.extraInfo),
    ]),
  );
}

/** Rows of a new revision: the previous revision's configurations (updated by what came in), then the new ones. */
export function carryForward(revisionId: number, carried: StoredConfig[], incoming: IncomingConfig[]): ConfigRow[] {
  const byCanonical = new Map(incoming.map((c) => [c.canonical, c]));
  const kept = carried.map((s) => toRow(revisionId, s.position, { ...s, ...definedFields(byCanonical.get(s.canonical)) } as StoredConfig));
  return [...kept, ...appendedConfigs(revisionId, carried, incoming)];
}

/** Incoming configurations the revision does not have yet, numbered after its last one. */
export function appendedConfigs(revisionId: number, stored: StoredMatch[], incoming: IncomingConfig[]): ConfigRow[] {
  const known = new Set(stored.map((s) => s.canonical));
  let next = stored.reduce((max, s) => Math.max(max, s.position + 1), 0);
  const rows: ConfigRow[] = [];
  for (const c of incoming) {
    if (known.has(c.canonical)) continue;
    known.add(c.canonical);
    rows.push(toRow(revisionId, next++, c));
  }
  return rows;
}

/** Recorded fields that an input gives and that differ from what is stored. */
export function configUpdates(stored: StoredMatch[], incoming: IncomingConfig[]): ConfigUpdate[] {
  const byCanonical = new Map(incoming.map((c) => [c.canonical, c]));
  const updates: ConfigUpdate[] = [];
  for (const s of stored) {
    const given = definedFields(byCanonical.get(s.canonical));
    const changed = RECORDED_FIELDS.filter((f) => f in given && !sameValue(given[f], s[f]));
    if (changed.length) updates.push({ id: s.id, revisionId: s.revisionId, ...Object.fromEntries(changed.map((f) => [f, given[f]])) });
  }
  return updates;
}

export async function updateConfigs(db: Sql, updates: ConfigUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  // One statement for the whole batch; a key absent from a row's JSON keeps the stored value.
  await db.query(`
    UPDATE "TaskConfig" c SET
      "refAnswer"     = CASE WHEN v.j ? 'refAnswer' THEN v.j->'refAnswer' ELSE c."refAnswer" END,
      "recordedSteps" = CASE WHEN v.j ? 'recordedSteps' THEN (v.j->>'recordedSteps')::int ELSE c."recordedSteps" END,
      "recordedTime"  = CASE WHEN v.j ? 'recordedTime' THEN (v.j->>'recordedTime')::float8 ELSE c."recordedTime" END,
      "recordedMem"   = CASE WHEN v.j ? 'recordedMem' THEN (v.j->>'recordedMem')::float8 ELSE c."recordedMem" END,
      "bo4Score"      = CASE WHEN v.j ? 'bo4Score' THEN (v.j->>'bo4Score')::float8 ELSE c."bo4Score" END,
      "bo8Score"      = CASE WHEN v.j ? 'bo8Score' THEN (v.j->>'bo8Score')::float8 ELSE c."bo8Score" END,
      "trainingIndex" = CASE WHEN v.j ? 'trainingIndex' THEN v.j->>'trainingIndex' ELSE c."trainingIndex" END,
      "dataSource"    = CASE WHEN v.j ? 'dataSource' THEN v.j->>'dataSource' ELSE c."dataSource" END,
      "extraInfo"     = CASE WHEN v.j ? 'extraInfo' THEN v.j->'extraInfo' ELSE c."extraInfo" END
    FROM (SELECT (j->>'id')::int AS id, j FROM jsonb_array_elements($1::jsonb) AS j) v
    WHERE c.id = v.id`,
    [JSON.stringify(updates)],
  );
}

function toRow(revisionId: number, position: number, c: IncomingConfig | StoredConfig): ConfigRow {
  return {
    revisionId,
    position,
    configString: c.configString,
    configSha256: configHash(c.configString),
    options: c.options,
    refAnswer: c.refAnswer ?? null,
    recordedSteps: c.recordedSteps ?? null,
    recordedTime: c.recordedTime ?? null,
    recordedMem: c.recordedMem ?? null,
    bo4Score: c.bo4Score ?? null,
    bo8Score: c.bo8Score ?? null,
    trainingIndex: c.trainingIndex ?? null,
    dataSource: c.dataSource ?? null,
    extraInfo: c.extraInfo ?? {},
  };
}

/** The recorded fields an input actually carries (absent and null mean "not given"). */
export function definedFields(c: IncomingConfig | undefined): Partial<Record<RecordedField, unknown>> {
  if (!c) return {};
  const out: Partial<Record<RecordedField, unknown>> = {};
  for (const f of RECORDED_FIELDS) {
    const v = c[f];
    if (v === undefined || v === null) continue;
    if (f === "extraInfo" && Object.keys(v as object).length === 0) continue;
    out[f] = v;
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  // Most recorded fields are numbers and strings: compare those without serialising.
  if (typeof a !== "object" && typeof b !== "object") return a === b;
  return canonicalOptions(a) === canonicalOptions(b);
}

export function countBy<T>(items: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
