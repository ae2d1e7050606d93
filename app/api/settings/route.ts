import { route } from "@/lib/api/route";
import { BULK_TRANSACTION, prisma } from "@/lib/db/client";
import { getSettings, settingsUpdateSchema } from "@/lib/settings/settings";
import { updateSettings } from "@/lib/settings/update-settings";

export const GET = route({ role: "viewer" }, async () => ({ settings: await getSettings({ db: prisma() }) }));

export const PUT = route({ role: "admin", body: settingsUpdateSchema }, async ({ body, user }) => {
  const result = await prisma().$transaction((tx) => updateSettings({ db: tx, values: body, userId: user!.id }), BULK_TRANSACTION);
  return { ...result, settings: await getSettings({ db: prisma() }) };
});
