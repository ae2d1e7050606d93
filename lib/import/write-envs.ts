import crypto from "node:crypto";
import { subsetOf } from "@/lib/codegym/identity";
import { allocateIds, copyRows, json, run, type Queryable, type Sql } from "@/lib/db/raw-pg";
import { refreshDerivedSql } from "@/lib/environments/derived";
import type { ParsedSource, ParseFinding } from "@/lib/tools/parsed-source-schema";
import type { EnvContribution } from "./contributions";
import { revisionFindings } from "./findings";
import { loadMatchableConfigs } from "./match-configs";
import { appendedConfigs, carryForward, configUpdates, countBy, insertConfigs, loadCurrentConfigs, updateConfigs, type StoredConfig, type StoredMatch } from "./write-configs";

export type EnvOutcome = "new" | "changed" | "unchanged";

export interface EnvBatchResult {
  outcomes: Map<string, EnvOutcome>;
  revisionsCreated: number;
  configsAdded: number;
  configsUpdated: number;
  /** Training rows merged into stored environments (see TrainingAhead) that changed nothing. */
  configsUnchanged: number;
  /** Sources sent to the parser for this batch (new or changed code only). */
  sourcesParsed: number;
}

interface Existing {
  id: number;
  revisionId: number;
  number: number;
  sha: string;
  task: string;
}

type Parse = (source: string) => Promise<ParsedSource>;

/** A batch whose new and changed sources are being parsed while earlier batches are written. */
export interface PreparedEnvBatch {
  batch: EnvContribution[];
  shas: Map<EnvContribution, string>;
  parsed: Map<EnvContribution, ParsedSource>;
}

