import { notFound } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { getEnvironment } from "@/lib/environments/queries";

export const dynamic = "force-dynamic";

export default async function EnvironmentPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const env = await getEnvironment(prisma(), decodeURIComponent(key));
  if (!env) notFound();
  const rev = env.currentRevision;
  return (
    <>
      <h1 className="mono">{env.key}</h1>
      <p><span className={`badge ${env.status}`}>{env.status}</span> {env.subset} · revision {rev?.number}</p>
      <section className="panel">
        <h2>Task</h2>
        <pre style={{ whiteSpace: "pre-wrap" }}>{rev?.taskDescription}</pre>
      </section>
      <section className="panel">
        <h2>Tools ({env.toolCount})</h2>
        <table className="grid" data-testid="tools-table">
          <thead><tr><th>Name</th><th>Code</th><th>Description</th><th>Parameters</th><th>Returns</th></tr></thead>
          <tbody>
            {rev?.tools.map((t) => (
              <tr key={t.id}>
                <td className="mono">{t.name}</td>
                <td>{JSON.stringify(t.actionCode)}</td>
                <td>{t.description}</td>
                <td className="mono">{(t.parameters as { name: string; type: string | null }[]).map((p) => `${p.name}: ${p.type ?? "?"}`).join(", ")}</td>
                <td>{t.returns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Source</h2>
        <pre className="mono" style={{ overflow: "auto", maxHeight: 500 }}>{rev?.sourceCode}</pre>
      </section>
    </>
  );
}
