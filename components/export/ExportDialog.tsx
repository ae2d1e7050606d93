"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import { describeError } from "@/lib/client/api-fetch";
import { FORMATS } from "@/lib/export/format-info";
import type { InstructionText } from "@/lib/export/instruction-text";
import { EXPORT_FORMATS, isTrainingFormat, type ExportOptionsInput } from "@/lib/export/options";
import { exportSearch } from "@/lib/export/url-options";
import { formatCount } from "@/components/ui/format";
import { checkOptions, formFromOptions, optionsFromForm, type ExportFormState, type FieldErrors } from "./export-form";
import styles from "./export.module.css";
import { ExportPreviewPanel } from "./ExportPreviewPanel";
import { ExportProgress } from "./ExportProgress";
import { FilterChips } from "./FilterChips";
import { InstructionTextEditor } from "./InstructionTextEditor";
import { useExportJob, useExportPreview, useStartExport, type Json } from "./use-exports";

export interface ExportDialogProps {
  /** The environment filter, as the list page's query string. */
  filter: string;
  initialOptions: ExportOptionsInput;
  canEditInstructions: boolean;
  instructionText?: Json<InstructionText>;
  /** Keep the URL in step with the options (the /exports/new page), so the link can be shared. */
  syncUrl?: boolean;
}

/** Settles after the user stops typing, so the preview is not recounted per keystroke. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * The export dialog: format and options for the filtered selection, a live
 * preview (counts per file and the first rows), then the export's progress
 * and its downloads. Options are checked here with the same schema the server uses.
 */
