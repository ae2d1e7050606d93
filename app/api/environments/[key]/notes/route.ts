import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { environmentIdOf } from "@/lib/revisions/queries";
import { environmentParamsSchema } from "@/lib/revisions/schema";
import { setNotes } from "@/lib/tags/mutations";
import { notesInputSchema } from "@/lib/tags/schema";

export const GET = route({ role: "viewer", params: environmentParamsSchema }, async ({ params }) => {
  const db = prisma();
  const env = await db.environment.findUniqueOrThrow({ where: { id: await environmentIdOf({ db, key: params.key }) }, select: { notes: true } });
  return { notes: env.notes };
});

/** Replaces the notes; 409 with the current notes when someone else saved since `previous`. */
export const PUT = route({ role: "curator", params: environmentParamsSchema, body: notesInputSchema }, async ({ params, body, user }) => {
  const db = prisma();
  const environmentId = await environmentIdOf({ db, key: params.key });
  return db.$transaction((tx) => setNotes({ db: tx, environmentId, notes: body.notes, previous: body.previous, userId: user!.id }));
});
