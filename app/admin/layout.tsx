import Link from "next/link";
import type { ReactNode } from "react";

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <nav style={{ display: "flex", gap: 16, marginBottom: 14 }} aria-label="Admin">
        <strong>Admin</strong>
        <Link href="/admin/users">Users</Link>
        <Link href="/admin/settings">Settings</Link>
        <Link href="/admin/bulk">Bulk actions</Link>
      </nav>
      {children}
    </>
  );
}
