"use client";

import Link from "next/link";
import { formatBytes, formatCount } from "@/components/ui/format";
import styles from "./export.module.css";
import { downloadHref, type ExportJob } from "./use-exports";

const UNIT: Record<string, string> = { "verl-jsonl": "rows", "verl-parquet": "rows", "records-jsonl": "records", sources: "source files" };

/** A running export's progress, then its files to download (each streamed from disk), or its error. */
export function ExportProgress({ job, showLink = true }: { job: ExportJob; showLink?: boolean }) {
  const unit = UNIT[job.format] ?? "items";
  const fraction = job.total > 0 ? Math.min(1, job.done / job.total) : job.status === "succeeded" ? 1 : 0;
  const manifest = job.manifest;
  return (
    <div className={styles.stack} data-testid="export-progress" data-status={job.status}>
      {(job.status === "queued" || job.status === "running") && (
        <div className={styles.row}>
          <div className={styles.progress} role="progressbar" aria-label={`Export ${job.id}`} aria-valuemin={0} aria-valuemax={job.total || 1} aria-valuenow={job.done}>
            <div className={styles.progressBar} style={{ width: `${Math.round(fraction * 100)}%` }} />
          </div>
          <span className={styles.hint} role="status">
            {job.status === "queued" ? "Waiting to start…" : `${formatCount(job.done)} of ${formatCount(job.total)} ${unit}`}
          </span>
        </div>
      )}
      {job.status === "failed" && (
        <p className={styles.error} role="alert" data-testid="export-error">
          Export {job.id} failed: {job.error ?? "unknown error"}
        </p>
      )}
      {job.status === "succeeded" && manifest && (
        <>
          <p className={styles.ok} role="status">
            Export {job.id} is ready: {formatCount(manifest.counts.items)} {unit} of {formatCount(manifest.counts.environments)} environments.
          </p>
          <ul className={styles.files}>
            {manifest.files.map((f) => (
              <li key={f.name}>
                <a href={downloadHref(job.id, f.name)} download data-testid={`download-${f.split}`}>
                  Download {f.name}
                </a>{" "}
                <span className={styles.hint}>
                  {formatBytes(f.bytes)} · {formatCount(f.items)} {unit} · sha256 <span className={styles.mono}>{f.sha256.slice(0, 16)}…</span>
                </span>
              </li>
            ))}
            <li>
              <a href={downloadHref(job.id, job.manifestName ?? undefined)} download data-testid="download-manifest">
                Download the manifest
              </a>{" "}
              <span className={styles.hint}>(filter, options, counts, revision ids, checksums)</span>
            </li>
          </ul>
        </>
      )}
      {showLink && (
        <p className={styles.hint}>
          <Link href={`/exports/${job.id}`}>Details of export {job.id}</Link> · <Link href="/exports">All exports</Link>
        </p>
      )}
    </div>
  );
}
