import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { getRevisionContent } from "@/lib/revisions/queries";
import { revisionParamsSchema } from "@/lib/revisions/schema";

export const GET = route({ role: "viewer", params: revisionParamsSchema }, async ({ params }) => ({
  revision: await getRevisionContent({ db: prisma(), key: params.key, number: params.number }),
}));
