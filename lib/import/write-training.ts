import { json, run, type Sql } from "@/lib/db/raw-pg";
import { refreshDerivedSql } from "@/lib/environments/derived";
import type { ConfigContribution, ImportIssue } from "./contributions";
import { loadMatchableConfigs } from "./match-configs";
import { appendedConfigs, configUpdates, countBy, insertConfigs, updateConfigs, type ConfigRow, type ConfigUpdate } from "./write-configs";
import { copyAuditEvents } from "./write-envs";

export interface ConfigBatchResult {
  changedEnvIds: Set<number>;
  changedKeys: Set<string>;
  configsAdded: number;
  configsUpdated: number;
  configsUnchanged: number;
  issues: ImportIssue[];
}

/**
 * Merges training rows into the current revision of their environments:
 * adds configurations the revision lacks, fills in recorded step counts,
 * difficulty scores and indexes, and the task text when the revision has none.
 * Rows whose environment has no source yet are rejected, once per key.
 */
export async function writeConfigBatch(db: Sql, batch: ConfigContribution[], reportedMissing: Set<string>): Promise<ConfigBatchResult> {
  const result: ConfigBatchResult = { changedEnvIds: new Set(), changedKeys: new Set(), configsAdded: 0, configsUpdated: 0, configsUnchanged: 0, issues: [] };
  const keys = [...new Set(batch.map((c) => c.key))];
  const { rows: envs } = await db.query<{ id: number; key: string; revisionId: number; task: string }>(
    `SELECT e.id, e.key, r.id AS "revisionId", r."taskDescription" AS task
       FROM "Environment" e JOIN "Revision" r ON r.id = e."currentRevisionId"
      WHERE e.key = ANY($1::text[])`,
    [keys],
  );
  const envByKey = new Map(envs.map((e) => [e.key, e]));

  const byKey = new Map<string, ConfigContribution[]>();
  for (const row of batch) {
    if (!envByKey.has(row.key)) {
      if (!reportedMissing.has(row.key)) {
        reportedMissing.add(row.key);
        result.issues.push({ ...row.origin, field: "ability", message: `no environment ${row.key} is stored: import its records or source file first (further rows of this key are skipped silently)` });
      }
      continue;
    }
    const rows = byKey.get(row.key);
    if (rows) rows.push(row);
    else byKey.set(row.key, [row]);
  }

  const stored = await loadMatchableConfigs(db, new Map([...byKey].map(([key, rows]) => [envByKey.get(key)!.revisionId, rows.map((r) => r.config)])));
  const additions: ConfigRow[] = [];
  const updates: ConfigUpdate[] = [];
  const tasks: { id: number; task: string }[] = [];
  for (const [key, rows] of byKey) {
    const env = envByKey.get(key)!;
    const current = stored.get(env.revisionId) ?? [];
    const incoming = rows.map((r) => r.config);
    const added = appendedConfigs(env.revisionId, current, incoming);
    const updated = configUpdates(current, incoming);
    additions.push(...added);
    updates.push(...updated);
    result.configsUnchanged += rows.length - added.length - updated.length;
    const task = rows.find((r) => r.task)?.task;
    if (!env.task && task) tasks.push({ id: env.revisionId, task });
    if (added.length || updated.length || (!env.task && task)) {
      result.changedEnvIds.add(env.id);
      result.changedKeys.add(key);
    }
  }
  await insertConfigs(db, additions);
  await updateConfigs(db, updates);
  if (tasks.length) {
    await db.query(
      `UPDATE "Revision" r SET "taskDescription" = v.task
         FROM (SELECT unnest($1::int[]) AS id, unnest($2::text[]) AS task) v
        WHERE r.id = v.id AND r."taskDescription" = ''`,
      [tasks.map((t) => t.id), tasks.map((t) => t.task)],
    );
  }
  const addedByRevision = countBy(additions.map((a) => a.revisionId));
  const updatedByRevision = countBy(updates.map((u) => u.revisionId));
  const addedEnvIds = envs.filter((e) => addedByRevision.has(e.revisionId)).map((e) => e.id);
  if (addedEnvIds.length) await db.query(`UPDATE "Environment" SET status = 'unverified' WHERE id = ANY($1::int[])`, [addedEnvIds]);
  if (result.changedEnvIds.size) await run(db, refreshDerivedSql([...result.changedEnvIds]));
  const envById = new Map(envs.map((e) => [e.id, e]));
  await copyAuditEvents(
    db,
    [...result.changedEnvIds].map((id) => {
      const env = envById.get(id)!;
      return [
        "import.configs",
        id,
        "revision",
        String(env.revisionId),
        null,
        json({ added: addedByRevision.get(env.revisionId) ?? 0, updated: updatedByRevision.get(env.revisionId) ?? 0 }),
        json({ origin: byKey.get(env.key)![0]!.origin.file }),
      ];
    }),
  );
  result.configsAdded = additions.length;
  result.configsUpdated = updates.length;
  return result;
}
