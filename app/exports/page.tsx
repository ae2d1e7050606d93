import Link from "next/link";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { ExportList } from "@/components/export/ExportList";
import type { ExportJobDetail } from "@/components/export/use-exports";
import { pageUser } from "@/lib/auth/page-guard";
import { exportJobJson } from "@/lib/export/job-json";
import { listWebExports } from "@/lib/export/web-exports";

export const dynamic = "force-dynamic";
export const metadata = { title: "Exports · CodeGym Curator" };

export default async function ExportsPage() {
  const { user, allowed } = await pageUser({ role: "viewer", path: "/exports" });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="The export list" />;
  const page = await listWebExports({ limit: 100 });
  const initial = JSON.parse(JSON.stringify({ rows: page.rows.map(({ job, events }) => ({ ...exportJobJson(job), events })), nextBefore: page.nextBefore })) as {
    rows: ExportJobDetail[];
    nextBefore: number | null;
  };
  return (
    <>
      <h1 style={{ display: "flex", alignItems: "baseline", gap: 12 }}>
        Exports
        <span className="page-links">
          <Link href="/exports/new" data-testid="new-export">New export →</Link>
        </span>
      </h1>
      <ExportList initial={initial} />
    </>
  );
}
