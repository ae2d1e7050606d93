import { isFilterKey } from "@/lib/filters/schema";
import { EXPORT_FORMATS, type ExportFormat, type ExportOptionsInput } from "./options";

// /exports/new?<filter>&<export options>: the filter keys are the list page's,
// the export options have names of their own (no filter key uses them), so one
// URL shares both the selection and how to export it.

export const URL_OPTION_KEYS = ["format", "include_unapproved", "shuffle", "seed", "val_fraction", "training_filter", "data_source", "max_round"] as const;

type Search = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function splitExportSearch(search: Search): { filter: string; options: ExportOptionsInput } {
  const filter = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) {
    if ((URL_OPTION_KEYS as readonly string[]).includes(k) || v === undefined) continue;
    if (isFilterKey(k) || !["sort", "dir", "page", "pageSize"].includes(k)) for (const x of Array.isArray(v) ? v : [v]) filter.append(k, x);
  }
  const format = first(search.format);
  const num = (v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v));
  const flag = (v: string | undefined) => v === "1" || v === "true";
  const options: ExportOptionsInput = {
    format: (EXPORT_FORMATS as readonly string[]).includes(format ?? "") ? (format as ExportFormat) : "verl-jsonl",
    filter: filter.toString(),
    includeUnapproved: flag(first(search.include_unapproved)),
    shuffle: flag(first(search.shuffle)),
    seed: num(first(search.seed)),
    valFraction: num(first(search.val_fraction)),
    trainingFilter: first(search.training_filter) === undefined ? undefined : flag(first(search.training_filter)),
    dataSource: first(search.data_source) || undefined,
    pluginCallMaxRound: num(first(search.max_round)),
  };
  return { filter: filter.toString(), options };
}

/** The URL's query string for a filter and the options that differ from their defaults. */
export function exportSearch(o: ExportOptionsInput): string {
  const params = new URLSearchParams(o.filter ?? "");
  if (o.format !== "verl-jsonl") params.set("format", o.format);
  if (o.includeUnapproved) params.set("include_unapproved", "1");
  if (o.shuffle) params.set("shuffle", "1");
  if (o.seed) params.set("seed", String(o.seed));
  if (o.valFraction) params.set("val_fraction", String(o.valFraction));
  if (o.trainingFilter) params.set("training_filter", "1");
  if (o.dataSource !== undefined && o.dataSource !== "codegym_gym_v1") params.set("data_source", o.dataSource);
  if (o.pluginCallMaxRound !== undefined && o.pluginCallMaxRound !== 256) params.set("max_round", String(o.pluginCallMaxRound));
  return params.toString();
}
