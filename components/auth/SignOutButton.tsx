"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";

export function SignOutButton({ className }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      style={{ background: "none", border: "none", cursor: "pointer", font: "inherit", padding: 0 }}
      onClick={async () => {
        setBusy(true);
        await apiFetch("/api/auth/logout", { method: "POST" }).catch(() => {});
        // A full load, so no server component keeps showing the old user.
        window.location.assign("/login");
      }}
    >
      Sign out
    </button>
  );
}
