import { route } from "@/lib/api/route";
import { listEnvironments } from "@/lib/environments/queries";
import { parseListQuery } from "@/lib/filters/schema";

export const dynamic = "force-dynamic";

/**
 * GET /api/environments?<filter>&sort=&dir=&page=&pageSize= → { rows, total, totalCapped, page, pageSize }.
 * Parsed here from the raw search params (not the wrapper's `query`), so repeated
 * parameters (`status=a&status=b`) join as the pages' URLs do; bad ones are a 400 naming the field.
 */
export const GET = route({ role: "viewer" }, async ({ req }) => listEnvironments({ query: parseListQuery(req.nextUrl.searchParams) }));
