import Link from "next/link";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { ExportDetail } from "@/components/export/ExportDetail";
import type { ExportJobDetail } from "@/components/export/use-exports";
import { ErrorState } from "@/components/ui/states";
import { pageUser } from "@/lib/auth/page-guard";
import { NotFoundError } from "@/lib/errors";
import { exportJobJson } from "@/lib/export/job-json";
import { getWebExport } from "@/lib/export/web-exports";

export const dynamic = "force-dynamic";
export const metadata = { title: "Export · CodeGym Curator" };

export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const { user, allowed } = await pageUser({ role: "viewer", path: `/exports/${raw}` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="This export" />;
  const id = Number(raw);
  let detail;
  try {
    if (!Number.isInteger(id) || id <= 0) throw new NotFoundError(`No export ${raw}`);
    detail = await getWebExport({ id });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return <ErrorState title={`No export ${raw}`} message="It may have been started on another installation." actions={[{ href: "/exports", label: "All exports" }]} />;
  }
  const initial = JSON.parse(JSON.stringify({ ...exportJobJson(detail.job), events: detail.events })) as ExportJobDetail;
  return (
    <>
      <p className="crumbs">
        <Link href="/exports">Exports</Link> / {id}
      </p>
      <h1>Export {id}</h1>
      <ExportDetail initial={initial} />
    </>
  );
}
