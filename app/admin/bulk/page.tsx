import { NeedsRole } from "@/components/auth/NeedsRole";
import { BulkActionsList } from "@/components/curation/BulkActionsList";
import { pageUser } from "@/lib/auth/page-guard";
import { listBulkActions } from "@/lib/bulk/queries";
import { prisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata = { title: "Bulk actions · CodeGym Curator" };

export default async function BulkPage() {
  const { user, allowed } = await pageUser({ role: "admin", path: "/admin/bulk" });
  if (!allowed) return <NeedsRole role="admin" actual={user.role} what="Bulk actions" />;
  return (
    <>
      <h1>Bulk actions</h1>
      <BulkActionsList initial={await listBulkActions({ db: prisma() })} />
    </>
  );
}
