"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import type { BulkActionView } from "@/lib/bulk/queries";
import { apiFetch, describeError } from "@/lib/client/api-fetch";
import { REJECT_REASON_LABELS, REJECT_REASONS, type RejectReasonName } from "@/lib/decisions/schema";
import { BulkReportView } from "./BulkReportView";
import { EnsureQueryClient } from "./EnsureQueryClient";
import { curationKeys } from "./query-keys";
import { useSession } from "./use-session";
import styles from "./curation.module.css";

type Kind = "approve" | "reject" | "verify" | "tag" | "untag";
const KIND_LABELS: Record<Kind, string> = { approve: "Approve", reject: "Reject", verify: "Verify", tag: "Add tag", untag: "Remove tag" };

interface Preview {
  total: number;
  byReviewState: Record<string, number>;
  byStatus: Record<string, number>;
}

export interface BulkActionsDialogProps {
  /** The list's current query string (filter; page and sort are ignored), e.g. `subset=Leetcode&status=failed`. */
  filterQuery: string;
}

/**
 * "Bulk actions…" for the WHOLE filtered selection (not just the visible page),
 * shown to admins only: choose an action, see how many it will touch, confirm,
 * then watch it run and read what changed and what was skipped and why.
 */
export function BulkActionsDialog(props: BulkActionsDialogProps) {
  return (
    <EnsureQueryClient>
      <BulkActionsInner {...props} />
    </EnsureQueryClient>
  );
}

