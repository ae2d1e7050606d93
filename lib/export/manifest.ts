import fs from "node:fs";
import path from "node:path";
import type { Split } from "./formats";
import type { ExportFormat, ResolvedExportOptions } from "./options";
import type { PlanCounts } from "./plan";

export interface ManifestFile {
  /** File name, relative to the manifest's folder. */
  name: string;
  split: Split;
  bytes: number;
  sha256: string;
  /** Training rows, or records/sources (one per environment). */
  items: number;
  environments: number;
}

export interface ExportWho {
  userId: number | null;
  username: string | null;
  /** "web" or "cli". */
  via: "web" | "cli";
}

/** Written next to the data files as `<stem>.manifest.json`; its summary (all but the per-environment lists) is stored on the ExportJob row. */
export interface ExportManifest {
  version: 1;
  generator: "codegym-curator";
  exportId: number | null;
  format: ExportFormat;
  /** The environment filter as the list page's query string ("" = every environment). */
  filter: string;
  options: ResolvedExportOptions;
  /** The fixed instructions in each training row's user message (training formats only). */
  instructionText: string | null;
  counts: {
    environments: number;
    /** Training rows for the veRL formats; records or source files otherwise. */
    items: number;
    unit: "rows" | "environments";
    selectedEnvironments: number;
    selectedConfigurations: number;
    droppedConfigurations: number;
  };
  files: ManifestFile[];
  /** The revision exported for each environment, as `key → revision id` (sorted by key). */
  revisions: Record<string, number>;
  /** The same ids as a sorted list. */
  revisionIds: number[];
  who: ExportWho;
  startedAt: string;
  finishedAt: string;
}

export function manifestCounts(counts: PlanCounts, files: ManifestFile[], unit: "rows" | "environments"): ExportManifest["counts"] {
  return {
    environments: files.reduce((n, f) => n + f.environments, 0),
    items: files.reduce((n, f) => n + f.items, 0),
    unit,
    selectedEnvironments: counts.selectedEnvironments,
    selectedConfigurations: counts.selectedConfigurations,
    droppedConfigurations: counts.droppedConfigurations,
  };
}

/**
 * The manifest without its per-environment lists, whose length is
 * `counts.environments`: what the ExportJob row, the web pages and the CLI
 * hold. The lists grow with the export; only the file has them.
 */
export type ExportSummary = Omit<ExportManifest, "revisions" | "revisionIds">;

/** The manifest's two lists, read as the file is written: (key, revision) by key, and the revision ids in order. */
export interface RevisionLists {
  byKey: AsyncIterable<[string, number]>;
  ids: AsyncIterable<number>;
}

const LIST_MARK = "\u0000list\u0000";

/**
 * Writes the manifest as JSON.stringify(manifest, null, 2) would, with the
 * two lists streamed in rather than built in memory: an export of a million
 * environments writes its manifest in the memory of a small one. Both lists
 * must hold `counts.environments` entries (the counts and the lists come from
 * one snapshot, so anything else is a bug worth stopping for).
 */
export async function writeManifest(file: string, summary: ExportSummary, lists: RevisionLists): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const { version, generator, exportId, format, filter, options, instructionText, counts, files, ...rest } = summary;
  const layout = JSON.stringify({ version, generator, exportId, format, filter, options, instructionText, counts, files, revisions: LIST_MARK, revisionIds: LIST_MARK, ...rest }, null, 2);
  const [head, between, tail] = layout.split(JSON.stringify(LIST_MARK));
  if (tail === undefined) throw new Error("the manifest's layout lost its list marks");
  const out = await fs.promises.open(partial, "w");
  let written = false;
  try {
    let chunk = "";
    const write = async (text: string) => {
      chunk += text;
      if (chunk.length >= 1 << 16) {
        await out.write(chunk);
        chunk = "";
      }
    };
    const list = async <T>(entries: AsyncIterable<T>, open: string, close: string, entry: (e: T) => string) => {
      let n = 0;
      for await (const e of entries) await write(`${n++ ? "," : open}\n    ${entry(e)}`);
      await write(n ? `\n  ${close}` : `${open}${close}`);
      if (n !== counts.environments) throw new Error(`the manifest lists ${n} revisions for ${counts.environments} environments`);
    };
    await write(head!);
    await list(lists.byKey, "{", "}", ([key, rev]) => `${JSON.stringify(key)}: ${rev}`);
    await write(between!);
    await list(lists.ids, "[", "]", (id) => String(id));
    await write(`${tail}\n`);
    await out.write(chunk);
    written = true;
  } finally {
    await out.close();
    if (!written) fs.rmSync(partial, { force: true });
  }
  fs.renameSync(partial, file);
}
