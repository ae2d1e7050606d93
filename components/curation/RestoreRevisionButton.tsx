"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, describeError } from "@/lib/client/api-fetch";
import { compareHref } from "./compare-href";
import styles from "./curation.module.css";

interface Restored {
  revision: { id: number; number: number };
}

/** Restores an old revision as a new one on top of `currentId` (a 409 when someone saved in between). */
export function RestoreRevisionButton({ envKey, number, currentId }: { envKey: string; number: number; currentId: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function restore() {
    if (!window.confirm(`Restore revision ${number}? Its content becomes a new revision on top of the current one.`)) return;
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch<Restored>(`/api/environments/${encodeURIComponent(envKey)}/revisions/${number}/restore`, {
        method: "POST",
        body: { baseRevisionId: currentId, message: `Restored revision ${number}` },
      });
      router.push(compareHref(envKey, currentId, r.revision.id));
      router.refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={`${styles.button} ${styles.small}`} onClick={restore} disabled={busy} data-testid={`restore-${number}`}>
        {busy ? "Restoring…" : "Restore"}
      </button>
      {error && (
        <span className={styles.fieldError} role="alert">
          {error}
        </span>
      )}
    </>
  );
}
