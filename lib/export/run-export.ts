import fs from "node:fs";
import path from "node:path";
import type { EnvironmentFilter } from "@/lib/filters/schema";
import { CopyBatch } from "./copy-binary";
import { FileSink } from "./file-sink";
import { FORMATS, manifestFile, splitFile, type Split } from "./formats";
import { manifestCounts, writeManifest, type ExportSummary, type ExportWho, type ManifestFile, type RevisionLists } from "./manifest";
import { isTrainingFormat, type ResolvedExportOptions } from "./options";
import { SnapshotReader } from "./pg-snapshot";
import { recordsPlan, sourcesPlan } from "./plan-environments";
import { trainingPlan } from "./plan-training";
import { exportedRevisionsSql } from "./select-sql";
import { splitsOf, type FormatPlan, type ItemBatch, type ItemWriter, type PlanContext, type PlanCounts } from "./plan";

export interface ExportProgress {
  done: number;
  total: number;
}

export interface RunExportOptions {
  /** The database to read (a pg connection string). */
  url: string;
  options: ResolvedExportOptions;
  filter: EnvironmentFilter;
  /** The data file; with a validation split, `<stem>.train<ext>` and `<stem>.val<ext>` are written instead. */
  out: string;
  instructionText: string;
  who: ExportWho;
  exportId?: number | null;
  /** Called once the item count is known (as a rule before the first items), then as items are written (throttle in the caller). */
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
}

export async function openPlan(ctx: PlanContext): Promise<FormatPlan<ItemBatch>> {
  const format = ctx.options.format;
  if (format === "verl-jsonl" || format === "verl-parquet") return (await trainingPlan(ctx, format)) as unknown as FormatPlan<ItemBatch>;
  if (format === "records-jsonl") return recordsPlan(ctx) as unknown as FormatPlan<ItemBatch>;
  return sourcesPlan(ctx) as unknown as FormatPlan<ItemBatch>;
}

/**
 * Runs one export: counts, then streams every item from one database
 * snapshot into its split's file, then writes the manifest next to the files.
 * Memory stays flat: rows arrive in batches that hold nothing per row the
 * garbage collector would keep (see CopyBatch) and leave in 2 MB writes
 * (Parquet: one row group at a time). On failure no file is left under a
 * final name.
 */
export async function runExport(opts: RunExportOptions): Promise<ExportSummary> {
  const startedAt = new Date();
  const reader = await SnapshotReader.open(opts.url);
  const writers = new Map<Split, { writer: ItemWriter<ItemBatch>; sink: FileSink; items: number }>();
  try {
    const ctx: PlanContext = { reader, filter: opts.filter, options: opts.options, instructionText: opts.instructionText };
    const plan = await openPlan(ctx);
    // The counts read whole tables on a connection of their own while rows stream; progress is reported once the total is known.
    let total: number | null = null;
    let done = 0;
    const countsRead: Promise<PlanCounts> = plan.counts();
    countsRead.then(
      (counts) => {
        total = counts.splits.reduce((n, s) => n + s.items, 0);
        opts.onProgress?.({ done, total });
      },
      () => {}, // awaited below
    );

    for (const split of splitsOf(opts.options)) {
      const sink = new FileSink(splitFile(opts.out, opts.options.format, split));
      writers.set(split, { writer: plan.open(sink), sink, items: 0 });
    }
    for await (const batch of plan.items()) {
      opts.signal?.throwIfAborted();
      for (let i = 0; i < batch.length; i++) {
        const split = batch.env(i).split;
        const w = writers.get(split);
        if (!w) throw new Error(`no output file for split ${split}`);
        const written = w.writer.add(batch, i);
        if (written) await written;
        w.items++;
      }
      done += batch.length;
      if (total !== null) opts.onProgress?.({ done, total });
    }
    const counts = await countsRead;
    // Last chance to stop before files get their final names (the progress report the counts trigger may be what stops it).
    opts.signal?.throwIfAborted();

    const files: ManifestFile[] = [];
    for (const [split, w] of writers) {
      // Counts and items come from one snapshot: a difference is a bug, not a race.
      const count = counts.splits.find((s) => s.split === split)!;
      if (w.items !== count.items) throw new Error(`the export wrote ${w.items} items to its ${split} file, where the counts said ${count.items}`);
      const written = await w.writer.commit();
      files.push({ name: path.basename(written.path), split, bytes: written.bytes, sha256: written.sha256, items: w.items, environments: count.environments });
    }
    writers.clear();
    const summary: ExportSummary = {
      version: 1,
      generator: "codegym-curator",
      exportId: opts.exportId ?? null,
      format: opts.options.format,
      filter: opts.options.filter,
      options: opts.options,
      instructionText: isTrainingFormat(opts.options.format) ? opts.instructionText : null,
      counts: manifestCounts(counts, files, FORMATS[opts.options.format].unit),
      files,
      who: opts.who,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    };
    try {
      await writeManifest(manifestFile(opts.out), summary, revisionLists(reader, opts));
    } catch (error) {
      for (const f of files) fs.rmSync(path.join(path.dirname(opts.out), f.name), { force: true });
      throw error;
    }
    return summary;
  } finally {
    await Promise.all([...writers.values()].map(async (w) => void (await Promise.all([w.writer.abort?.(), w.sink.abort()]))));
    await reader.close();
  }
}

/** The manifest's lists, streamed from the export's snapshot once its rows are written (see writeManifest); each query starts when its list is read. */
function revisionLists(reader: SnapshotReader, opts: RunExportOptions): RevisionLists {
  const withRows = isTrainingFormat(opts.options.format);
  const pairs = (order: "key" | "rev") => reader.copyRowBatches(exportedRevisionsSql(opts.filter, opts.options, withRows, order), 2, 4096, () => new CopyBatch(2, 4096));
  async function* byKey(): AsyncGenerator<[string, number]> {
    for await (const batch of pairs("key")) for (let i = 0; i < batch.length; i++) yield [batch.text(i, 0)!, batch.int4(i, 1)!];
  }
  async function* ids(): AsyncGenerator<number> {
    for await (const batch of pairs("rev")) for (let i = 0; i < batch.length; i++) yield batch.int4(i, 1)!;
  }
  return { byKey: byKey(), ids: ids() };
}
