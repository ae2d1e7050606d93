import { recordAudit } from "@/lib/audit/record";
import type { DbClient } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";

export interface TagChange {
  changed: boolean;
  tags: string[];
}

async function tagsOf(db: DbClient, environmentId: number): Promise<string[]> {
  const rows = await db.environmentTag.findMany({ where: { environmentId }, select: { tag: { select: { name: true } } }, orderBy: { tag: { name: "asc" } } });
  return rows.map((r) => r.tag.name);
}

/** Adds a tag (creating it when new); a tag already there changes nothing. `name` must be normalized by tagNameSchema. */
export async function addTag({ db, environmentId, name, userId, bulkActionId }: { db: DbClient; environmentId: number; name: string; userId: number; bulkActionId?: number }): Promise<TagChange> {
  const tag = await db.tag.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } });
  const inserted = await db.environmentTag.createMany({ data: [{ environmentId, tagId: tag.id }], skipDuplicates: true });
  const tags = await tagsOf(db, environmentId);
  if (inserted.count === 0) return { changed: false, tags };
  await recordAudit({
    db,
    event: {
      action: "tag.add",
      userId,
      environmentId,
      entityType: "tag",
      entityId: name,
      before: { tags: tags.filter((t) => t !== name) },
      after: { tags },
      details: bulkActionId ? { bulkActionId } : {},
    },
  });
  return { changed: true, tags };
}

/** Removes a tag; a tag no environment uses any more is deleted, so the filter offers only live ones. */
export async function removeTag({ db, environmentId, name, userId, bulkActionId }: { db: DbClient; environmentId: number; name: string; userId: number; bulkActionId?: number }): Promise<TagChange> {
  const tag = await db.tag.findUnique({ where: { name }, select: { id: true } });
  const removed = tag ? await db.environmentTag.deleteMany({ where: { environmentId, tagId: tag.id } }) : { count: 0 };
  const tags = await tagsOf(db, environmentId);
  if (removed.count === 0) return { changed: false, tags };
  await db.tag.deleteMany({ where: { id: tag!.id, envs: { none: {} } } });
  await recordAudit({
    db,
    event: {
      action: "tag.remove",
      userId,
      environmentId,
      entityType: "tag",
      entityId: name,
      before: { tags: [...tags, name].sort() },
      after: { tags },
      details: bulkActionId ? { bulkActionId } : {},
    },
  });
  return { changed: true, tags };
}

/**
 * Replaces the environment's notes. `previous` is what the editor started
 * from: when someone saved other notes meanwhile, 409 with theirs, so nothing
 * is silently overwritten.
 */
export async function setNotes({ db, environmentId, notes, previous, userId }: { db: DbClient; environmentId: number; notes: string; previous: string; userId: number }): Promise<{ changed: boolean; notes: string }> {
  const [env] = await db.$queryRaw<{ notes: string }[]>`SELECT notes FROM "Environment" WHERE id = ${environmentId} FOR UPDATE`;
  if (!env) throw new NotFoundError(`No environment ${environmentId}`);
  if (env.notes === notes) return { changed: false, notes };
  if (env.notes !== previous) throw new ConflictError("Someone else changed these notes since you opened them", { current: env.notes });
  await db.environment.update({ where: { id: environmentId }, data: { notes } });
  await recordAudit({ db, event: { action: "note.update", userId, environmentId, entityType: "environment", entityId: environmentId, before: { notes: env.notes }, after: { notes } } });
  return { changed: true, notes };
}

export async function listTags({ db }: { db: DbClient }) {
  const rows = await db.tag.findMany({ orderBy: { name: "asc" }, select: { name: true, _count: { select: { envs: true } } } });
  return rows.map((r) => ({ name: r.name, count: r._count.envs }));
}
