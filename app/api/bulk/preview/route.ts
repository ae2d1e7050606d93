import { route } from "@/lib/api/route";
import { previewBulk } from "@/lib/bulk/queries";
import { prisma } from "@/lib/db/client";

/** How many environments the filter (this URL's query string) selects, before a bulk action is confirmed. */
export const GET = route({ role: "admin" }, async ({ req }) => previewBulk({ db: prisma(), filterQuery: req.nextUrl.searchParams.toString() }));
