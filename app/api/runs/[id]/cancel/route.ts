import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { cancelRun } from "@/lib/verification/run-lifecycle";
import { runParamsSchema } from "@/lib/verification/schema";

export const dynamic = "force-dynamic";

/** POST /api/runs/:id/cancel → { id, status }: stops a queued or running run (409 when it has already ended). */
export const POST = route({ role: "curator", params: runParamsSchema }, async ({ params, user }) => cancelRun({ db: prisma(), runId: params.id, userId: user?.id ?? null }));
