"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { apiFetch } from "@/lib/client/api-fetch";

/** /logout: ends the session as soon as the page loads (a POST with the CSRF token, never a bare GET). */
export function SignOutNow() {
  const [done, setDone] = useState(false);
  useEffect(() => {
    void apiFetch("/api/auth/logout", { method: "POST" })
      .catch(() => {})
      .finally(() => setDone(true));
  }, []);
  return (
    <div className="panel" style={{ maxWidth: 360, margin: "40px auto" }}>
      <h1>{done ? "Signed out" : "Signing out…"}</h1>
      {done && <Link href="/login">Sign in again</Link>}
    </div>
  );
}
