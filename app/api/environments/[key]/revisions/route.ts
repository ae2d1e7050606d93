import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { createRevision } from "@/lib/revisions/create-revision";
import { environmentIdOf, listRevisions } from "@/lib/revisions/queries";
import { environmentParamsSchema, saveRevisionSchema } from "@/lib/revisions/schema";

export const GET = route({ role: "viewer", params: environmentParamsSchema }, async ({ params }) => ({
  revisions: await listRevisions({ db: prisma(), key: params.key }),
}));

/** Saves an edit as a new revision; 409 (with the current revision) when someone saved first. */
export const POST = route({ role: "curator", params: environmentParamsSchema, body: saveRevisionSchema }, async ({ params, body, user }) => {
  const db = prisma();
  const revision = await createRevision({
    db,
    environmentId: await environmentIdOf({ db, key: params.key }),
    baseRevisionId: body.baseRevisionId,
    source: body.source,
    task: body.task,
    configs: body.configs,
    authorId: user!.id,
    message: body.message,
  });
  return Response.json({ revision }, { status: 201 });
});
