import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { restoreRevision } from "@/lib/revisions/restore-revision";
import { restoreRevisionSchema, revisionParamsSchema } from "@/lib/revisions/schema";

/** Restores revision :number as a new revision on top of the current one. */
export const POST = route({ role: "curator", params: revisionParamsSchema, body: restoreRevisionSchema }, async ({ params, body, user }) => {
  const revision = await restoreRevision({ db: prisma(), key: params.key, number: params.number, baseRevisionId: body.baseRevisionId, authorId: user!.id, message: body.message });
  return Response.json({ revision }, { status: 201 });
});
