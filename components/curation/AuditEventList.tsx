import Link from "next/link";
import { pretty, summarize } from "./audit-format";
import styles from "./curation.module.css";

export interface AuditEventView {
  id: number;
  at: Date | string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  details: unknown;
  user: { username: string } | null;
  environment: { key: string } | null;
}

/** Audit events as a table: who, when, what, and before/after on demand. Renders on the server or the client. */
export function AuditEventList({ events, showEnvironment = true }: { events: AuditEventView[]; showEnvironment?: boolean }) {
  if (!events.length) return <p className="muted">No events match.</p>;
  return (
    <table className="grid" data-testid="audit-table">
      <thead>
        <tr>
          <th style={{ width: 170 }}>When</th>
          <th>Who</th>
          <th>Action</th>
          {showEnvironment && <th>Environment</th>}
          <th>What</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-action={e.action}>
            <td className={styles.when} title={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</td>
            <td>{e.user?.username ?? <span className="muted">system</span>}</td>
            <td className="mono">{e.action}</td>
            {showEnvironment && <td className="mono">{e.environment ? <Link href={`/environments/${encodeURIComponent(e.environment.key)}`}>{e.environment.key}</Link> : "–"}</td>}
            <td>
              <details>
                <summary>{summarize(e)}</summary>
                <div className={styles.split}>
                  <div>
                    <span className={styles.hint}>before</span>
                    <pre className={styles.json}>{e.before == null ? "–" : pretty(e.before)}</pre>
                  </div>
                  <div>
                    <span className={styles.hint}>after</span>
                    <pre className={styles.json}>{e.after == null ? "–" : pretty(e.after)}</pre>
                  </div>
                </div>
                {hasKeys(e.details) && <pre className={styles.json}>{pretty(e.details)}</pre>}
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function hasKeys(v: unknown): boolean {
  return !!v && typeof v === "object" && Object.keys(v).length > 0;
}
