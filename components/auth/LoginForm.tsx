"use client";

import { useState } from "react";
import { apiFetch, describeError } from "@/lib/client/api-fetch";
import styles from "@/components/curation/curation.module.css";

export function LoginForm({ next }: { next: string }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className={`panel ${styles.stack}`}
      style={{ maxWidth: 360, margin: "40px auto" }}
      aria-labelledby="login-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await apiFetch("/api/auth/login", { method: "POST", body: { username, password } });
          // A full load: the header and every server component must see the new session.
          window.location.assign(next);
        } catch (err) {
          setError(describeError(err));
          setBusy(false);
        }
      }}
    >
      <h1 id="login-title">Sign in to CodeGym Curator</h1>
      <label className={styles.label}>
        Username
        <input className={styles.input} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
      </label>
      <label className={styles.label}>
        Password
        <input className={styles.input} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && <p className={styles.error} role="alert">{error}</p>}
      <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={busy} style={{ justifyContent: "center" }}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className={styles.hint}>No account? An admin creates accounts under Admin → Users. On the first start the admin password is CURATOR_ADMIN_PASSWORD, or was printed by npm start.</p>
    </form>
  );
}
