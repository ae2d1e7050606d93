import { DEFAULT_DATA_SOURCE, DEFAULT_PLUGIN_CALL_MAX_ROUND, exportOptionsSchema, isTrainingFormat, type ExportFormat, type ExportOptionsInput } from "@/lib/export/options";

// The dialog's form state (text as typed) and its translation to the shared
// option schema, which also checks it in the browser before anything is sent.

export interface ExportFormState {
  format: ExportFormat;
  includeUnapproved: boolean;
  shuffle: boolean;
  seed: string;
  valFraction: string;
  trainingFilter: boolean;
  dataSource: string;
  maxRound: string;
}

export function formFromOptions(o: ExportOptionsInput): ExportFormState {
  return {
    format: o.format,
    includeUnapproved: o.includeUnapproved ?? false,
    shuffle: o.shuffle ?? false,
    seed: o.seed === undefined ? "0" : String(o.seed),
    valFraction: o.valFraction === undefined ? "0" : String(o.valFraction),
    trainingFilter: o.trainingFilter ?? false,
    dataSource: o.dataSource ?? DEFAULT_DATA_SOURCE,
    maxRound: o.pluginCallMaxRound === undefined ? String(DEFAULT_PLUGIN_CALL_MAX_ROUND) : String(o.pluginCallMaxRound),
  };
}

const number = (text: string) => (text.trim() === "" ? NaN : Number(text));

export function optionsFromForm(form: ExportFormState, filter: string): ExportOptionsInput {
  const base: ExportOptionsInput = {
    format: form.format,
    filter,
    includeUnapproved: form.includeUnapproved,
    shuffle: form.shuffle,
    seed: number(form.seed),
    valFraction: number(form.valFraction),
  };
  if (!isTrainingFormat(form.format)) return base;
  return { ...base, trainingFilter: form.trainingFilter, dataSource: form.dataSource, pluginCallMaxRound: number(form.maxRound) };
}

export type FieldErrors = Partial<Record<keyof ExportOptionsInput | "form", string>>;

/** Field errors by option name, from the same schema the server applies. */
export function checkOptions(options: ExportOptionsInput): FieldErrors {
  const parsed = exportOptionsSchema.safeParse(options);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = (issue.path[0] as keyof ExportOptionsInput | undefined) ?? "form";
    errors[field] ??= issue.message;
  }
  return errors;
}
