import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { filterToQuery, parseFilter, type EnvironmentFilter } from "@/lib/filters/schema";

// The one schema of an export's options, shared by POST /api/exports, the export
// dialog and `npm run export`. Options that only make sense for training rows
// are rejected (naming the field) for the other formats, rather than ignored.

export const EXPORT_FORMATS = ["verl-jsonl", "verl-parquet", "records-jsonl", "sources"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const DEFAULT_DATA_SOURCE = "codegym_gym_v1";
export const DEFAULT_PLUGIN_CALL_MAX_ROUND = 256;
export const MAX_SEED = 2 ** 31 - 1;

const TRAINING_ONLY = ["trainingFilter", "dataSource", "pluginCallMaxRound"] as const;

export function isTrainingFormat(format: ExportFormat): boolean {
  return format === "verl-jsonl" || format === "verl-parquet";
}

export const exportOptionsSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** The environment list's URL query string (sort and page parameters are ignored). */
    filter: z.string().max(4000).default(""),
    /** By default only environments whose review state is `approved` are exported. */
    includeUnapproved: z.boolean().default(false),
    /** Seeds the shuffle and the train/validation split. */
    seed: z.number().int().min(0).max(MAX_SEED).default(0),
    shuffle: z.boolean().default(false),
    /** Share of environments (not rows) put in the validation file; 0 writes one file. */
    valFraction: z.number().min(0).max(0.9).default(0),
    /** CodeGym's training split per configuration: 10..256 oracle steps and Bo4 score at most 0.25 where known. */
    trainingFilter: z.boolean().optional(),
    dataSource: z.string().trim().min(1).max(200).optional(),
    pluginCallMaxRound: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    try {
      parseFilter(o.filter);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["filter"], message: error instanceof DomainError ? error.message : String(error) });
    }
    if (!isTrainingFormat(o.format)) {
      for (const key of TRAINING_ONLY) {
        if (o[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `applies to the training formats (verl-jsonl, verl-parquet) only, not ${o.format}` });
      }
    }
  });

export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;
export type ExportOptions = z.output<typeof exportOptionsSchema>;

/** Options with every default filled in and the filter parsed: what an export actually runs with. */
export interface ResolvedExportOptions {
  format: ExportFormat;
  /** The filter's canonical query string. */
  filter: string;
  includeUnapproved: boolean;
  seed: number;
  shuffle: boolean;
  valFraction: number;
  trainingFilter: boolean;
  dataSource: string;
  pluginCallMaxRound: number;
}

export function resolveOptions(o: ExportOptions): { options: ResolvedExportOptions; filter: EnvironmentFilter } {
  const filter = parseFilter(o.filter);
  return {
    filter,
    options: {
      format: o.format,
      filter: filterToQuery(filter),
      includeUnapproved: o.includeUnapproved,
      seed: o.seed,
      shuffle: o.shuffle,
      valFraction: o.valFraction,
      trainingFilter: o.trainingFilter ?? false,
      dataSource: o.dataSource ?? DEFAULT_DATA_SOURCE,
      pluginCallMaxRound: o.pluginCallMaxRound ?? DEFAULT_PLUGIN_CALL_MAX_ROUND,
    },
  };
}

/** Parses and resolves in one step, for callers holding untrusted input (CLI, tests). */
export function parseExportOptions(input: unknown) {
  return resolveOptions(exportOptionsSchema.parse(input));
}
