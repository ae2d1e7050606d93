import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { environmentIdOf } from "@/lib/revisions/queries";
import { removeTag } from "@/lib/tags/mutations";
import { tagParamsSchema } from "@/lib/tags/schema";

export const DELETE = route({ role: "curator", params: tagParamsSchema }, async ({ params, user }) => {
  const db = prisma();
  const environmentId = await environmentIdOf({ db, key: params.key });
  return db.$transaction((tx) => removeTag({ db: tx, environmentId, name: params.name, userId: user!.id }));
});
