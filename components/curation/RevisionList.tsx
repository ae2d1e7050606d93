import Link from "next/link";
import { formatDate } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import type { RevisionListRow } from "@/lib/revisions/queries";
import { compareHref } from "./compare-href";
import { RestoreRevisionButton } from "./RestoreRevisionButton";


/** Every revision, newest first, with links that pick the left (A) and right (B) side of the diff. */
export function RevisionList({ envKey, rows, a, b, canRestore }: { envKey: string; rows: RevisionListRow[]; a: number; b: number; canRestore: boolean }) {
  const current = rows.find((r) => r.current);
  return (
    <div className="table-scroll">
      <table className="env-table" data-testid="revision-list">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Author</th>
            <th>Saved</th>
            <th>Message</th>
            <th>Latest run</th>
            <th>Compare</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`revision-row-${r.number}`} className={r.id === a || r.id === b ? "selected" : undefined}>
              <td className="nowrap">
                {r.number}
                {r.current && <span className="muted"> (current)</span>}
                {r.parentNumber !== null && <span className="muted"> · from {r.parentNumber}</span>}
              </td>
              <td>{r.author ?? <span className="muted">import</span>}</td>
              <td className="nowrap">{formatDate(r.createdAt)}</td>
              <td>{r.message || <span className="muted">–</span>}</td>
              <td>{r.latestRun ? <StatusBadge status={r.latestRun.status} title={`${r.latestRun.passed}/${r.latestRun.total} passed`} /> : <span className="muted">never run</span>}</td>
              <td className="nowrap row">
                <Link href={compareHref(envKey, r.id, b)} aria-current={r.id === a ? "true" : undefined} data-testid={`pick-a-${r.number}`}>
                  {r.id === a ? "A ✓" : "as A"}
                </Link>
                <Link href={compareHref(envKey, a, r.id)} aria-current={r.id === b ? "true" : undefined} data-testid={`pick-b-${r.number}`}>
                  {r.id === b ? "B ✓" : "as B"}
                </Link>
                {r.parentId !== null && <Link href={compareHref(envKey, r.parentId, r.id)}>vs parent</Link>}
                {canRestore && current && !r.current && <RestoreRevisionButton envKey={envKey} number={r.number} currentId={current.id} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
