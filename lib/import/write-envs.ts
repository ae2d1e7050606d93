import crypto from "node:crypto";
import type { DbClient } from "@/lib/db/client";
import { subsetOf } from "@/lib/codegym/identity";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ParsedSource } from "@/lib/tools/parsed-source-schema";
import { toolRows } from "@/lib/tools/tool-rows";
import type { EnvContribution } from "./contributions";
import { revisionFindings } from "./findings";
import { appendedConfigs, carryForward, configUpdates, loadCurrentConfigs, updateConfigs, type StoredConfig } from "./write-configs";

export type EnvOutcome = "new" | "changed" | "unchanged";

export interface EnvBatchResult {
  outcomes: Map<string, EnvOutcome>;
  revisionsCreated: number;
  configsAdded: number;
  configsUpdated: number;
  touchedIds: number[];
}

interface Existing {
  id: number;
  revisionId: number;
  number: number;
  sha: string;
  task: string;
}

export function sha256(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * Merges whole environments (records, sources) into the database in one
 * transaction: new keys get an environment and revision 1; a changed source or
 * task text gets a new revision carrying the old configurations forward; the
 * same source only adds or updates configurations. Never overwrites code.
 */
export async function writeEnvBatch(
  db: DbClient,
  batch: EnvContribution[],
  parse: (source: string) => Promise<ParsedSource>,
): Promise<EnvBatchResult> {
  const existing = await loadExisting(db, batch.map((c) => c.key));
  const result: EnvBatchResult = { outcomes: new Map(), revisionsCreated: 0, configsAdded: 0, configsUpdated: 0, touchedIds: [] };

  const fresh = batch.filter((c) => !existing.has(c.key));
  const revised = batch.filter((c) => {
    const e = existing.get(c.key);
    return e && (e.sha !== sha256(c.source) || (c.task !== null && c.task !== e.task));
  });
  const same = batch.filter((c) => !fresh.includes(c) && !revised.includes(c));

  const parsed = new Map<EnvContribution, ParsedSource>();
  await Promise.all([...fresh, ...revised].map(async (c) => parsed.set(c, await parse(c.source))));

  const envRows = await db.environment.createManyAndReturn({
    data: fresh.map((c) => ({ key: c.key, codeId: c.codeId, envName: c.envName, subset: subsetOf(c.codeId) })),
    select: { id: true, key: true },
  });
  const envIds = new Map(envRows.map((r) => [r.key, r.id]));

  const storedConfigs = await loadCurrentConfigs(db, revised.map((c) => existing.get(c.key)!.revisionId));
  const revisions = [
    ...fresh.map((c) => ({ c, environmentId: envIds.get(c.key)!, number: 1, parentId: null, task: c.task ?? "", carried: [] as StoredConfig[] })),
    ...revised.map((c) => {
      const e = existing.get(c.key)!;
      return { c, environmentId: e.id, number: e.number + 1, parentId: e.revisionId, task: c.task ?? e.task, carried: storedConfigs.get(e.revisionId) ?? [] };
    }),
  ];
  const revisionRows = await db.revision.createManyAndReturn({
    data: revisions.map((r) => {
      const p = parsed.get(r.c)!;
      return {
        environmentId: r.environmentId,
        number: r.number,
        parentId: r.parentId,
        sourceCode: r.c.source,
        sourceSha256: sha256(r.c.source),
        taskDescription: r.task,
        docsBlock: p.docsBlock,
        className: p.className,
        findings: revisionFindings(r.c, p) as Prisma.InputJsonValue,
        message: r.number === 1 ? `imported from ${describeOrigin(r.c)}` : `source changed in ${describeOrigin(r.c)}`,
      };
    }),
    select: { id: true, environmentId: true },
  });
  const revisionIdByEnv = new Map(revisionRows.map((r) => [r.environmentId, r.id]));

  await db.tool.createMany({
    data: revisions.flatMap((r) => toolRows(revisionIdByEnv.get(r.environmentId)!, parsed.get(r.c)!.tools)),
  });

  let configsAdded = 0;
  await db.taskConfig.createMany({
    data: revisions.flatMap((r) => {
      const rows = carryForward(revisionIdByEnv.get(r.environmentId)!, r.carried, r.c.configs);
      configsAdded += rows.length - r.carried.length;
      return rows;
    }),
  });
  await db.$executeRaw`
    UPDATE "Environment" e SET "currentRevisionId" = v.rev, "status" = 'unverified', "reviewState" = 'pending'
      FROM (SELECT unnest(${revisionRows.map((r) => r.environmentId)}::int[]) AS id, unnest(${revisionRows.map((r) => r.id)}::int[]) AS rev) v
     WHERE e.id = v.id`;

  const sameStored = await loadCurrentConfigs(db, same.map((c) => existing.get(c.key)!.revisionId));
  const inPlace = same.map((c) => ({ c, e: existing.get(c.key)!, stored: sameStored.get(existing.get(c.key)!.revisionId) ?? [] }));
  const additions = inPlace.flatMap(({ c, e, stored }) => appendedConfigs(e.revisionId, stored, c.configs));
  await db.taskConfig.createMany({ data: additions });
  const updates = inPlace.flatMap(({ c, stored }) => configUpdates(stored, c.configs));
  await updateConfigs(db, updates);

  const addedByRevision = countBy(additions.map((a) => a.revisionId));
  const updatedRevisions = new Set(updates.map((u) => u.revisionId));
  for (const c of fresh) result.outcomes.set(c.key, "new");
  for (const c of revised) result.outcomes.set(c.key, "changed");
  for (const { c, e } of inPlace) {
    result.outcomes.set(c.key, addedByRevision.has(e.revisionId) || updatedRevisions.has(e.revisionId) ? "changed" : "unchanged");
  }
  result.revisionsCreated = revisionRows.length;
  result.configsAdded = configsAdded + additions.length;
  result.configsUpdated = updates.length;
  result.touchedIds = [
    ...revisionRows.map((r) => r.environmentId),
    ...inPlace.filter(({ c }) => result.outcomes.get(c.key) === "changed").map(({ e }) => e.id),
  ];
  await db.$executeRaw`
    UPDATE "Environment" SET "status" = 'unverified'
     WHERE id = ANY(${inPlace.filter(({ e }) => addedByRevision.has(e.revisionId)).map(({ e }) => e.id)}::int[])`;
  await writeAuditEvents(db, revisions, revisionRows, inPlace.filter(({ c }) => result.outcomes.get(c.key) === "changed"), addedByRevision);
  return result;
}

async function loadExisting(db: DbClient, keys: string[]): Promise<Map<string, Existing>> {
  const rows = await db.$queryRaw<{ id: number; key: string; revisionId: number; number: number; sha: string; task: string }[]>`
    SELECT e.id, e.key, r.id AS "revisionId", r.number, r."sourceSha256" AS sha, r."taskDescription" AS task
      FROM "Environment" e JOIN "Revision" r ON r.id = e."currentRevisionId"
     WHERE e.key = ANY(${keys}::text[])`;
  return new Map(rows.map((r) => [r.key, r]));
}

function describeOrigin(c: EnvContribution): string {
  return c.origin.line !== undefined ? `${c.origin.file}:${c.origin.line}` : c.origin.file;
}

function countBy<T>(items: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

async function writeAuditEvents(
  db: DbClient,
  revisions: { c: EnvContribution; environmentId: number; number: number; parentId: number | null }[],
  revisionRows: { id: number; environmentId: number }[],
  inPlace: { c: EnvContribution; e: Existing }[],
  addedByRevision: Map<number, number>,
) {
  const revisionIds = new Map(revisionRows.map((r) => [r.environmentId, r.id]));
  await db.auditEvent.createMany({
    data: [
      ...revisions.map((r) => ({
        action: r.number === 1 ? "import.create" : "import.revision",
        environmentId: r.environmentId,
        entityType: "revision",
        entityId: String(revisionIds.get(r.environmentId)),
        before: r.parentId ? { revisionId: r.parentId } : undefined,
        after: { revisionId: revisionIds.get(r.environmentId), number: r.number, configs: r.c.configs.length },
        details: { origin: { ...r.c.origin } },
      })),
      ...inPlace.map(({ c, e }) => ({
        action: "import.configs",
        environmentId: e.id,
        entityType: "revision",
        entityId: String(e.revisionId),
        after: { added: addedByRevision.get(e.revisionId) ?? 0 },
        details: { origin: { ...c.origin } },
      })),
    ],
  });
}
