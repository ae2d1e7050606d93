import { route } from "@/lib/api/route";
import { listEnvironmentRuns } from "@/lib/environments/queries";
import { environmentParamsSchema } from "@/lib/revisions/schema";

export const dynamic = "force-dynamic";

/** GET /api/environments/:key/runs → { runs }: every verification run of every revision, newest first. */
export const GET = route({ role: "viewer", params: environmentParamsSchema }, async ({ params }) => ({ runs: await listEnvironmentRuns({ key: params.key }) }));
