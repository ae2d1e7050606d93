import { route } from "@/lib/api/route";
import { launchBulkAction } from "@/lib/bulk/launch";
import { listBulkActions } from "@/lib/bulk/queries";
import { startBulkAction } from "@/lib/bulk/run-bulk";
import { bulkActionSchema } from "@/lib/bulk/schema";
import { enqueueVerificationForBulk } from "@/lib/verification/bulk-bridge";
import { prisma } from "@/lib/db/client";

export const GET = route({ role: "admin" }, async () => ({ actions: await listBulkActions({ db: prisma() }) }));

/** Starts a bulk action on the whole filtered selection; poll GET /api/bulk/:id for progress. */
export const POST = route({ role: "admin", body: bulkActionSchema }, async ({ body, user }) => {
  const started = await startBulkAction({ db: prisma(), input: body, userId: user!.id });
  launchBulkAction(started.id, enqueueVerificationForBulk);
  return Response.json(started, { status: 202 });
});