function BulkActionsInner({ filterQuery }: BulkActionsDialogProps) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  if (!session.data?.permissions.admin) return null;
  return (
    <>
      <button type="button" className={styles.button} onClick={() => setOpen(true)} data-testid="bulk-open">
        Bulk actions…
      </button>
      {/* In a portal: the button may sit in a heading (the list's), the dialog must not. */}
      {open && createPortal(<BulkDialog filterQuery={filterQuery} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

function BulkDialog({ filterQuery, onClose }: { filterQuery: string; onClose: () => void }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>("approve");
  const [override, setOverride] = useState(false);
  const [reasonCategory, setReasonCategory] = useState<RejectReasonName | "">("");
  const [reason, setReason] = useState("");
  const [scope, setScope] = useState<"unverified" | "all">("unverified");
  const [tag, setTag] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [runId, setRunId] = useState<number | null>(null);

  const preview = useQuery({
    queryKey: curationKeys.bulkPreview(filterQuery),
    queryFn: () => apiFetch<Preview>(`/api/bulk/preview?${filterQuery}`),
  });
  const run = useQuery({
    queryKey: curationKeys.bulk(runId ?? 0),
    queryFn: () => apiFetch<{ action: BulkActionView }>(`/api/bulk/${runId}`).then((r) => r.action),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "succeeded" || q.state.data.status === "failed") ? false : 700),
  });
  const finished = run.data && (run.data.status === "succeeded" || run.data.status === "failed");

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const paramsOk = kind === "reject" ? reasonCategory !== "" && (reasonCategory !== "other" || reason.trim() !== "") : kind === "tag" || kind === "untag" ? tag.trim() !== "" : true;

  async function start() {
    setError(null);
    const body: Record<string, unknown> = { kind, filter: filterQuery, expectedTotal: preview.data?.total };
    if (kind === "approve") body.override = override;
    if (kind === "reject") Object.assign(body, { reasonCategory, reason });
    if (kind === "verify") body.scope = scope;
    if (kind === "tag" || kind === "untag") body.tag = tag;
    try {
      const started = await apiFetch<{ id: number }>("/api/bulk", { method: "POST", body });
      setRunId(started.id);
    } catch (err) {
      setError(describeError(err));
      setConfirming(false);
      void preview.refetch();
    }
  }

  const total = preview.data?.total;
  return (
    <div className={styles.overlay} role="dialog" aria-modal="true" aria-labelledby="bulk-title" data-testid="bulk-dialog">
      <div className={styles.dialog}>
        <h2 id="bulk-title">Bulk action on the filtered selection</h2>
        <p className="muted">
          Filter: <code>{filterQuery || "(none: every environment)"}</code>
        </p>
        {preview.isLoading && <p>Counting…</p>}
        {preview.error && <p className={styles.error}>{describeError(preview.error)}</p>}
        {preview.data && (
          <p data-testid="bulk-preview">
            <strong>{preview.data.total}</strong> environments selected (
            {Object.entries(preview.data.byReviewState).map(([s, n]) => `${n} ${s}`).join(", ") || "none"}; {Object.entries(preview.data.byStatus).map(([s, n]) => `${n} ${s}`).join(", ")}).
          </p>
        )}

        {runId === null ? (
          <div className={styles.stack}>
            <div className={styles.row} role="radiogroup" aria-label="Action">
              {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
                <label key={k} className={styles.check}>
                  <input type="radio" name="bulk-kind" value={k} checked={kind === k} onChange={() => { setKind(k); setConfirming(false); }} /> {KIND_LABELS[k]}
                </label>
              ))}
            </div>
            {kind === "approve" && (
              <label className={styles.check}>
                <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> Also approve environments that are not verified (override, recorded on each decision)
              </label>
            )}
            {kind === "reject" && (
              <>
                <label className={styles.label}>
                  Reason
                  <select className={styles.select} value={reasonCategory} onChange={(e) => setReasonCategory(e.target.value as RejectReasonName)} name="bulk-reason-category">
                    <option value="">Choose a reason…</option>
                    {REJECT_REASONS.map((r) => <option key={r} value={r}>{REJECT_REASON_LABELS[r]}</option>)}
                  </select>
                </label>
                <label className={styles.label}>
                  Details {reasonCategory === "other" ? "(required)" : "(optional)"}
                  <textarea className={styles.textarea} value={reason} onChange={(e) => setReason(e.target.value)} name="bulk-reason" />
                </label>
              </>
            )}
            {kind === "verify" && (
              <div className={styles.stack}>
                <label className={styles.check}><input type="radio" checked={scope === "unverified"} onChange={() => setScope("unverified")} /> Only revisions not verified yet</label>
                <label className={styles.check}><input type="radio" checked={scope === "all"} onChange={() => setScope("all")} /> Re-verify all (skips those already queued or running)</label>
              </div>
            )}
            {(kind === "tag" || kind === "untag") && (
              <label className={styles.label}>
                Tag
                <input className={styles.input} value={tag} onChange={(e) => setTag(e.target.value)} name="bulk-tag" placeholder="e.g. needs-work" />
              </label>
            )}
            <p className={styles.hint}>Environments already in the requested state are skipped and reported, so running the same action twice changes nothing the second time.</p>
            {error && <p className={styles.error} role="alert">{error}</p>}
            <div className={styles.row} style={{ justifyContent: "flex-end" }}>
              <button type="button" className={styles.button} onClick={onClose}>Cancel</button>
              {!confirming ? (
                <button type="button" className={`${styles.button} ${styles.primary}`} disabled={!paramsOk || !total} onClick={() => setConfirming(true)}>
                  Review…
                </button>
              ) : (
                <button type="button" className={`${styles.button} ${kind === "reject" ? styles.reject : styles.primary}`} onClick={start} data-testid="bulk-confirm">
                  {KIND_LABELS[kind]} {total} environments
                </button>
              )}
            </div>
            {confirming && <p className={styles.warn} role="status">This applies to all {total} environments of the filter, not only the visible page. Confirm with the button above.</p>}
          </div>
        ) : (
          <div className={styles.stack}>
            {run.data ? <BulkReportView action={run.data} /> : <p>Starting…</p>}
            {run.error && <p className={styles.error}>{describeError(run.error)}</p>}
            <div className={styles.row} style={{ justifyContent: "flex-end" }}>
              <a className={styles.button} href="/admin/bulk">All bulk actions</a>
              <button type="button" className={`${styles.button} ${styles.primary}`} onClick={() => { onClose(); router.refresh(); }}>
                {finished ? "Close" : "Close (keeps running)"}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
