import { route } from "@/lib/api/route";
import { getEnvironmentDetail } from "@/lib/environments/queries";
import { environmentParamsSchema } from "@/lib/revisions/schema";

export const dynamic = "force-dynamic";

/** GET /api/environments/:key → header, current revision (source, tools, configurations with their latest results), review decision, run in progress. */
export const GET = route({ role: "viewer", params: environmentParamsSchema }, async ({ params }) => getEnvironmentDetail({ key: params.key }));
