"use client";

import Link from "next/link";
import type { BulkActionView } from "@/lib/bulk/queries";
import styles from "./curation.module.css";

type View = Omit<BulkActionView, "createdAt" | "finishedAt"> & { createdAt: string | Date; finishedAt: string | Date | null };

const envLink = (key: string) => <Link key={key} href={`/environments/${encodeURIComponent(key)}`} className="mono">{key}</Link>;

/** Progress and outcome of one bulk action: what changed, what was skipped and why. */
export function BulkReportView({ action }: { action: View }) {
  const pct = action.total ? Math.round((100 * action.done) / action.total) : action.status === "succeeded" ? 100 : 0;
  const report = "changed" in action.report ? action.report : { changed: [], skipped: {}, errors: [] };
  return (
    <div className={styles.stack} data-testid="bulk-report" data-status={action.status}>
      <div className={styles.row}>
        <span className={`badge ${action.status === "succeeded" ? "approved" : action.status === "failed" ? "rejected" : "running"}`}>{action.status}</span>
        <span>
          {action.description} · filter <code>{action.filter || "(everything)"}</code>
        </span>
      </div>
      <div className={styles.row}>
        <div className={styles.progress} style={{ width: 240 }} role="progressbar" aria-valuemin={0} aria-valuemax={action.total} aria-valuenow={action.done}>
          <div className={styles.progressBar} style={{ width: `${pct}%` }} />
        </div>
        <span data-testid="bulk-counts">
          {action.done} / {action.total} done · <strong>{action.changed} changed</strong> · {action.skipped} skipped
        </span>
      </div>
      {action.error && <p className={styles.error}>{action.error}</p>}
      {report.changed.length > 0 && (
        <details>
          <summary>Changed ({action.changed})</summary>
          <div className={styles.row} style={{ marginTop: 4 }}>{report.changed.map(envLink)}{action.changed > report.changed.length && <span className="muted">… and {action.changed - report.changed.length} more</span>}</div>
        </details>
      )}
      {Object.entries(report.skipped).map(([reason, { count, keys }]) => (
        <details key={reason}>
          <summary>Skipped {count}: {reason}</summary>
          <div className={styles.row} style={{ marginTop: 4 }}>{keys.map(envLink)}{count > keys.length && <span className="muted">… and {count - keys.length} more</span>}</div>
        </details>
      ))}
      {report.errors.length > 0 && (
        <details open>
          <summary className={styles.configBad}>Failed {report.errors.length}</summary>
          <ul>{report.errors.map((e) => <li key={e.key}><span className="mono">{e.key}</span>: {e.message}</li>)}</ul>
        </details>
      )}
    </div>
  );
}
