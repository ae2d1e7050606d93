import { route } from "@/lib/api/route";
import { getRun } from "@/lib/verification/queries";
import { runParamsSchema, runQuerySchema } from "@/lib/verification/schema";

export const dynamic = "force-dynamic";

/** GET /api/runs/:id[?results=all|failed|none] → { run, results }: progress, verdict and per-configuration results. */
export const GET = route({ role: "viewer", params: runParamsSchema, query: runQuerySchema }, async ({ params, query }) => getRun({ id: params.id, results: query.results }));
