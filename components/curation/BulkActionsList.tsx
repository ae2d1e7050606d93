"use client";

import { useQuery } from "@tanstack/react-query";
import type { BulkActionView } from "@/lib/bulk/queries";
import { apiFetch } from "@/lib/client/api-fetch";
import { BulkReportView } from "./BulkReportView";
import { EnsureQueryClient } from "./EnsureQueryClient";
import styles from "./curation.module.css";

type View = Omit<BulkActionView, "createdAt" | "finishedAt"> & { createdAt: string | Date; finishedAt: string | Date | null };

/** Recent bulk actions with live progress while any runs. */
export function BulkActionsList({ initial }: { initial: View[] }) {
  return (
    <EnsureQueryClient>
      <Inner initial={initial} />
    </EnsureQueryClient>
  );
}

function Inner({ initial }: { initial: View[] }) {
  const actions = useQuery({
    queryKey: ["curation", "bulk-list"],
    queryFn: () => apiFetch<{ actions: View[] }>("/api/bulk").then((r) => r.actions),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((a) => a.status === "queued" || a.status === "running") ? 1000 : false),
  });
  if (!actions.data.length) return <p className="panel">No bulk actions yet. Start one from the environment list with “Bulk actions…”.</p>;
  return (
    <div className={styles.stack}>
      {actions.data.map((a) => (
        <section key={a.id} className="panel">
          <div className={styles.spread}>
            <strong>#{a.id}</strong>
            <span className="muted">{a.user} · {new Date(a.createdAt).toLocaleString()}{a.finishedAt ? ` → ${new Date(a.finishedAt).toLocaleTimeString()}` : ""}</span>
          </div>
          <BulkReportView action={a} />
        </section>
      ))}
    </div>
  );
}
