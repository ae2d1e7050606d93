"use client";

import { useState } from "react";
import { apiFetch, describeError } from "@/lib/client/api-fetch";
import styles from "./curation.module.css";

export function SettingsForm({ requiredApprovals }: { requiredApprovals: 1 | 2 }) {
  const [value, setValue] = useState(requiredApprovals);
  const [saved, setSaved] = useState(requiredApprovals);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className={`panel ${styles.stack}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          const r = await apiFetch<{ reviewStatesChanged: number }>("/api/settings", { method: "PUT", body: { "review.requiredApprovals": value } });
          setSaved(value);
          setMessage({ ok: true, text: `Saved. ${r.reviewStatesChanged} environments changed review state under the new rule.` });
        } catch (err) {
          setMessage({ ok: false, text: describeError(err) });
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>Review</h2>
      <fieldset style={{ border: "none", padding: 0, margin: 0 }} className={styles.stack}>
        <legend className={styles.label}>Approvals an environment needs</legend>
        <label className={styles.check}>
          <input type="radio" name="approvals" checked={value === 1} onChange={() => setValue(1)} /> One approval (a curator&apos;s latest decision counts)
        </label>
        <label className={styles.check}>
          <input type="radio" name="approvals" checked={value === 2} onChange={() => setValue(2)} /> Two approvals from different curators on the same revision (second review); one approve against one reject is a disagreement and stays pending
        </label>
      </fieldset>
      {message && <p className={message.ok ? styles.ok : styles.error} role="status">{message.text}</p>}
      <div>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={busy || value === saved}>Save</button>
      </div>
    </form>
  );
}