export function ExportDialog({ filter, initialOptions, canEditInstructions, instructionText, syncUrl = false }: ExportDialogProps) {
  const id = useId();
  const pathname = usePathname();
  const [form, setForm] = useState<ExportFormState>(() => formFromOptions(initialOptions));
  const options = useMemo(() => optionsFromForm(form, filter), [form, filter]);
  const errors: FieldErrors = useMemo(() => checkOptions(options), [options]);
  const valid = Object.keys(errors).length === 0;
  const settled = useDebounced(valid ? options : null, 300);
  const preview = useExportPreview(settled);
  const start = useStartExport();
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useExportJob(jobId);
  const training = isTrainingFormat(form.format);

  useEffect(() => {
    if (!syncUrl || !settled) return;
    const qs = exportSearch(settled);
    // history.replaceState keeps Next's router in step without asking the server to render the page again.
    window.history.replaceState(window.history.state, "", `${pathname}${qs ? `?${qs}` : ""}`);
  }, [settled, syncUrl, pathname]);

  const set = <K extends keyof ExportFormState>(key: K, value: ExportFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const items = preview.data ? preview.data.counts.splits.reduce((n, s) => n + s.items, 0) : null;
  const running = job.data && (job.data.status === "queued" || job.data.status === "running");
  const unitLabel = form.format === "sources" ? "Source files" : form.format === "records-jsonl" ? "Records" : "Rows";

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid || running) return;
    start.mutate(options, { onSuccess: (started) => setJobId(started.id) });
  };

  return (
    <form className={styles.layout} onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="export-dialog">
      <div className={styles.stack}>
        <h2 id={`${id}-title`} style={{ margin: 0 }}>
          Export {items === null ? "" : `${formatCount(items)} ${unitLabel.toLowerCase()}`}
          {preview.data && items !== null ? ` of ${formatCount(preview.data.counts.splits.reduce((n, sp) => n + sp.environments, 0))} environments` : ""}
        </h2>
        <div className={styles.stack}>
          <span className={styles.hint}>Selection (the environment list’s filter):</span>
          <FilterChips filter={filter} />
          <Link className={styles.hint} href={`/environments${filter ? `?${filter}` : ""}`}>
            Change the selection in the environment list
          </Link>
          {errors.filter && <p className={styles.fieldError} role="alert">{errors.filter}</p>}
        </div>

        <fieldset className={styles.fieldset}>
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f} className={styles.choice}>
              <input type="radio" name={`${id}-format`} value={f} checked={form.format === f} onChange={() => set("format", f)} data-testid={`format-${f}`} />
              <span className={styles.choiceText}>
                <span>{FORMATS[f].label}</span>
                <span className={styles.choiceHint}>{FORMATS[f].description}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend>Options</legend>
          <label className={styles.check}>
            <input type="checkbox" checked={form.includeUnapproved} onChange={(e) => set("includeUnapproved", e.target.checked)} data-testid="include-unapproved" />
            Include environments not approved in review
          </label>
          {training && (
            <label className={styles.check}>
              <input type="checkbox" checked={form.trainingFilter} onChange={(e) => set("trainingFilter", e.target.checked)} data-testid="training-filter" />
              CodeGym’s training filter: 10–256 oracle steps, Bo4 score ≤ 0.25 where known (per configuration)
            </label>
          )}
          <div className={styles.row}>
            <label className={styles.check}>
              <input type="checkbox" checked={form.shuffle} onChange={(e) => set("shuffle", e.target.checked)} data-testid="shuffle" />
              Shuffle
            </label>
            <label className={styles.inline}>
              seed
              <input className={`${styles.input} ${styles.narrow}`} inputMode="numeric" value={form.seed} onChange={(e) => set("seed", e.target.value)} aria-invalid={!!errors.seed} data-testid="seed" />
            </label>
            <label className={styles.inline}>
              validation share
              <input className={`${styles.input} ${styles.narrow}`} inputMode="decimal" value={form.valFraction} onChange={(e) => set("valFraction", e.target.value)} aria-invalid={!!errors.valFraction} data-testid="val-fraction" />
            </label>
          </div>
          <p className={styles.hint}>The seed orders the shuffle and picks the validation environments (whole environments, by key), the same way every time.</p>
          {errors.seed && <p className={styles.fieldError}>seed: {errors.seed}</p>}
          {errors.valFraction && <p className={styles.fieldError}>validation share: {errors.valFraction}</p>}
          {training && (
            <div className={styles.row}>
              <label className={styles.inline}>
                data_source
                <input className={styles.input} value={form.dataSource} onChange={(e) => set("dataSource", e.target.value)} aria-invalid={!!errors.dataSource} data-testid="data-source" />
              </label>
              <label className={styles.inline}>
                plugin_call_max_round
                <input className={`${styles.input} ${styles.narrow}`} inputMode="numeric" value={form.maxRound} onChange={(e) => set("maxRound", e.target.value)} aria-invalid={!!errors.pluginCallMaxRound} data-testid="max-round" />
              </label>
            </div>
          )}
          {errors.dataSource && <p className={styles.fieldError}>data_source: {errors.dataSource}</p>}
          {errors.pluginCallMaxRound && <p className={styles.fieldError}>plugin_call_max_round: {errors.pluginCallMaxRound}</p>}
        </fieldset>

        {training && (
          <fieldset className={styles.fieldset}>
            <legend>Prompt</legend>
            <InstructionTextEditor canEdit={canEditInstructions} initial={instructionText} />
          </fieldset>
        )}
      </div>

      <section className={`panel ${styles.stack} ${styles.sticky}`} aria-label="Preview and start" style={{ margin: 0 }}>
        <div className={styles.row}>
          <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={!valid || !!running || start.isPending || items === 0} data-testid="start-export">
            {start.isPending ? "Starting…" : running ? "Exporting…" : "Start export"}
          </button>
          {items === 0 && <span className={styles.hint}>Nothing to export with these options.</span>}
        </div>
        {start.error && <p className={styles.error} role="alert">{describeError(start.error)}</p>}
        {job.data && <ExportProgress job={job.data} />}
        <h2 style={{ margin: 0 }}>Preview</h2>
        <ExportPreviewPanel preview={preview.data} error={preview.error} loading={preview.isFetching} unitLabel={unitLabel} />
      </section>
    </form>
  );
}
