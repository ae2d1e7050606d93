"use client";

import { useState } from "react";
import { apiFetch, describeError } from "@/lib/client/api-fetch";
import styles from "@/components/curation/curation.module.css";

/** Opens a small dialog to change one's own password (other sessions end). */
export function ChangePasswordButton() {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const close = () => {
    setOpen(false);
    setCurrent("");
    setNext("");
    setError(null);
    setDone(false);
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} style={{ background: "none", border: "none", cursor: "pointer", font: "inherit", padding: 0 }}>
        Password
      </button>
      {open && (
        <div className={styles.overlay} role="dialog" aria-modal="true" aria-labelledby="pw-title" onKeyDown={(e) => e.key === "Escape" && close()}>
          <form
            className={styles.dialog}
            style={{ color: "var(--text)", width: 380 }}
            onSubmit={async (e) => {
              e.preventDefault();
              setError(null);
              try {
                await apiFetch("/api/auth/password", { method: "POST", body: { currentPassword: current, newPassword: next } });
                setDone(true);
              } catch (err) {
                setError(describeError(err));
              }
            }}
          >
            <h2 id="pw-title">Change your password</h2>
            {done ? (
              <p className={styles.ok}>Changed. Your other sessions were signed out.</p>
            ) : (
              <div className={styles.stack}>
                <label className={styles.label}>
                  Current password
                  <input className={styles.input} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoFocus />
                </label>
                <label className={styles.label}>
                  New password (at least 8 characters)
                  <input className={styles.input} type="password" autoComplete="new-password" minLength={8} value={next} onChange={(e) => setNext(e.target.value)} required />
                </label>
                {error && <p className={styles.error} role="alert">{error}</p>}
              </div>
            )}
            <div className={styles.row} style={{ justifyContent: "flex-end", marginTop: 12 }}>
              <button type="button" className={styles.button} onClick={close}>{done ? "Close" : "Cancel"}</button>
              {!done && <button type="submit" className={`${styles.button} ${styles.primary}`}>Change password</button>}
            </div>
          </form>
        </div>
      )}
    </>
  );
}
