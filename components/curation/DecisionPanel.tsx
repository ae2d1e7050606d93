"use client";

import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/client/api-fetch";
import { isTypingTarget } from "@/lib/client/use-shortcuts";
import { REJECT_REASON_LABELS, REJECT_REASONS, type RejectReasonName } from "@/lib/decisions/schema";
import { EnsureQueryClient } from "./EnsureQueryClient";
import { useDecide, useReviewSummary, type ReviewSummaryView } from "./use-review";
import { useSession } from "./use-session";
import styles from "./curation.module.css";

export interface DecisionPanelProps {
  envKey: string;
  /** Review-queue mode: `a` approves and `r` opens the reject form (shown on the buttons). */
  shortcuts?: boolean;
  /** After a decision was recorded (the queue moves on). */
  onDecided?: (decision: "approve" | "reject") => void;
}

/**
 * The review decision of the current revision: state, each reviewer's vote
 * (both, with a second review), disagreements, approve / reject with a reason,
 * the override an unverified approval needs, and the decision history.
 */
export function DecisionPanel(props: DecisionPanelProps) {
  return (
    <EnsureQueryClient>
      <DecisionPanelInner {...props} />
    </EnsureQueryClient>
  );
}

function DecisionPanelInner({ envKey, shortcuts = false, onDecided }: DecisionPanelProps) {
  const session = useSession();
  const summary = useReviewSummary(envKey);
  const decide = useDecide(envKey);
  const [rejecting, setRejecting] = useState(false);
  const [category, setCategory] = useState<RejectReasonName | "">("");
  const [reason, setReason] = useState("");
  const [override, setOverride] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const overrideRef = useRef<HTMLInputElement>(null);
  const categoryRef = useRef<HTMLSelectElement>(null);
  const canDecide = !!session.data?.permissions.curate;
  const s = summary.data;
  const unverified = s ? s.status !== "verified" : false;

  function approve() {
    if (!s?.currentRevisionId) return;
    if (unverified && !override) {
      setNotice(`Revision ${s.currentRevisionNumber} is ${s.status}, not verified: tick “override” to approve it anyway.`);
      overrideRef.current?.focus();
      return;
    }
    setNotice(null);
    decide.mutate({ revisionId: s.currentRevisionId, decision: "approve", override: unverified && override }, { onSuccess: () => onDecided?.("approve") });
  }

  function reject() {
    if (!s?.currentRevisionId || !category) return;
    decide.mutate(
      { revisionId: s.currentRevisionId, decision: "reject", reasonCategory: category, reason },
      {
        onSuccess: () => {
          setRejecting(false);
          setCategory("");
          setReason("");
          onDecided?.("reject");
        },
      },
    );
  }

  useEffect(() => {
    setOverride(false);
    setRejecting(false);
    setNotice(null);
    decide.reset();
    // A new environment (queue) or revision starts clean.
  }, [envKey, s?.currentRevisionId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!shortcuts || !canDecide) return;
    const onKey = (e: KeyboardEvent) => {
      // A focused checkbox (the override) is not typing: `a` still approves from there.
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === "a") {
        e.preventDefault();
        approve();
      } else if (e.key === "r") {
        e.preventDefault();
        setRejecting(true);
        setTimeout(() => categoryRef.current?.focus(), 0);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (summary.isLoading) return <section className="panel" aria-busy="true"><h2>Review</h2><p className="muted">Loading…</p></section>;
  if (summary.error || !s) return <section className="panel"><h2>Review</h2><p className={styles.error}>{describeError(summary.error)}</p></section>;

  return (
    <section className="panel" data-testid="decision-panel" data-review-state={s.reviewState} aria-labelledby="decision-title">
      <div className={styles.spread}>
        <h2 id="decision-title" style={{ margin: 0 }}>
          Review <span className={`badge ${s.reviewState}`} data-testid="review-state">{s.reviewState}</span>
        </h2>
        <span className="muted">
          revision {s.currentRevisionNumber} · <span className={`badge ${s.status}`}>{s.status}</span>
          {s.requiredApprovals > 1 && ` · second review: ${s.tally.approvals} of ${s.requiredApprovals} approvals`}
        </span>
      </div>
      {s.tally.disagreement && (
        <p className={styles.warn} role="status" data-testid="disagreement">
          Reviewers disagree on this revision ({s.tally.approvals} approve, {s.tally.rejects} reject). It counts as {s.reviewState} until one of them changes their decision.
        </p>
      )}
      <Votes summary={s} />
      {canDecide && s.currentRevisionId && (
        <div className={styles.stack} style={{ marginTop: 10 }}>
          <div className={styles.row}>
            <button type="button" className={`${styles.button} ${styles.approve}`} onClick={approve} disabled={decide.isPending} data-testid="approve">
              Approve {shortcuts && <span className={styles.kbd}>a</span>}
            </button>
            <button type="button" className={`${styles.button} ${styles.reject}`} onClick={() => setRejecting((r) => !r)} disabled={decide.isPending} aria-expanded={rejecting} data-testid="reject">
              Reject… {shortcuts && <span className={styles.kbd}>r</span>}
            </button>
            {unverified && (
              <label className={styles.check}>
                <input ref={overrideRef} type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} data-testid="override" />
                Override: approve although revision {s.currentRevisionNumber} is {s.status} (recorded)
              </label>
            )}
          </div>
          {rejecting && (
            <form className={styles.stack} onSubmit={(e) => { e.preventDefault(); reject(); }} aria-label="Reject with a reason" data-testid="reject-form">
              <label className={styles.label}>
                Reason (required)
                <select ref={categoryRef} className={styles.select} value={category} onChange={(e) => setCategory(e.target.value as RejectReasonName)} required name="reasonCategory">
                  <option value="">Choose a reason…</option>
                  {REJECT_REASONS.map((r) => <option key={r} value={r}>{REJECT_REASON_LABELS[r]}</option>)}
                </select>
              </label>
              <label className={styles.label}>
                Details {category === "other" ? "(required)" : "(optional)"}
                <textarea className={styles.textarea} value={reason} onChange={(e) => setReason(e.target.value)} required={category === "other"} name="reason" onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) reject(); }} />
              </label>
              <div className={styles.row}>
                <button type="submit" className={`${styles.button} ${styles.reject}`} disabled={!category || (category === "other" && !reason.trim()) || decide.isPending} data-testid="reject-submit">Reject revision {s.currentRevisionNumber}</button>
                <button type="button" className={styles.button} onClick={() => setRejecting(false)}>Cancel</button>
              </div>
            </form>
          )}
          {notice && <p className={styles.warn} role="alert">{notice}</p>}
          {decide.error && <p className={styles.error} role="alert">{describeError(decide.error)}</p>}
          {decide.data && !decide.data.changed && <p className="muted">You had already decided exactly this; nothing changed.</p>}
        </div>
      )}
      {s.history.length > s.votes.length && (
        <details style={{ marginTop: 8 }}>
          <summary>All decisions ({s.history.length})</summary>
          <ul className={styles.timeline}>
            {s.history.map((d) => (
              <li key={d.id}>
                <span className={styles.when}>{new Date(d.createdAt).toLocaleString()}</span>
                <span>
                  <strong>{d.user.username}</strong> {d.decision === "approve" ? "approved" : "rejected"} revision {d.revision.number}
                  {d.reasonCategory && ` as ${d.reasonCategory}`}{d.reason && `: ${d.reason}`}{d.override && " (override)"}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Votes({ summary }: { summary: ReviewSummaryView }) {
  if (!summary.votes.length) return <p className="muted" style={{ margin: "6px 0" }}>No decision on this revision yet.</p>;
  return (
    <div data-testid="votes">
      {summary.votes.map((v) => (
        <div key={v.id} className={styles.vote}>
          <span className={`badge ${v.decision === "approve" ? "approved" : "rejected"}`}>{v.decision === "approve" ? "approved" : "rejected"}</span>
          <strong>{v.user.username}</strong>
          {v.reasonCategory && <span>{REJECT_REASON_LABELS[v.reasonCategory]}</span>}
          {v.reason && <span className="muted">“{v.reason}”</span>}
          {v.override && <span className="badge queued" title="approved although not verified">override</span>}
          <span className={styles.when}>{new Date(v.createdAt).toLocaleString()}</span>
        </div>
      ))}
    </div>
  );
}
