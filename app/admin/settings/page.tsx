import { NeedsRole } from "@/components/auth/NeedsRole";
import { SettingsForm } from "@/components/curation/SettingsForm";
import { pageUser } from "@/lib/auth/page-guard";
import { prisma } from "@/lib/db/client";
import { getSettings } from "@/lib/settings/settings";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings · CodeGym Curator" };

export default async function SettingsPage() {
  const { user, allowed } = await pageUser({ role: "admin", path: "/admin/settings" });
  if (!allowed) return <NeedsRole role="admin" actual={user.role} what="Changing settings" />;
  const settings = await getSettings({ db: prisma() });
  return (
    <>
      <h1>Settings</h1>
      <SettingsForm requiredApprovals={settings["review.requiredApprovals"]} />
    </>
  );
}
