import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { getQueueSlot } from "@/lib/decisions/queue";
import { parseQueueQuery } from "@/lib/decisions/queue-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/review/queue?<filter>&mode=pending|disagreements&at=<key> → the queue
 * slot /review shows for the signed-in user (key, neighbours, position, progress).
 * Read from the raw search params so repeated filter parameters join as on the pages.
 */
export const GET = route({ role: "viewer" }, async ({ req, user }) => {
  const q = parseQueueQuery(req.nextUrl.searchParams);
  return getQueueSlot({ db: prisma(), filter: q.filter, mode: q.mode, at: q.at, userId: user!.id });
});
