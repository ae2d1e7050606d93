"use client";

import { describeError } from "@/lib/client/api-fetch";
import type { ExportPreview } from "@/lib/export/preview";
import { formatCount } from "@/components/ui/format";
import styles from "./export.module.css";
import { PreviewValue } from "./PreviewValue";

const SPLIT_LABEL: Record<string, string> = { all: "all", train: "training", val: "validation" };

/** Counts per file and the first rows, exactly as the export will write them (long texts cut). */
export function ExportPreviewPanel({ preview, error, loading, unitLabel }: { preview: ExportPreview | undefined; error: unknown; loading: boolean; unitLabel: string }) {
  if (error) {
    return (
      <p className={styles.error} role="alert" data-testid="preview-error">
        The preview failed: {describeError(error)}
      </p>
    );
  }
  if (!preview) return <p className="hint" aria-busy="true">{loading ? "Counting…" : "Fix the options to see a preview."}</p>;
  const { counts } = preview;
  const total = counts.splits.reduce((n, s) => n + s.items, 0);
  return (
    <div className={`${styles.stack} ${loading ? styles.updating : ""}`} aria-busy={loading} data-testid="export-preview">
      <table className={styles.counts}>
        <thead>
          <tr>
            <th>File</th>
            <th>Split</th>
            <th className={styles.num}>Environments</th>
            <th className={styles.num}>{unitLabel}</th>
          </tr>
        </thead>
        <tbody>
          {counts.splits.map((s) => (
            <tr key={s.split} data-testid={`preview-split-${s.split}`}>
              <td className={styles.mono}>{preview.files.find((f) => f.split === s.split)?.name}</td>
              <td>{SPLIT_LABEL[s.split] ?? s.split}</td>
              <td className={styles.num}>{formatCount(s.environments)}</td>
              <td className={styles.num} data-testid="preview-items">{formatCount(s.items)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.hint} data-testid="preview-summary">
        {formatCount(counts.selectedEnvironments)} environments selected with {formatCount(counts.selectedConfigurations)} configurations
        {counts.droppedConfigurations > 0 ? `; the training filter leaves out ${formatCount(counts.droppedConfigurations)}` : ""}.
      </p>
      {total === 0 && (
        <p className={styles.warn} data-testid="preview-empty">
          Nothing to export: no {counts.selectedEnvironments === 0 ? "environment matches (only approved ones count unless you include the others)" : "configuration passes the training filter"}.
        </p>
      )}
      {preview.rows.length > 0 && (
        <div className={styles.stack}>
          <h3 style={{ margin: 0, fontSize: 14 }}>
            First {preview.rows.length === 1 ? "item" : `${preview.rows.length} items`}
            {preview.truncatedStrings && <span className={styles.hint}> (long texts cut here, never in the file)</span>}
          </h3>
          {preview.rows.map((r, i) => (
            <details key={i} className={styles.rowPreview} open={i === 0}>
              <summary>
                {SPLIT_LABEL[r.split] ?? r.split} · {summaryOf(r.value)}
              </summary>
              <div className={styles.json}>
                <PreviewValue value={r.value} />
                <details>
                  <summary className={styles.hint}>As JSON</summary>
                  <pre className={styles.text}>{JSON.stringify(r.value, null, 2)}</pre>
                </details>
              </div>
            </details>
          ))}
        </div>
      )}
    </div>
  );
}

function summaryOf(value: unknown): string {
  const v = value as Record<string, unknown>;
  if (typeof v?.ability === "string") return v.ability;
  if (typeof v?.code_id === "string") return `${v.code_id}__${String(v.env_name ?? "")}`;
  if (typeof v?.file === "string") return v.file;
  return "item";
}
