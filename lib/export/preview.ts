import type { EnvironmentFilter } from "@/lib/filters/schema";
import { FORMATS, splitFile } from "./formats";
import type { ResolvedExportOptions } from "./options";
import { SnapshotReader } from "./pg-snapshot";
import type { PlanCounts } from "./plan";
import { openPlan } from "./run-export";

export const PREVIEW_ROWS = 3;
/** Long texts (sources, docs blocks) are cut in the preview; the export itself never cuts anything. */
export const PREVIEW_TEXT_CHARS = 1500;

export interface ExportPreview {
  counts: PlanCounts;
  unit: "rows" | "environments";
  /** File names the export will write, per split. */
  files: { split: string; name: string }[];
  /** The first rows (or records, or source files) exactly as the export writes them, long strings cut, with the file (split) each goes to. */
  rows: { split: string; value: unknown }[];
  truncatedStrings: boolean;
}

export async function previewExport(opts: {
  url: string;
  options: ResolvedExportOptions;
  filter: EnvironmentFilter;
  instructionText: string;
  baseName: string;
  limit?: number;
}): Promise<ExportPreview> {
  const limit = opts.limit ?? PREVIEW_ROWS;
  const reader = await SnapshotReader.open(opts.url);
  try {
    const plan = await openPlan({ reader, filter: opts.filter, options: opts.options, instructionText: opts.instructionText });
    const counts = await plan.counts();
    const rows: { split: string; value: unknown }[] = [];
    if (limit > 0) {
      for await (const batch of plan.items()) {
        for (let i = 0; i < batch.length; i++) {
          rows.push({ split: batch.env(i).split, value: plan.preview(batch, i) });
          if (rows.length >= limit) break;
        }
        if (rows.length >= limit) break;
      }
    }
    const cut = { any: false };
    return {
      counts,
      unit: FORMATS[opts.options.format].unit,
      files: counts.splits.map((s) => ({ split: s.split, name: splitFile(opts.baseName, opts.options.format, s.split) })),
      rows: rows.map((r) => ({ split: r.split, value: truncateStrings(r.value, cut) })),
      truncatedStrings: cut.any,
    };
  } finally {
    await reader.close();
  }
}

function truncateStrings(value: unknown, cut: { any: boolean }): unknown {
  if (typeof value === "string") {
    if (value.length <= PREVIEW_TEXT_CHARS) return value;
    cut.any = true;
    return `${value.slice(0, PREVIEW_TEXT_CHARS)}… [${value.length - PREVIEW_TEXT_CHARS} more characters]`;
  }
  if (Array.isArray(value)) return value.map((v) => truncateStrings(v, cut));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncateStrings(v, cut)]));
  return value;
}
