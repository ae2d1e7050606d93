import path from "node:path";
import type { EnvironmentFilter } from "@/lib/filters/schema";
import { FileSink } from "./file-sink";
import { FORMATS, manifestFile, splitFile, type Split } from "./formats";
import { manifestCounts, writeManifest, type ExportManifest, type ExportWho, type ManifestFile } from "./manifest";
import { isTrainingFormat, type ResolvedExportOptions } from "./options";
import { SnapshotReader } from "./pg-snapshot";
import { recordsPlan, sourcesPlan } from "./plan-environments";
import { trainingPlan } from "./plan-training";
import { splitsOf, type ExportItem, type FormatPlan, type ItemWriter, type PlanContext, type PlanCounts } from "./plan";

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

export async function openPlan(ctx: PlanContext): Promise<FormatPlan<ExportItem>> {
  const format = ctx.options.format;
  if (format === "verl-jsonl" || format === "verl-parquet") return (await trainingPlan(ctx, format)) as unknown as FormatPlan<ExportItem>;
  if (format === "records-jsonl") return recordsPlan(ctx) as unknown as FormatPlan<ExportItem>;
  return sourcesPlan(ctx) as unknown as FormatPlan<ExportItem>;
}

/**
 * Runs one export: counts, then streams every item from one database
 * snapshot into its split's file, then writes the manifest next to the files.
 * Memory stays flat: rows arrive in cursor batches and leave in ~1 MB writes
 * (Parquet: one row group at a time). On failure no file is left under a
 * final name.
 */
export async function runExport(opts: RunExportOptions): Promise<ExportManifest> {
  const startedAt = new Date();
  const reader = await SnapshotReader.open(opts.url);
  const writers = new Map<Split, { writer: ItemWriter<ExportItem>; sink: FileSink; items: number; envs: number; lastEnv: number }>();
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
      writers.set(split, { writer: plan.open(sink), sink, items: 0, envs: 0, lastEnv: -1 });
    }
    const revisions = new Map<string, number>();
    for await (const batch of plan.items()) {
      opts.signal?.throwIfAborted();
      for (const item of batch) {
        const env = item.env;
        const w = writers.get(env.split);
        if (!w) throw new Error(`no output file for split ${env.split}`);
        await w.writer.add(item);
        w.items++;
        // Items of one environment are adjacent unless shuffled; the Map dedupes either way.
        if (env.envId !== w.lastEnv) {
          w.lastEnv = env.envId;
          if (!revisions.has(env.key)) w.envs++;
          revisions.set(env.key, env.rev);
        }
      }
      done += batch.length;
      if (total !== null) opts.onProgress?.({ done, total });
    }
    const counts = await countsRead;
    // Last chance to stop before files get their final names (the progress report the counts trigger may be what stops it).
    opts.signal?.throwIfAborted();

    const files: ManifestFile[] = [];
    for (const [split, w] of writers) {
      const written = await w.writer.commit();
      files.push({ name: path.basename(written.path), split, bytes: written.bytes, sha256: written.sha256, items: w.items, environments: w.envs });
    }
    writers.clear();
    const sortedKeys = [...revisions.keys()].sort();
    const manifest: ExportManifest = {
      version: 1,
      generator: "codegym-curator",
      exportId: opts.exportId ?? null,
      format: opts.options.format,
      filter: opts.options.filter,
      options: opts.options,
      instructionText: isTrainingFormat(opts.options.format) ? opts.instructionText : null,
      counts: manifestCounts(counts, files, FORMATS[opts.options.format].unit),
      files,
      revisions: Object.fromEntries(sortedKeys.map((k) => [k, revisions.get(k)!])),
      revisionIds: [...revisions.values()].sort((a, b) => a - b),
      who: opts.who,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    };
    writeManifest(manifestFile(opts.out), manifest);
    return manifest;
  } finally {
    await Promise.all([...writers.values()].map(async (w) => void (await Promise.all([w.writer.abort?.(), w.sink.abort()]))));
    await reader.close();
  }
}
