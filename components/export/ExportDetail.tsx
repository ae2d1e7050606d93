"use client";

import Link from "next/link";
import { FORMATS } from "@/lib/export/format-info";
import type { ExportFormat } from "@/lib/export/options";
import { formatCount, formatDate } from "@/components/ui/format";
import styles from "./export.module.css";
import { ExportProgress } from "./ExportProgress";
import { FilterChips } from "./FilterChips";
import { useExportJob, type ExportJobDetail } from "./use-exports";
import { exportSearch } from "@/lib/export/url-options";

/** One export: progress or downloads, what it was asked for, what it wrote, and its audit trail. */
export function ExportDetail({ initial }: { initial: ExportJobDetail }) {
  const { data } = useExportJob(initial.id, initial);
  const job = data ?? initial;
  const o = job.options;
  const m = job.manifest;
  const again = exportSearch({ ...o, trainingFilter: FORMATS[o.format].unit === "rows" ? o.trainingFilter : undefined, dataSource: FORMATS[o.format].unit === "rows" ? o.dataSource : undefined, pluginCallMaxRound: FORMATS[o.format].unit === "rows" ? o.pluginCallMaxRound : undefined });
  return (
    <div className={styles.stack}>
      <section className="panel">
        <ExportProgress job={job} showLink={false} />
      </section>
      <section className="panel">
        <h2>Request</h2>
        <dl className={styles.facts}>
          <dt>Format</dt>
          <dd>{FORMATS[job.format as ExportFormat]?.label ?? job.format}</dd>
          <dt>Selection</dt>
          <dd>
            <FilterChips filter={o.filter} /> <Link href={`/environments${o.filter ? `?${o.filter}` : ""}`}>open in the list</Link>
          </dd>
          <dt>Review</dt>
          <dd>{o.includeUnapproved ? "all environments" : "approved environments only"}</dd>
          <dt>Order</dt>
          <dd>{o.shuffle ? `shuffled with seed ${o.seed}` : "by environment key, configurations in order"}</dd>
          <dt>Split</dt>
          <dd>{o.valFraction > 0 ? `${o.valFraction} of environments to validation (seed ${o.seed})` : "one file"}</dd>
          {FORMATS[o.format].unit === "rows" && (
            <>
              <dt>Training filter</dt>
              <dd>{o.trainingFilter ? "10–256 oracle steps, Bo4 ≤ 0.25 where known" : "off"}</dd>
              <dt>data_source / budget</dt>
              <dd>
                <code>{o.dataSource}</code> / {o.pluginCallMaxRound} calls
              </dd>
            </>
          )}
          <dt>Started</dt>
          <dd>
            {formatDate(job.createdAt)} by {job.user?.username ?? m?.who.username ?? "the command line"}
          </dd>
          <dt>Finished</dt>
          <dd>{formatDate(job.finishedAt)}</dd>
        </dl>
        <p className={styles.hint}>
          <Link href={`/exports/new?${again}`}>Export again with these options</Link> (it reads the data as it is then).
        </p>
      </section>
      {m && (
        <section className="panel">
          <h2>Manifest</h2>
          <dl className={styles.facts}>
            <dt>Environments</dt>
            <dd>
              {formatCount(m.counts.environments)} exported of {formatCount(m.counts.selectedEnvironments)} selected
            </dd>
            <dt>{m.counts.unit === "rows" ? "Rows" : "Items"}</dt>
            <dd>
              {formatCount(m.counts.items)}
              {m.counts.droppedConfigurations > 0 && ` (${formatCount(m.counts.droppedConfigurations)} configurations left out by the training filter)`}
            </dd>
            <dt>Revisions</dt>
            <dd>{formatCount(m.counts.environments)}, one per environment (listed in the manifest file)</dd>
          </dl>
          <details>
            <summary>The manifest, without its revision lists</summary>
            <pre className={styles.json}>{JSON.stringify(m, null, 2)}</pre>
          </details>
        </section>
      )}
      <section className="panel">
        <h2>Audit events</h2>
        <ul className={styles.events} data-testid="export-events">
          {job.events.map((e) => (
            <li key={e.id}>
              <code>{e.action}</code> {formatDate(e.at)} {e.user ? `by ${e.user.username}` : ""}{" "}
              {e.action === "export.download" && <span className={styles.hint}>{String((e.details as { file?: string }).file ?? "")}</span>}
              {e.action === "export.fail" && <span className="error-text">{String((e.details as { error?: string }).error ?? "")}</span>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
