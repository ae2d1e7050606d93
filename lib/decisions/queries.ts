import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { getSetting } from "@/lib/settings/settings";
import { currentVotes, tallyVotes } from "./review-state";

const decisionSelect = {
  id: true,
  revisionId: true,
  decision: true,
  reasonCategory: true,
  reason: true,
  override: true,
  createdAt: true,
  user: { select: { id: true, username: true } },
  revision: { select: { number: true } },
} as const;

/**
 * What the decision panel shows: the votes on the current revision (each
 * user's latest), the tally under the current setting, and every decision ever
 * made on the environment, newest first.
 */
export async function getReviewSummary({ db, key }: { db: DbClient; key: string }) {
  const env = await db.environment.findUnique({
    where: { key },
    select: { id: true, key: true, status: true, reviewState: true, currentRevisionId: true, currentRevision: { select: { number: true } } },
  });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  const [requiredApprovals, votesByEnv, history] = await Promise.all([
    getSetting({ db, key: "review.requiredApprovals" }),
    currentVotes(db, [env.id]),
    db.reviewDecision.findMany({ where: { environmentId: env.id }, orderBy: { id: "desc" }, take: 200, select: decisionSelect }),
  ]);
  const votes = votesByEnv.get(env.id) ?? [];
  const voteIds = new Set(votes.map((v) => v.id));
  const tally = tallyVotes(votes, requiredApprovals);
  return {
    environmentId: env.id,
    key: env.key,
    status: env.status,
    reviewState: env.reviewState,
    currentRevisionId: env.currentRevisionId,
    currentRevisionNumber: env.currentRevision?.number ?? null,
    requiredApprovals,
    tally,
    votes: history.filter((d) => voteIds.has(d.id)),
    history,
  };
}

export type ReviewSummary = Awaited<ReturnType<typeof getReviewSummary>>;
