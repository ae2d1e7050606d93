import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { databaseUrl } from "@/lib/env";
import { requestVerification } from "@/lib/verification/enqueue";
import { getVerificationStatus } from "@/lib/verification/queries";
import { producerQueue } from "@/lib/verification/queue";
import { verifyRequestSchema } from "@/lib/verification/schema";

export const dynamic = "force-dynamic";

/** GET /api/verify → { workers, queued, running }: whether anything will pick up a run. */
export const GET = route({ role: "viewer" }, async () => getVerificationStatus());

/**
 * POST /api/verify { key } | { keys } | { filter } → 202 { runs: [{ runId, key }], skipped }:
 * one queued run per environment's current revision; poll GET /api/runs/:id for progress.
 */
export const POST = route({ role: "curator", body: verifyRequestSchema }, async ({ body, user }) => {
  const boss = await producerQueue(databaseUrl());
  const { runs, skipped } = await requestVerification({ db: prisma(), boss, request: body, userId: user?.id ?? null });
  return Response.json({ runs: runs.map((r) => ({ runId: r.runId, key: r.key })), skipped }, { status: 202 });
});
