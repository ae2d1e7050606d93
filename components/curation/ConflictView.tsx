"use client";

import { useState } from "react";
import { formatDate } from "@/components/ui/format";
import { DRAFT_FIELDS, FIELD_LABELS, type DraftField, type EditDraft, type EditableRevision } from "./edit-draft";
import { RevisionDiff } from "./RevisionDiff";
import styles from "./curation.module.css";

export interface ConflictViewProps {
  theirs: EditableRevision;
  /** What saving on top of theirs would store (my changes, theirs where I changed nothing). */
  mine: EditDraft;
  busy: boolean;
  onKeepMine: () => void;
  onDiscardMine: () => void;
}

/** Someone saved first: their revision beside my edit, and the two ways on. */
export function ConflictView({ theirs, mine, busy, onKeepMine, onDiscardMine }: ConflictViewProps) {
  const differing = DRAFT_FIELDS.filter((f) => theirs[f] !== mine[f]);
  const [field, setField] = useState<DraftField>(differing[0] ?? "sourceCode");
  return (
    <section className="panel" data-testid="conflict-view" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone saved first</h2>
      <p className={styles.warn}>
        Revision {theirs.number} was saved{theirs.author ? ` by ${theirs.author}` : ""}
        {theirs.createdAt ? ` on ${formatDate(theirs.createdAt)}` : ""} after you started editing
        {theirs.message ? ` (“${theirs.message}”)` : ""}. Left: theirs (current); right: yours.
      </p>
      <div className={styles.row} role="group" aria-label="Compare">
        {DRAFT_FIELDS.map((f) => (
          <button key={f} type="button" className={`${styles.button} ${styles.small}`} aria-pressed={field === f} onClick={() => setField(f)}>
            {FIELD_LABELS[f]}
            {theirs[f] === mine[f] ? " (same)" : " (differs)"}
          </button>
        ))}
      </div>
      <RevisionDiff
        testId="conflict-diff"
        original={theirs[field]}
        modified={mine[field]}
        originalLabel={`Theirs: revision ${theirs.number}`}
        modifiedLabel="Yours"
        height="420px"
        language={field === "sourceCode" ? "python" : "plaintext"}
      />
      <div className={styles.row} style={{ marginTop: 10 }}>
        <button type="button" className={`${styles.button} ${styles.primary}`} disabled={busy || differing.length === 0} onClick={onKeepMine}>
          Keep mine (save on top of theirs)
        </button>
        <button type="button" className={styles.button} disabled={busy} onClick={onDiscardMine}>
          Discard mine
        </button>
        {differing.length === 0 && <span className={styles.hint}>Your edit is the same as theirs; discard it to go on from theirs.</span>}
      </div>
    </section>
  );
}
