import type { DbClient } from "@/lib/db/client";
import type { Decision, ReviewState } from "@/lib/generated/prisma/enums";
import { getSetting } from "@/lib/settings/settings";

// Environment.reviewState is derived from the decisions on its CURRENT revision:
// each user's latest decision there is their vote (a change of mind replaces it).
//  - one approval required: the most recent vote decides;
//  - two required: approved needs two approving users and no rejecting one;
//    rejected needs a reject and no approval; a split (one approves, one
//    rejects) stays pending and is flagged as a disagreement until a reviewer
//    changes their vote.

export interface Vote {
  id: number;
  userId: number;
  decision: Decision;
}

export interface ReviewTally {
  state: ReviewState;
  approvals: number;
  rejects: number;
  disagreement: boolean;
}

export function tallyVotes(votes: Vote[], requiredApprovals: number): ReviewTally {
  const approvals = votes.filter((v) => v.decision === "approve").length;
  const rejects = votes.length - approvals;
  const disagreement = approvals > 0 && rejects > 0;
  let state: ReviewState = "pending";
  if (requiredApprovals <= 1) {
    const latest = votes.reduce<Vote | null>((a, v) => (!a || v.id > a.id ? v : a), null);
    if (latest) state = latest.decision === "approve" ? "approved" : "rejected";
  } else if (!disagreement) {
    if (approvals >= requiredApprovals) state = "approved";
    else if (rejects > 0) state = "rejected";
  }
  return { state, approvals, rejects, disagreement };
}

/** Each user's latest decision on the current revision of each environment. */
export async function currentVotes(db: DbClient, environmentIds: number[] | "all"): Promise<Map<number, Vote[]>> {
  const rows =
    environmentIds === "all"
      ? await db.$queryRaw<(Vote & { environmentId: number })[]>`
          SELECT DISTINCT ON (d."environmentId", d."userId") d.id, d."userId", d.decision::text AS decision, d."environmentId"
            FROM "ReviewDecision" d JOIN "Environment" e ON e.id = d."environmentId" AND e."currentRevisionId" = d."revisionId"
           ORDER BY d."environmentId", d."userId", d.id DESC`
      : await db.$queryRaw<(Vote & { environmentId: number })[]>`
          SELECT DISTINCT ON (d."environmentId", d."userId") d.id, d."userId", d.decision::text AS decision, d."environmentId"
            FROM "ReviewDecision" d JOIN "Environment" e ON e.id = d."environmentId" AND e."currentRevisionId" = d."revisionId"
           WHERE e.id = ANY(${environmentIds}::int[])
           ORDER BY d."environmentId", d."userId", d.id DESC`;
  const byEnv = new Map<number, Vote[]>();
  for (const { environmentId, ...vote } of rows) byEnv.set(environmentId, [...(byEnv.get(environmentId) ?? []), vote]);
  return byEnv;
}

/**
 * Recomputes reviewState from the votes, for some environments or all (after
 * the required number of approvals changed). Returns the new states of those
 * whose state changed.
 */
export async function refreshReviewState({ db, environmentIds }: { db: DbClient; environmentIds: number[] | "all" }): Promise<Map<number, ReviewState>> {
  if (Array.isArray(environmentIds) && environmentIds.length === 0) return new Map();
  const required = await getSetting({ db, key: "review.requiredApprovals" });
  const votes = await currentVotes(db, environmentIds);
  const ids = environmentIds === "all" ? [...votes.keys()] : environmentIds;
  const states = ids.map((id) => tallyVotes(votes.get(id) ?? [], required).state);
  const changed = await db.$queryRaw<{ id: number; state: ReviewState }[]>`
    UPDATE "Environment" e SET "reviewState" = v.state::"ReviewState", "updatedAt" = now()
      FROM (SELECT unnest(${ids}::int[]) AS id, unnest(${states}::text[]) AS state) v
     WHERE e.id = v.id AND e."reviewState"::text <> v.state
    RETURNING e.id, e."reviewState"::text AS state`;
  if (environmentIds === "all") {
    // Environments without a vote on their current revision are pending.
    const reset = await db.$queryRaw<{ id: number }[]>`
      UPDATE "Environment" e SET "reviewState" = 'pending', "updatedAt" = now()
       WHERE e."reviewState" <> 'pending' AND NOT (e.id = ANY(${ids}::int[]))
      RETURNING e.id`;
    for (const r of reset) changed.push({ id: r.id, state: "pending" });
  }
  return new Map(changed.map((r) => [r.id, r.state]));
}
