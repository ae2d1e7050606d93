import { recordAudit } from "@/lib/audit/record";
import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { EnvironmentFilter } from "@/lib/filters/schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExportSummary, ExportWho } from "./manifest";
import type { ResolvedExportOptions } from "./options";

// ExportJob rows and their audit events. Every export, from the web or the
// CLI, is a row: status, progress (done of total), the manifest, the file.

const jobSelect = {
  id: true,
  format: true,
  filter: true,
  options: true,
  status: true,
  total: true,
  done: true,
  manifest: true,
  filePath: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  user: { select: { id: true, username: true } },
} satisfies Prisma.ExportJobSelect;

type JobRow = Prisma.ExportJobGetPayload<{ select: typeof jobSelect }>;

export interface ExportJobView extends Omit<JobRow, "options" | "manifest" | "filter"> {
  options: ResolvedExportOptions;
  filter: EnvironmentFilter;
  manifest: ExportSummary | null;
}

const view = (row: JobRow): ExportJobView => ({
  ...row,
  options: row.options as unknown as ResolvedExportOptions,
  filter: row.filter as unknown as EnvironmentFilter,
  manifest: row.manifest as unknown as ExportSummary | null,
});

export async function createExportJob(
  { options, filter, who }: { options: ResolvedExportOptions; filter: EnvironmentFilter; who: ExportWho },
  db: DbClient,
): Promise<ExportJobView> {
  const row = await db.exportJob.create({
    data: {
      format: options.format,
      filter: filter as Prisma.InputJsonValue,
      options: options as unknown as Prisma.InputJsonValue,
      userId: who.userId,
    },
    select: jobSelect,
  });
  await audit(db, row.id, who.userId, "export.create", { options, via: who.via, username: who.username });
  return view(row);
}

export async function getExportJob({ id }: { id: number }, db: DbClient): Promise<ExportJobView> {
  const row = await db.exportJob.findUnique({ where: { id }, select: jobSelect });
  if (!row) throw new NotFoundError(`No export ${id}`);
  return view(row);
}

export interface ExportJobPage {
  rows: ExportJobView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** Newest first, keyset-paged by id. */
export async function listExportJobs({ before, limit = 50 }: { before?: number; limit?: number }, db: DbClient): Promise<ExportJobPage> {
  const rows = await db.exportJob.findMany({
    where: before ? { id: { lt: before } } : {},
    orderBy: { id: "desc" },
    take: limit + 1,
    select: jobSelect,
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map(view);
  return { rows: page, nextBefore: more ? page[page.length - 1]!.id : null };
}

export async function listExportEvents({ id }: { id: number }, db: DbClient) {
  return db.auditEvent.findMany({
    where: { entityType: "export", entityId: String(id) },
    orderBy: { id: "asc" },
    take: 500,
    select: { id: true, at: true, action: true, details: true, after: true, user: { select: { username: true } } },
  });
}

export type ExportEvent = Awaited<ReturnType<typeof listExportEvents>>[number];

/** The audit events of several exports at once (the list page), by export id. */
export async function listEventsOfExports({ ids }: { ids: number[] }, db: DbClient): Promise<Map<number, ExportEvent[]>> {
  const events = ids.length
    ? await db.auditEvent.findMany({
        where: { entityType: "export", entityId: { in: ids.map(String) } },
        orderBy: { id: "asc" },
        take: 5000,
        select: { id: true, at: true, action: true, details: true, after: true, entityId: true, user: { select: { username: true } } },
      })
    : [];
  const byId = new Map<number, ExportEvent[]>();
  for (const { entityId, ...e } of events) {
    const list = byId.get(Number(entityId)) ?? [];
    list.push(e);
    byId.set(Number(entityId), list);
  }
  return byId;
}

export async function markExportRunning({ id }: { id: number }, db: DbClient): Promise<void> {
  await db.exportJob.update({ where: { id }, data: { status: "running", error: null } });
}

export async function setExportProgress({ id, done, total }: { id: number; done: number; total: number }, db: DbClient): Promise<void> {
  await db.exportJob.update({ where: { id }, data: { done, total } });
}

/** `filePath` is the export's --out path; the files the manifest lists (one, or the train and val files) sit beside it. */
export async function finishExportJob(
  { id, manifest, filePath, userId }: { id: number; manifest: ExportSummary; filePath: string; userId: number | null },
  db: DbClient,
): Promise<void> {
  await db.exportJob.update({
    where: { id },
    data: { status: "succeeded", manifest: manifest as unknown as Prisma.InputJsonValue, filePath, done: manifest.counts.items, total: manifest.counts.items, finishedAt: new Date() },
  });
  await audit(db, id, userId, "export.finish", {
    counts: manifest.counts,
    files: manifest.files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes, items: f.items })),
  });
}

export async function failExportJob({ id, error, userId }: { id: number; error: string; userId: number | null }, db: DbClient): Promise<void> {
  await db.exportJob.update({ where: { id }, data: { status: "failed", error: error.slice(0, 4000), finishedAt: new Date() } });
  await audit(db, id, userId, "export.fail", { error: error.slice(0, 1000) });
}

export async function recordExportDownload({ id, file, userId }: { id: number; file: string; userId: number | null }, db: DbClient): Promise<void> {
  await audit(db, id, userId, "export.download", { file });
}

function audit(db: DbClient, id: number, userId: number | null, action: string, details: Record<string, unknown>) {
  return recordAudit({ db, event: { action, userId, entityType: "export", entityId: id, details } });
}
