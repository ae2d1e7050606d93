import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { environmentIdOf } from "@/lib/revisions/queries";
import { environmentParamsSchema } from "@/lib/revisions/schema";
import { addTag, listTags } from "@/lib/tags/mutations";
import { tagInputSchema } from "@/lib/tags/schema";

/** The environment's tags, and every tag in use (for suggestions). */
export const GET = route({ role: "viewer", params: environmentParamsSchema }, async ({ params }) => {
  const db = prisma();
  const environmentId = await environmentIdOf({ db, key: params.key });
  const rows = await db.environmentTag.findMany({ where: { environmentId }, select: { tag: { select: { name: true } } } });
  return { tags: rows.map((t) => t.tag.name).sort(), all: await listTags({ db }) };
});

export const POST = route({ role: "curator", params: environmentParamsSchema, body: tagInputSchema }, async ({ params, body, user }) => {
  const db = prisma();
  const environmentId = await environmentIdOf({ db, key: params.key });
  return db.$transaction((tx) => addTag({ db: tx, environmentId, name: body.name, userId: user!.id }));
});
