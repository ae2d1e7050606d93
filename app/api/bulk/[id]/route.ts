import { route } from "@/lib/api/route";
import { getBulkAction } from "@/lib/bulk/queries";
import { bulkIdParamsSchema } from "@/lib/bulk/schema";
import { prisma } from "@/lib/db/client";

export const GET = route({ role: "admin", params: bulkIdParamsSchema }, async ({ params }) => ({ action: await getBulkAction({ db: prisma(), id: params.id }) }));
