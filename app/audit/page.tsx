import Link from "next/link";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { AuditEventList } from "@/components/curation/AuditEventList";
import { AuditFilters } from "@/components/curation/AuditFilters";
import { pageUser } from "@/lib/auth/page-guard";
import { listAuditActions, listAuditEvents } from "@/lib/audit/list";
import { parseAuditQuery } from "@/lib/audit/schema";
import { prisma } from "@/lib/db/client";
import { listUsernames } from "@/lib/users/queries";

export const dynamic = "force-dynamic";
export const metadata = { title: "History · CodeGym Curator" };

type Search = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const { user, allowed } = await pageUser({ role: "viewer", path: "/audit" });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="The history" />;
  const parsed = parseAuditQuery(search);
  const db = prisma();
  const [actions, users] = await Promise.all([listAuditActions({ db }), listUsernames({ db })]);
  const values = Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]));
  if (!parsed.success) {
    return (
      <>
        <h1>History</h1>
        <AuditFilters values={values} actions={actions} users={users} />
        <p className="panel" role="alert" style={{ color: "var(--bad)" }}>
          Invalid filter: {parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}
        </p>
      </>
    );
  }
  const page = await listAuditEvents({ db, query: parsed.data });
  const older = new URLSearchParams(Object.entries(values).filter(([k, v]) => k !== "before" && v));
  if (page.nextBefore) older.set("before", String(page.nextBefore));
  const newest = new URLSearchParams(Object.entries(values).filter(([k, v]) => k !== "before" && v));
  return (
    <>
      <h1>
        History <span className="muted">({page.total} events)</span>
      </h1>
      <AuditFilters values={values} actions={actions} users={users} />
      <AuditEventList events={page.events} />
      <nav style={{ display: "flex", gap: 16, marginTop: 10 }} aria-label="Pages">
        {parsed.data.before && <Link href={`/audit?${newest}`}>← Newest</Link>}
        {page.nextBefore && <Link href={`/audit?${older}`} data-testid="audit-older">Older →</Link>}
      </nav>
    </>
  );
}
