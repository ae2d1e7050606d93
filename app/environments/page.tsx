import Link from "next/link";
import { prisma } from "@/lib/db/client";
import { listEnvironments } from "@/lib/environments/queries";

export const dynamic = "force-dynamic";

export default async function EnvironmentsPage() {
  const { rows, total } = await listEnvironments(prisma());
  return (
    <>
      <h1>Environments <span className="muted">({total})</span></h1>
      <table className="grid" data-testid="environments-table">
        <thead>
          <tr><th>Key</th><th>Subset</th><th>Tools</th><th>Configurations</th><th>Oracle steps (median / max)</th><th>Status</th><th>Review</th></tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td className="mono"><Link href={`/environments/${encodeURIComponent(e.key)}`}>{e.key}</Link></td>
              <td>{e.subset}</td>
              <td>{e.toolCount}</td>
              <td>{e.configCount}</td>
              <td>{e.stepsMedian ?? "–"} / {e.stepsMax ?? "–"}</td>
              <td><span className={`badge ${e.status}`}>{e.status}</span> {e.passCount}/{e.configCount}</td>
              <td><span className={`badge ${e.reviewState}`}>{e.reviewState}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
