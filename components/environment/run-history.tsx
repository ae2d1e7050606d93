import type { RunSummary } from "@/lib/environments/queries";
import { formatDate, formatSeconds } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

const seconds = (a: Date | null, b: Date | null) => (a && b ? (b.getTime() - a.getTime()) / 1000 : null);

/** Every verification run of every revision, newest first; the current revision's are marked. */
export function RunHistory({ runs, currentRevisionId }: { runs: RunSummary[]; currentRevisionId: number | null }) {
  if (runs.length === 0) return <p className="muted" data-testid="no-runs">Never verified. A curator can start a run with “Verify now” above.</p>;
  return (
    <div className="table-scroll">
      <table className="grid" data-testid="runs-table">
        <thead>
          <tr>
            <th className="num">Run</th>
            <th>Revision</th>
            <th>Status</th>
            <th className="num">Passed</th>
            <th>Requested</th>
            <th>Started</th>
            <th className="num">Took</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td className="num">{r.id}</td>
              <td>
                {r.revision.number}
                {r.revisionId === currentRevisionId && <span className="muted"> (current)</span>}
              </td>
              <td><StatusBadge status={r.status} /></td>
              <td className="num">
                {r.passed}/{r.total}
                {r.status === "running" && <span className="muted"> ({r.done} done)</span>}
              </td>
              <td>
                {formatDate(r.createdAt)}
                <span className="muted">
                  {r.requestedBy ? ` by ${r.requestedBy.username}` : ""}
                  {r.bulkActionId ? ` · bulk action ${r.bulkActionId}` : ""}
                </span>
              </td>
              <td>{formatDate(r.startedAt)}</td>
              <td className="num">{formatSeconds(seconds(r.startedAt, r.finishedAt))}</td>
              <td className="message">{r.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