export function sha256(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * Looks up the stored source hashes of a batch and parses only the sources that
 * are new or differ from the stored revision, so unchanged code never reaches
 * Python. Runs outside the batch's transaction, ahead of it; writeEnvBatch
 * checks again inside and parses whatever changed in between.
 */
export async function prepareEnvBatch(db: Queryable, batch: EnvContribution[], parse: Parse): Promise<PreparedEnvBatch> {
  const shas = new Map(batch.map((c) => [c, sha256(c.source)]));
  const existing = await loadExisting(db, batch.map((c) => c.key));
  const parsed = new Map<EnvContribution, ParsedSource>();
  await Promise.all(
    batch.filter((c) => existing.get(c.key)?.sha !== shas.get(c)).map(async (c) => parsed.set(c, await parse(c.source))),
  );
  return { batch, shas, parsed };
}

/**
 * Merges whole environments (records, sources) into the database in one
 * transaction: new keys get an environment and revision 1; a changed source or
 * task text gets a new revision carrying the old configurations forward (a
 * revision whose code is unchanged takes its tools and docs from the one before,
 * unparsed); the same source only adds or updates configurations. Never
 * overwrites code. Rows go in with COPY and set-based statements.
 */
export async function writeEnvBatch(db: Sql, prepared: PreparedEnvBatch, parse: Parse): Promise<EnvBatchResult> {
  const { batch, shas, parsed } = prepared;
  const existing = await loadExisting(db, batch.map((c) => c.key));
  const result: EnvBatchResult = { outcomes: new Map(), revisionsCreated: 0, configsAdded: 0, configsUpdated: 0, configsUnchanged: 0, sourcesParsed: parsed.size };

  const fresh = batch.filter((c) => !existing.has(c.key));
  const revised = batch.filter((c) => {
    const e = existing.get(c.key);
    return e && (e.sha !== shas.get(c) || (c.task !== null && c.task !== e.task));
  });
  const revisedSet = new Set(revised);
  const same = batch.filter((c) => existing.has(c.key) && !revisedSet.has(c));

  const needsParse = [...fresh, ...revised].filter((c) => existing.get(c.key)?.sha !== shas.get(c));
  const late = needsParse.filter((c) => !parsed.has(c));
  await Promise.all(late.map(async (c) => parsed.set(c, await parse(c.source))));
  result.sourcesParsed += late.length;
  // Same code, new task text: the new revision reuses what the parser said about the old one.
  const inherits = revised.filter((c) => existing.get(c.key)!.sha === shas.get(c));
  const inherited = await loadParseProducts(db, inherits.map((c) => existing.get(c.key)!.revisionId));

  const envIds = await allocateIds(db, "Environment", fresh.length);
  await copyRows(
    db,
    "Environment",
    ["id", "key", "codeId", "envName", "subset", "updatedAt"],
    fresh.map((c, i) => [envIds[i], c.key, c.codeId, c.envName, subsetOf(c.codeId), new Date()]),
  );

  const storedConfigs = await loadCurrentConfigs(db, revised.map((c) => existing.get(c.key)!.revisionId));
  const revisions = [
    ...fresh.map((c, i) => ({ c, environmentId: envIds[i]!, number: 1, parentId: null as number | null, task: c.task ?? "", carried: [] as StoredConfig[] })),
    ...revised.map((c) => {
      const e = existing.get(c.key)!;
      return { c, environmentId: e.id, number: e.number + 1, parentId: e.revisionId, task: c.task ?? e.task, carried: storedConfigs.get(e.revisionId) ?? [] };
    }),
  ];
  const revisionIds = await allocateIds(db, "Revision", revisions.length);
  await copyRows(
    db,
    "Revision",
    ["id", "environmentId", "number", "parentId", "sourceCode", "sourceSha256", "taskDescription", "docsBlock", "className", "findings", "message"],
    revisions.map((r, i) => {
      const p = parsed.get(r.c);
      const products = p
        ? { docsBlock: p.docsBlock, className: p.className, findings: revisionFindings(r.c, p) }
        : inherited.get(r.parentId!)!;
      return [
        revisionIds[i],
        r.environmentId,
        r.number,
        r.parentId,
        r.c.source,
        shas.get(r.c),
        r.task,
        products.docsBlock,
        products.className,
        json(products.findings),
        r.number === 1 ? `imported from ${describeOrigin(r.c)}` : `source changed in ${describeOrigin(r.c)}`,
      ];
    }),
  );

  await copyRows(
    db,
    "Tool",
    ["revisionId", "position", "name", "actionCode", "description", "parameters", "returns", "exampleOutput", "signature", "lineStart", "lineEnd"],
    revisions.flatMap((r, i) =>
      (parsed.get(r.c)?.tools ?? []).map((t) => [
        revisionIds[i],
        t.position,
        t.name,
        json(t.actionCode),
        t.description,
        json(t.parameters),
        t.returns,
        t.exampleOutput,
        t.signature,
        t.lineStart,
        t.lineEnd,
      ]),
    ),
  );
  const inheritedTools = revisions.flatMap((r, i) => (parsed.has(r.c) ? [] : [[r.parentId!, revisionIds[i]!]]));
  if (inheritedTools.length) {
    await db.query(
      `INSERT INTO "Tool" ("revisionId", position, name, "actionCode", description, parameters, returns, "exampleOutput", signature, "lineStart", "lineEnd")
       SELECT v.new, t.position, t.name, t."actionCode", t.description, t.parameters, t.returns, t."exampleOutput", t.signature, t."lineStart", t."lineEnd"
         FROM "Tool" t JOIN unnest($1::int[], $2::int[]) AS v(old, new) ON t."revisionId" = v.old`,
      [inheritedTools.map((p) => p[0]), inheritedTools.map((p) => p[1])],
    );
  }

  let configsAdded = 0;
  await insertConfigs(
    db,
    revisions.flatMap((r, i) => {
      const rows = carryForward(revisionIds[i]!, r.carried, r.c.configs);
      configsAdded += rows.length - r.carried.length;
      return rows;
    }),
  );
  // New environments start unverified and pending; a new revision of a stored one starts over.
  const restarted = revised.map((c) => existing.get(c.key)!.id);
  if (restarted.length) {
    await db.query(`UPDATE "Environment" SET "status" = 'unverified', "reviewState" = 'pending' WHERE id = ANY($1::int[])`, [restarted]);
  }

  // A bare source file brings no configurations: nothing of its stored ones needs loading.
  const withConfigs = same.filter((c) => c.configs.length > 0);
  const sameStored = await loadMatchableConfigs(db, new Map(withConfigs.map((c) => [existing.get(c.key)!.revisionId, c.configs])));
  const inPlace = same.map((c) => {
    const e = existing.get(c.key)!;
    const stored = sameStored.get(e.revisionId) ?? [];
    return { c, e, stored, updated: configUpdates(stored, c.configs) };
  });
  const additions = inPlace.flatMap(({ c, e, stored }) => appendedConfigs(e.revisionId, stored, c.configs));
  await insertConfigs(db, additions);
  const updates = inPlace.flatMap(({ updated }) => updated);
  await updateConfigs(db, updates);
  result.configsUnchanged = inPlace.reduce((n, p) => n + unchangedTrainingRows(p.c, p.stored, p.updated), 0);

  const addedByRevision = countBy(additions.map((a) => a.revisionId));
  const updatedRevisions = new Set(updates.map((u) => u.revisionId));
  for (const c of fresh) result.outcomes.set(c.key, "new");
  for (const c of revised) result.outcomes.set(c.key, "changed");
  for (const { c, e } of inPlace) {
    result.outcomes.set(c.key, addedByRevision.has(e.revisionId) || updatedRevisions.has(e.revisionId) ? "changed" : "unchanged");
  }
  result.revisionsCreated = revisions.length;
  result.configsAdded = configsAdded + additions.length;
  result.configsUpdated = updates.length;
  const grown = inPlace.filter(({ e }) => addedByRevision.has(e.revisionId)).map(({ e }) => e.id);
  if (grown.length) await db.query(`UPDATE "Environment" SET "status" = 'unverified' WHERE id = ANY($1::int[])`, [grown]);
  const changedInPlace = inPlace.filter(({ c }) => result.outcomes.get(c.key) === "changed");
  // The move to the new revisions and the refreshed figures are one row update.
  const touched = [...revisions.map((r) => r.environmentId), ...changedInPlace.map(({ e }) => e.id)];
  const moveTo = [...revisionIds, ...changedInPlace.map(() => null)];
  if (touched.length) await run(db, refreshDerivedSql(touched, moveTo));
  await writeAuditEvents(db, revisions, revisionIds, changedInPlace, addedByRevision);
  return result;
}

/** Merged training rows whose configuration was stored already and did not change (as the second pass would count them). */
function unchangedTrainingRows(c: EnvContribution, stored: StoredMatch[], updated: { id: number }[]): number {
  if (!c.trainingCanonicals) return 0;
  const storedCanonicals = new Set(stored.map((s) => s.canonical));
  const updatedIds = new Set(updated.map((u) => u.id));
  const updatedCanonicals = new Set(stored.filter((s) => updatedIds.has(s.id)).map((s) => s.canonical));
  return c.trainingCanonicals.filter((k) => storedCanonicals.has(k) && !updatedCanonicals.has(k)).length;
}

async function loadExisting(db: Queryable, keys: string[]): Promise<Map<string, Existing>> {
  const { rows } = await db.query<Existing & { key: string }>(
    `SELECT e.id, e.key, r.id AS "revisionId", r.number, r."sourceSha256" AS sha, r."taskDescription" AS task
       FROM "Environment" e JOIN "Revision" r ON r.id = e."currentRevisionId"
      WHERE e.key = ANY($1::text[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

interface ParseProducts {
  docsBlock: string;
  className: string | null;
  findings: ParseFinding[];
}

async function loadParseProducts(db: Sql, revisionIds: number[]): Promise<Map<number, ParseProducts>> {
  if (revisionIds.length === 0) return new Map();
  const { rows } = await db.query<ParseProducts & { id: number }>(
    `SELECT id, "docsBlock", "className", findings FROM "Revision" WHERE id = ANY($1::int[])`,
    [revisionIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

function describeOrigin(c: EnvContribution): string {
  return c.origin.line !== undefined ? `${c.origin.file}:${c.origin.line}` : c.origin.file;
}

async function writeAuditEvents(
  db: Sql,
  revisions: { c: EnvContribution; environmentId: number; number: number; parentId: number | null }[],
  revisionIds: number[],
  inPlace: { c: EnvContribution; e: Existing }[],
  addedByRevision: Map<number, number>,
) {
  await copyAuditEvents(db, [
    ...revisions.map((r, i) => [
      r.number === 1 ? "import.create" : "import.revision",
      r.environmentId,
      "revision",
      String(revisionIds[i]),
      json(r.parentId ? { revisionId: r.parentId } : null),
      json({ revisionId: revisionIds[i], number: r.number, configs: r.c.configs.length }),
      json({ origin: { ...r.c.origin } }),
    ]),
    ...inPlace.map(({ c, e }) => [
      "import.configs",
      e.id,
      "revision",
      String(e.revisionId),
      null,
      json({ added: addedByRevision.get(e.revisionId) ?? 0 }),
      json({ origin: { ...c.origin } }),
    ]),
  ]);
}

/** Audit rows as [action, environmentId, entityType, entityId, before, after, details], in one COPY. */
export async function copyAuditEvents(db: Sql, rows: unknown[][]): Promise<void> {
  await copyRows(db, "AuditEvent", ["action", "environmentId", "entityType", "entityId", "before", "after", "details"], rows);
}
