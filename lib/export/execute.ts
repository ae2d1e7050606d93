import pg from "pg";
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { FORMATS } from "./formats";
import { getInstructionText } from "./instruction-text";
import { failExportJob, finishExportJob, markExportRunning, setExportProgress, type ExportJobView } from "./jobs";
import type { ExportSummary, ExportWho } from "./manifest";
import { runExport, type ExportProgress } from "./run-export";

/** Advisory-lock namespace of running exports: (EXPORT_LOCK, job id). */
export const EXPORT_LOCK = 0x0e4907;
const PROGRESS_EVERY_MS = 500;

/**
 * Runs one ExportJob to the end: holds a session advisory lock on the job for
 * as long as it runs (so any process can tell a live export from one whose
 * process died, see recoverInterruptedExports), keeps status and progress on
 * the row, and records the manifest or the error. Used by the web server's
 * queue and by `npm run export`, so both leave the same trail.
 */
export async function executeExportJob(opts: {
  db: Db;
  url: string;
  job: ExportJobView;
  out: string;
  who: ExportWho;
  onProgress?: (p: ExportProgress) => void;
}): Promise<ExportSummary> {
  const { db, job } = opts;
  const lock = new pg.Client({ connectionString: opts.url, application_name: `curator-export-${job.id}` });
  await lock.connect();
  const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [EXPORT_LOCK, job.id]);
  if (!rows[0]?.ok) {
    await lock.end();
    throw new ConflictError(`export ${job.id} is already running`);
  }
  try {
    await markExportRunning({ id: job.id }, db);
    const { text } = await getInstructionText(db);
    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    const manifest = await runExport({
      url: opts.url,
      options: job.options,
      filter: job.filter,
      out: opts.out,
      instructionText: text,
      who: opts.who,
      exportId: job.id,
      onProgress: (p) => {
        opts.onProgress?.(p);
        const now = Date.now();
        if (p.done === 0 || now - last >= PROGRESS_EVERY_MS) {
          last = now;
          // Progress is advisory: never let a slow update hold up the export.
          pending = pending.then(() => setExportProgress({ id: job.id, ...p }, db)).catch(() => {});
        }
      },
    });
    await pending;
    await finishExportJob({ id: job.id, manifest, filePath: opts.out, userId: opts.who.userId }, db);
    return manifest;
  } catch (error) {
    await failExportJob({ id: job.id, error: error instanceof Error ? error.message : String(error), userId: opts.who.userId }, db).catch(() => {});
    throw error;
  } finally {
    await lock.end().catch(() => {});
  }
}

/** The base file name of a web export: `codegym-verl-jsonl-12.jsonl`. */
export function exportFileName(job: Pick<ExportJobView, "id" | "format">): string {
  return `codegym-${job.format}-${job.id}${FORMATS[job.format as keyof typeof FORMATS].extension}`;
}

/**
 * Marks exports whose process is gone as failed: a job shown as queued or
 * running whose advisory lock nobody holds. Queued jobs are left alone for ten
 * minutes (a busy process may still be about to start them).
 */
export async function recoverInterruptedExports(db: Db, url: string, activeHere: ReadonlySet<number>): Promise<number> {
  const stale = await db.exportJob.findMany({
    where: {
      OR: [{ status: "running" }, { status: "queued", createdAt: { lt: new Date(Date.now() - 10 * 60_000) } }],
      id: { notIn: [...activeHere] },
    },
    select: { id: true, userId: true },
  });
  if (!stale.length) return 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let failed = 0;
  try {
    for (const job of stale) {
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [EXPORT_LOCK, job.id]);
      if (!rows[0]?.ok) continue;
      try {
        await failExportJob({ id: job.id, error: "interrupted: the process running it stopped before it finished; start the export again", userId: job.userId }, db);
        failed++;
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, $2)", [EXPORT_LOCK, job.id]);
      }
    }
  } finally {
    await client.end();
  }
  return failed;
}
