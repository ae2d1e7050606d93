import type { EnvironmentFilter } from "@/lib/filters/schema";
import type { FileSink, WrittenFile } from "./file-sink";
import type { Split } from "./formats";
import type { ResolvedExportOptions } from "./options";
import type { SnapshotReader } from "./pg-snapshot";

// What each format supplies to the one export loop (run-export.ts) and to the
// preview: its counts, its items in export order, a writer per output file.

export interface SplitCount {
  split: Split;
  /** Environments with at least one item in the file. */
  environments: number;
  /** Training rows (veRL) or records/sources (one per environment). */
  items: number;
}

export interface PlanCounts {
  splits: SplitCount[];
  /** Environments the filter (and the approval rule) selected. */
  selectedEnvironments: number;
  /** Configurations of the selected environments' current revisions. */
  selectedConfigurations: number;
  /** Configurations left out by the training filter. */
  droppedConfigurations: number;
}

/** What the export loop needs of an item's environment: the split whose file the item goes to. */
export interface ItemEnv {
  split: Split;
}

/**
 * Items in export order, taken by position: a batch may hold its items as
 * objects (ListBatch) or in flat buffers (TrainingRowBatch), and a writer
 * reads them where they are.
 */
export interface ItemBatch {
  readonly length: number;
  env(i: number): ItemEnv;
}

export interface ItemWriter<Batch extends ItemBatch> {
  /** Writes item `i` of the batch; returns a promise only when the caller must wait for it (backpressure). */
  add(batch: Batch, i: number): void | Promise<void>;
  commit(): Promise<WrittenFile>;
  /** Releases what an unfinished file holds besides its sink (a thread). */
  abort?(): Promise<void>;
}

/** Items that are objects of their own (records, sources): a batch of them. */
export class ListBatch<Item extends { env: ItemEnv }> implements ItemBatch {
  constructor(readonly items: Item[]) {}

  get length(): number {
    return this.items.length;
  }

  env(i: number): ItemEnv {
    return this.items[i]!.env;
  }
}

export interface FormatPlan<Batch extends ItemBatch> {
  counts(): Promise<PlanCounts>;
  /** Batches of complete items, in export order. */
  items(): AsyncGenerator<Batch>;
  open(sink: FileSink): ItemWriter<Batch>;
  /** Item `i` of the batch as the file holds it, for the preview. */
  preview(batch: Batch, i: number): unknown;
}

export interface PlanContext {
  reader: SnapshotReader;
  filter: EnvironmentFilter;
  options: ResolvedExportOptions;
  instructionText: string;
}

export function splitsOf(o: ResolvedExportOptions): Split[] {
  return o.valFraction > 0 ? ["train", "val"] : ["all"];
}

/** Fills in splits without rows, so both files of a split export are always listed. */
export function completeSplits(o: ResolvedExportOptions, found: SplitCount[]): SplitCount[] {
  return splitsOf(o).map((split) => found.find((f) => f.split === split) ?? { split, environments: 0, items: 0 });
}

/**
 * Reads batch N+2 and completes batch N+1 (its side queries) while the caller
 * writes batch N, so neither the database nor the writer waits for the other.
 */
export async function* lookahead<In, Out>(batches: AsyncIterable<In>, complete: (batch: In) => Promise<Out>): AsyncGenerator<Out> {
  const it = batches[Symbol.asyncIterator]();
  let nextIn = it.next();
  nextIn.catch(() => {}); // awaited below
  let pending: Promise<Out> | null = null;
  try {
    for (;;) {
      const got = await nextIn;
      if (got.done) break;
      nextIn = it.next();
      nextIn.catch(() => {});
      const next = complete(got.value);
      next.catch(() => {});
      if (pending) yield await pending;
      pending = next;
    }
    if (pending) yield await pending;
  } finally {
    await it.return?.(undefined);
  }
}
