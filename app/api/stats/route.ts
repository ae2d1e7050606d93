import { route } from "@/lib/api/route";
import { parseFilter } from "@/lib/filters/schema";
import { getStats } from "@/lib/stats/get-stats";

export const dynamic = "force-dynamic";

/** GET /api/stats?<filter> → the /stats page's aggregates (histograms, outcomes, subsets, tool names) over the filtered environments. */
export const GET = route({ role: "viewer" }, async ({ req }) => getStats({ filter: parseFilter(req.nextUrl.searchParams) }));
