import { NeedsRole } from "@/components/auth/NeedsRole";
import { UsersAdmin } from "@/components/curation/UsersAdmin";
import { pageUser } from "@/lib/auth/page-guard";
import { prisma } from "@/lib/db/client";
import { listUsers } from "@/lib/users/queries";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users · CodeGym Curator" };

export default async function UsersPage() {
  const { user, allowed } = await pageUser({ role: "admin", path: "/admin/users" });
  if (!allowed) return <NeedsRole role="admin" actual={user.role} what="Managing users" />;
  const users = await listUsers({ db: prisma() });
  return (
    <>
      <h1>Users</h1>
      <UsersAdmin initialUsers={users} currentUserId={user.id} />
    </>
  );
}
