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

export interface ItemWriter<Item> {
  add(item: Item): Promise<void>;
  commit(): Promise<WrittenFile>;
  /** Releases what an unfinished file holds besides its sink (a thread). */
  abort?(): Promise<void>;
}

/** Every item names its environment: the loop routes it to its split's file and records the revision. */
export interface ExportItem {
  env: { envId: number; key: string; rev: number; split: Split };
}

export interface FormatPlan<Item extends ExportItem> {
  counts(): Promise<PlanCounts>;
  /** Batches of complete items, in export order. */
  items(): AsyncGenerator<Item[]>;
  open(sink: FileSink): ItemWriter<Item>;
  /** The item as the file holds it, for the preview. */
  preview(item: Item): unknown;
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
export async function* lookahead<In, Out>(batches: AsyncIterable<In[]>, complete: (batch: In[]) => Promise<Out[]>): AsyncGenerator<Out[]> {
  const it = batches[Symbol.asyncIterator]();
  let nextIn = it.next();
  nextIn.catch(() => {}); // awaited below
  let pending: Promise<Out[]> | null = null;
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
