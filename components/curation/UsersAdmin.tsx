"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLES, ROLE_DESCRIPTIONS, type Role } from "@/lib/auth/roles";
import { apiFetch, ApiError, describeError } from "@/lib/client/api-fetch";
import type { UserListRow } from "@/lib/users/queries";
import { EnsureQueryClient } from "./EnsureQueryClient";
import { curationKeys } from "./query-keys";
import styles from "./curation.module.css";

type Row = Omit<UserListRow, "createdAt"> & { createdAt: string | Date };

export function UsersAdmin(props: { initialUsers: Row[]; currentUserId: number }) {
  return (
    <EnsureQueryClient>
      <UsersAdminInner {...props} />
    </EnsureQueryClient>
  );
}

function UsersAdminInner({ initialUsers, currentUserId }: { initialUsers: Row[]; currentUserId: number }) {
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: curationKeys.users,
    queryFn: () => apiFetch<{ users: Row[] }>("/api/users").then((r) => r.users),
    initialData: initialUsers,
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: { role?: Role; disabled?: boolean; password?: string } }) =>
      apiFetch(`/api/users/${id}`, { method: "PATCH", body: patch }),
    onSuccess: (_d, v) => {
      setMessage({ ok: true, text: v.patch.password ? "Password reset; that user's sessions were signed out." : "Saved." });
      void qc.invalidateQueries({ queryKey: curationKeys.users });
    },
    onError: (e) => setMessage({ ok: false, text: describeError(e) }),
  });

  return (
    <div className={styles.stack} style={{ gap: 16 }}>
      <CreateUserForm onCreated={(name) => { setMessage({ ok: true, text: `Created ${name}.` }); void qc.invalidateQueries({ queryKey: curationKeys.users }); }} />
      {message && <p className={message.ok ? styles.ok : styles.error} role="status">{message.text}</p>}
      <table className="grid" data-testid="users-table">
        <thead>
          <tr><th>User</th><th>Role</th><th>Status</th><th>Activity</th><th>Created</th><th>Actions</th></tr>
        </thead>
        <tbody>
          {users.data.map((u) => (
            <tr key={u.id} data-username={u.username}>
              <td><strong>{u.username}</strong>{u.id === currentUserId && <span className="muted"> (you)</span>}</td>
              <td>
                <select
                  className={styles.select}
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  disabled={update.isPending}
                  onChange={(e) => update.mutate({ id: u.id, patch: { role: e.target.value as Role } })}
                >
                  {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </td>
              <td>{u.disabled ? <span className="badge rejected">disabled</span> : <span className="badge approved">active</span>}</td>
              <td className="muted">{u.revisions} revisions · {u.decisions} decisions · {u.sessions} sessions</td>
              <td className="muted">{new Date(u.createdAt).toLocaleDateString()}</td>
              <td>
                <div className={styles.row}>
                  <button type="button" className={`${styles.button} ${styles.small}`} disabled={update.isPending} onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })}>
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                  <ResetPassword username={u.username} onReset={(password) => update.mutate({ id: u.id, patch: { password } })} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.hint}>
        {ROLES.map((r) => `${r}: ${ROLE_DESCRIPTIONS[r]}`).join(" · ")}. Role changes apply at once, also to open sessions; disabling signs the user out.
      </p>
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (name: string) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("curator");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => apiFetch("/api/users", { method: "POST", body: { username, password, role } }),
    onSuccess: () => {
      onCreated(username);
      setUsername("");
      setPassword("");
      setErrors({});
      setError(null);
    },
    onError: (e) => {
      setError(describeError(e));
      setErrors(e instanceof ApiError ? Object.fromEntries(e.fieldErrors.map((f) => [f.field, f.message])) : {});
    },
  });
  return (
    <form className={`panel ${styles.stack}`} onSubmit={(e) => { e.preventDefault(); create.mutate(); }} aria-labelledby="create-user">
      <h2 id="create-user">Add a user</h2>
      <div className={styles.row} style={{ alignItems: "flex-end" }}>
        <label className={styles.label}>
          Username
          <input className={styles.input} name="new-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
          {errors.username && <span className={styles.fieldError}>{errors.username}</span>}
        </label>
        <label className={styles.label}>
          Password (8+ characters)
          <input className={styles.input} name="new-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" />
          {errors.password && <span className={styles.fieldError}>{errors.password}</span>}
        </label>
        <label className={styles.label}>
          Role
          <select className={styles.select} name="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={create.isPending}>Add user</button>
      </div>
      {error && !Object.keys(errors).length && <p className={styles.error} role="alert">{error}</p>}
    </form>
  );
}

function ResetPassword({ username, onReset }: { username: string; onReset: (password: string) => void }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  if (!open) return <button type="button" className={`${styles.button} ${styles.small}`} onClick={() => setOpen(true)}>Reset password</button>;
  return (
    <form className={styles.row} onSubmit={(e) => { e.preventDefault(); onReset(password); setOpen(false); setPassword(""); }}>
      <input className={styles.input} type="password" aria-label={`New password for ${username}`} placeholder="new password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus autoComplete="new-password" />
      <button type="submit" className={`${styles.button} ${styles.small} ${styles.primary}`}>Set</button>
      <button type="button" className={`${styles.button} ${styles.small}`} onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}
