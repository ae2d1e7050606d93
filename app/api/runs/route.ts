import { route } from "@/lib/api/route";
import { listRuns } from "@/lib/verification/queries";
import { runListQuerySchema } from "@/lib/verification/schema";

export const dynamic = "force-dynamic";

/** GET /api/runs?environment=KEY[&status=..][&bulk=ID][&before=ID][&limit=N] → { runs, nextBefore }, newest first. */
export const GET = route({ role: "viewer", query: runListQuerySchema }, async ({ query }) => listRuns({ query }));
