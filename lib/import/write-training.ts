import type { DbClient } from "@/lib/db/client";
import type { ConfigContribution, ImportIssue } from "./contributions";
import { appendedConfigs, configUpdates, loadCurrentConfigs, updateConfigs, type ConfigRow, type ConfigUpdate } from "./write-configs";

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
export async function writeConfigBatch(db: DbClient, batch: ConfigContribution[], reportedMissing: Set<string>): Promise<ConfigBatchResult> {
  const result: ConfigBatchResult = { changedEnvIds: new Set(), changedKeys: new Set(), configsAdded: 0, configsUpdated: 0, configsUnchanged: 0, issues: [] };
  const keys = [...new Set(batch.map((c) => c.key))];
  const envs = await db.$queryRaw<{ id: number; key: string; revisionId: number; task: string }[]>`
    SELECT e.id, e.key, r.id AS "revisionId", r."taskDescription" AS task
      FROM "Environment" e JOIN "Revision" r ON r.id = e."currentRevisionId"
     WHERE e.key = ANY(${keys}::text[])`;
  const envByKey = new Map(envs.map((e) => [e.key, e]));
  const stored = await loadCurrentConfigs(db, envs.map((e) => e.revisionId));

  const byKey = new Map<string, ConfigContribution[]>();
  for (const row of batch) {
    if (!envByKey.has(row.key)) {
      if (!reportedMissing.has(row.key)) {
        reportedMissing.add(row.key);
        result.issues.push({ ...row.origin, field: "ability", message: `no environment ${row.key} is stored: import its records or source file first (further rows of this key are skipped silently)` });
      }
      continue;
    }
    byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  }

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
  await db.taskConfig.createMany({ data: additions });
  await updateConfigs(db, updates);
  if (tasks.length) {
    await db.$executeRaw`
      UPDATE "Revision" r SET "taskDescription" = v.task
        FROM (SELECT unnest(${tasks.map((t) => t.id)}::int[]) AS id, unnest(${tasks.map((t) => t.task)}::text[]) AS task) v
       WHERE r.id = v.id AND r."taskDescription" = ''`;
  }
  const addedRevisions = new Set(additions.map((a) => a.revisionId));
  const addedEnvIds = envs.filter((e) => addedRevisions.has(e.revisionId)).map((e) => e.id);
  await db.$executeRaw`UPDATE "Environment" SET status = 'unverified' WHERE id = ANY(${addedEnvIds}::int[])`;
  await db.auditEvent.createMany({
    data: [...result.changedEnvIds].map((id) => {
      const env = envs.find((e) => e.id === id)!;
      return {
        action: "import.configs",
        environmentId: id,
        entityType: "revision",
        entityId: String(env.revisionId),
        after: { added: additions.filter((a) => a.revisionId === env.revisionId).length, updated: updates.filter((u) => u.revisionId === env.revisionId).length },
        details: { origin: byKey.get(env.key)![0]!.origin.file },
      };
    }),
  });
  result.configsAdded = additions.length;
  result.configsUpdated = updates.length;
  return result;
}
