import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { SessionUser } from "@/lib/auth/session";
import { prisma } from "@/lib/db/client";
import { databaseUrl, dataDir } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { exportFileName, executeExportJob, recoverInterruptedExports } from "./execute";
import { FORMATS, manifestFile } from "./formats";
import { getInstructionText } from "./instruction-text";
import { createExportJob, getExportJob, listEventsOfExports, listExportEvents, listExportJobs, type ExportJobView } from "./jobs";
import type { ExportWho } from "./manifest";
import { resolveOptions, type ExportOptions } from "./options";
import { previewExport } from "./preview";

// Exports started from the web run in the web server's own process (no queue
// service to deploy), at most MAX_CONCURRENT at a time, the rest waiting in
// order. Their rows carry the progress; an advisory lock per running export
// lets any process fail exports whose process died (recoverInterruptedExports).

export const MAX_CONCURRENT = 2;

interface Queue {
  active: Set<number>;
  waiting: { job: ExportJobView; who: ExportWho }[];
}

// Next's dev server reloads modules; keep one queue per process.
const g = globalThis as unknown as { curatorExportQueue?: Queue };
const queue: Queue = (g.curatorExportQueue ??= { active: new Set(), waiting: [] });

export function exportsRoot(): string {
  return path.join(dataDir(), "exports");
}

function whoOf(user: SessionUser): ExportWho {
  return { userId: user.id, username: user.username, via: "web" };
}

export async function startWebExport({ input, user }: { input: ExportOptions; user: SessionUser }): Promise<ExportJobView> {
  const { options, filter } = resolveOptions(input);
  const who = whoOf(user);
  const job = await createExportJob({ options, filter, who }, prisma());
  queue.waiting.push({ job, who });
  pump();
  return job;
}

function pump() {
  while (queue.active.size < MAX_CONCURRENT && queue.waiting.length) {
    const { job, who } = queue.waiting.shift()!;
    queue.active.add(job.id);
    const out = path.join(exportsRoot(), String(job.id), exportFileName(job));
    executeExportJob({ db: prisma(), url: databaseUrl(), job, out, who })
      .catch((error) => console.error(`export ${job.id} failed:`, error))
      .finally(() => {
        queue.active.delete(job.id);
        pump();
      });
  }
}

function localIds(): Set<number> {
  return new Set([...queue.active, ...queue.waiting.map((w) => w.job.id)]);
}

export async function listWebExports({ before, limit }: { before?: number; limit?: number }) {
  await recoverInterruptedExports(prisma(), databaseUrl(), localIds()).catch((e) => console.error("export recovery:", e));
  const page = await listExportJobs({ before, limit }, prisma());
  const events = await listEventsOfExports({ ids: page.rows.map((r) => r.id) }, prisma());
  return { ...page, rows: page.rows.map((job) => ({ job, events: events.get(job.id) ?? [] })) };
}

export async function getWebExport({ id }: { id: number }) {
  await recoverInterruptedExports(prisma(), databaseUrl(), localIds()).catch((e) => console.error("export recovery:", e));
  const [job, events] = await Promise.all([getExportJob({ id }, prisma()), listExportEvents({ id }, prisma())]);
  return { job, events };
}

export async function previewWebExport({ input }: { input: ExportOptions }) {
  const { options, filter } = resolveOptions(input);
  const { text } = await getInstructionText(prisma());
  return previewExport({ url: databaseUrl(), options, filter, instructionText: text, baseName: `codegym-${options.format}-<id>${FORMATS[options.format].extension}` });
}

export interface DownloadTarget {
  path: string;
  name: string;
  bytes: number;
  contentType: string;
}

/**
 * One file of a finished export: a data file named in its manifest, or the
 * manifest itself. Only names the manifest lists resolve, so no request can
 * reach any other file.
 */
export async function downloadTarget({ id, file }: { id: number; file?: string }): Promise<DownloadTarget> {
  const job = await getExportJob({ id }, prisma());
  if (job.status !== "succeeded" || !job.manifest || !job.filePath) throw new NotFoundError(`Export ${id} has no files (it is ${job.status})`);
  const manifestPath = manifestFile(job.filePath);
  const wanted = file ?? job.manifest.files[0]!.name;
  let target: { path: string; name: string; contentType: string };
  if (wanted === path.basename(manifestPath)) target = { path: manifestPath, name: wanted, contentType: "application/json" };
  else {
    const entry = job.manifest.files.find((f) => f.name === wanted);
    if (!entry) throw new NotFoundError(`Export ${id} has no file ${wanted}`);
    target = { path: path.join(path.dirname(job.filePath), entry.name), name: entry.name, contentType: FORMATS[job.options.format].contentType };
  }
  const stat = fs.statSync(target.path, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new NotFoundError(`The file ${target.name} of export ${id} is no longer on disk`);
  return { ...target, bytes: stat.size };
}
