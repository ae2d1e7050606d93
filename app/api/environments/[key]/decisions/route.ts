import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { decide } from "@/lib/decisions/decide";
import { getReviewSummary } from "@/lib/decisions/queries";
import { decisionInputSchema } from "@/lib/decisions/schema";
import { environmentIdOf } from "@/lib/revisions/queries";
import { environmentParamsSchema } from "@/lib/revisions/schema";

export const GET = route({ role: "viewer", params: environmentParamsSchema }, async ({ params }) => getReviewSummary({ db: prisma(), key: params.key }));

/** Approve or reject the current revision (the one named in the body). */
export const POST = route({ role: "curator", params: environmentParamsSchema, body: decisionInputSchema }, async ({ params, body, user }) => {
  const db = prisma();
  const environmentId = await environmentIdOf({ db, key: params.key });
  const result = await db.$transaction((tx) => decide({ db: tx, environmentId, userId: user!.id, input: body }));
  return { ...result, summary: await getReviewSummary({ db, key: params.key }) };
});
