"use client";

import Link from "next/link";
import { describeError } from "@/lib/client/api-fetch";
import { FORMATS } from "@/lib/export/format-info";
import type { ExportFormat } from "@/lib/export/options";
import { formatBytes, formatCount, formatDate } from "@/components/ui/format";
import styles from "./export.module.css";
import { FilterChips } from "./FilterChips";
import { downloadHref, useExportList, type ExportJob, type ExportJobDetail } from "./use-exports";

/** Every export, newest first, with live progress while any runs. */
export function ExportList({ initial }: { initial: { rows: ExportJobDetail[]; nextBefore: number | null } }) {
  const list = useExportList(initial);
  const rows = list.data?.rows ?? [];
  if (list.error && !list.data) return <p className={styles.error} role="alert">Could not load the exports: {describeError(list.error)}</p>;
  if (rows.length === 0) {
    return (
      <section className="panel" data-testid="exports-empty">
        <h2>No exports yet</h2>
        <p>
          Pick a selection in the <Link href="/environments">environment list</Link> and export it, or start with <Link href="/exports/new">every approved environment</Link>.
          Exports from <code>npm run export</code> are listed here too.
        </p>
      </section>
    );
  }
  return (
    <div className="table-scroll">
      <table className="grid" data-testid="exports-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Format</th>
            <th>Selection</th>
            <th>Status</th>
            <th className="num">Items</th>
            <th>Files</th>
            <th>By</th>
            <th>Started</th>
            <th>Manifest and audit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((job) => (
            <tr key={job.id} data-testid={`export-row-${job.id}`}>
              <td>
                <Link href={`/exports/${job.id}`}>{job.id}</Link>
              </td>
              <td>{FORMATS[job.format as ExportFormat]?.label ?? job.format}</td>
              <td>
                <FilterChips filter={job.options.filter} />
                <OptionNotes job={job} />
              </td>
              <td>
                <span className={`badge ${job.status === "succeeded" ? "verified" : job.status}`}>{job.status}</span>
                {(job.status === "running" || job.status === "queued") && job.total > 0 && (
                  <span className="hint"> {Math.round((job.done / job.total) * 100)}%</span>
                )}
                {job.status === "failed" && <div className="hint error-text">{job.error}</div>}
              </td>
              <td className="num">{job.manifest ? formatCount(job.manifest.counts.items) : job.total ? `${formatCount(job.done)} / ${formatCount(job.total)}` : "–"}</td>
              <td>
                {job.manifest?.files.map((f) => (
                  <div key={f.name}>
                    <a href={downloadHref(job.id, f.name)} download>
                      {f.name}
                    </a>{" "}
                    <span className="hint">{formatBytes(f.bytes)}</span>
                  </div>
                ))}
              </td>
              <td>{job.user?.username ?? job.manifest?.who.username ?? "command line"}</td>
              <td className="nowrap">{formatDate(job.createdAt)}</td>
              <td>
                <details>
                  <summary className="hint">{job.events.length} events{job.manifest ? ", manifest" : ""}</summary>
                  <ul className={styles.events}>
                    {job.events.map((e) => (
                      <li key={e.id}>
                        <code>{e.action}</code> {formatDate(e.at)}
                        {e.user ? ` · ${e.user.username}` : ""}
                        {e.action === "export.download" ? ` · ${String((e.details as { file?: string }).file ?? "")}` : ""}
                      </li>
                    ))}
                  </ul>
                  {job.manifest && (
                    <p className="hint">
                      {formatCount(job.manifest.counts.environments)} environments and their revisions ·{" "}
                      {job.manifestName && (
                        <a href={downloadHref(job.id, job.manifestName)} download>
                          manifest
                        </a>
                      )}
                    </p>
                  )}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.nextBefore && <p className="hint">Showing the latest {rows.length} exports.</p>}
    </div>
  );
}

function OptionNotes({ job }: { job: ExportJob }) {
  const o = job.options;
  const notes = [
    o.includeUnapproved ? "incl. unapproved" : "approved only",
    o.trainingFilter ? "training filter" : null,
    o.shuffle ? `shuffled (seed ${o.seed})` : null,
    o.valFraction > 0 ? `validation ${o.valFraction} (seed ${o.seed})` : null,
  ].filter(Boolean);
  return <div className="hint">{notes.join(" · ")}</div>;
}
