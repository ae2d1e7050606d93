"use client";

import { useEffect, useId, useState } from "react";
import { describeError } from "@/lib/client/api-fetch";
import { DEFAULT_INSTRUCTION_TEXT, instructionTextSchema } from "@/lib/export/instruction-text";
import { formatDate } from "@/components/ui/format";
import styles from "./export.module.css";
import { useInstructionText, useSaveInstructionText, type Json } from "./use-exports";
import type { InstructionText } from "@/lib/export/instruction-text";

/**
 * The fixed instructions before "Question:" in every training row's user
 * message. Everyone sees them; curators change them (saved as a setting,
 * audited, used by exports started afterwards).
 */
export function InstructionTextEditor({ canEdit, initial }: { canEdit: boolean; initial?: Json<InstructionText> }) {
  const id = useId();
  const current = useInstructionText(initial);
  const save = useSaveInstructionText();
  const [draft, setDraft] = useState(initial?.text ?? "");
  const stored = current.data?.text ?? "";
  useEffect(() => {
    if (current.data) setDraft(current.data.text);
  }, [current.data]);
  const dirty = draft !== stored;
  const check = instructionTextSchema.safeParse({ text: draft });
  const problem = check.success ? null : check.error.issues[0]?.message;

  return (
    <div className={styles.stack}>
      <label className={styles.label} htmlFor={id}>
        Instructions before “Question:” in each row’s user message
      </label>
      <textarea
        id={id}
        className={styles.textarea}
        value={draft}
        readOnly={!canEdit}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="instruction-text"
      />
      <p id={`${id}-hint`} className={styles.hint}>
        {current.data?.isDefault ? "The default text (the sample rows' instructions)." : `Changed ${formatDate(current.data?.updatedAt ?? null)}.`}{" "}
        {canEdit ? "Saving applies to exports started afterwards; it is recorded in the audit log." : "Curators can change it."}
      </p>
      {problem && dirty && <p className={styles.fieldError}>{problem}</p>}
      {canEdit && (
        <div className={styles.row}>
          <button type="button" className={`${styles.button} ${styles.small}`} disabled={!dirty || !!problem || save.isPending} onClick={() => save.mutate(draft)} data-testid="save-instruction-text">
            {save.isPending ? "Saving…" : "Save instructions"}
          </button>
          <button type="button" className={`${styles.button} ${styles.small}`} disabled={!dirty} onClick={() => setDraft(stored)}>
            Undo changes
          </button>
          <button type="button" className={`${styles.button} ${styles.small}`} disabled={draft === DEFAULT_INSTRUCTION_TEXT} onClick={() => setDraft(DEFAULT_INSTRUCTION_TEXT)}>
            Use the default
          </button>
          {save.isSuccess && !dirty && <span className={styles.hint} role="status">Saved.</span>}
        </div>
      )}
      {save.error && <p className={styles.error} role="alert">{describeError(save.error)}</p>}
      {dirty && canEdit && <p className={styles.hint}>Unsaved: the preview and the export use the saved text.</p>}
    </div>
  );
}
