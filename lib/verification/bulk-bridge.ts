import type { EnqueueVerification } from "@/lib/bulk/apply-one";
import { databaseUrl } from "@/lib/env";
import { enqueueRuns } from "./enqueue";
import { producerQueue } from "./queue";

/**
 * How a bulk re-verify enqueues one environment's run (lib/bulk calls it per environment,
 * after its own checks that none is queued or running). The run is of the revision the
 * bulk action saw; if that is no longer current, it is skipped with the reason.
 */
export const enqueueVerificationForBulk: EnqueueVerification = async ({ db, environmentId, revisionId, userId, bulkActionId }) => {
  const env = await db.environment.findUnique({ where: { id: environmentId }, select: { id: true, key: true, currentRevisionId: true } });
  if (!env) return { skipped: "no longer exists" };
  if (env.currentRevisionId !== revisionId) return { skipped: "has a newer revision than the one selected" };
  const boss = await producerQueue(databaseUrl());
  const { runs } = await enqueueRuns({ db, boss, targets: [env], userId, bulkActionId });
  const run = runs[0];
  return run ? { runId: run.runId } : { skipped: "has no revision" };
};
