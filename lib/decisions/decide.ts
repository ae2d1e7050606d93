import { recordAudit } from "@/lib/audit/record";
import type { DbClient } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Decision, EnvStatus, RejectReason, ReviewState } from "@/lib/generated/prisma/enums";
import { refreshReviewState } from "./review-state";
import { reasonIssues, type DecisionInput } from "./schema";

export interface DecideResult {
  /** False when this user's latest decision on the revision already said exactly this. */
  changed: boolean;
  decisionId: number;
  reviewState: ReviewState;
  override: boolean;
}

interface LockedEnv {
  id: number;
  key: string;
  status: EnvStatus;
  reviewState: ReviewState;
  currentRevisionId: number | null;
}

/** Locks the environment row for the rest of the transaction, so decisions and saves on it queue up. */
export async function lockEnvironment(db: DbClient, environmentId: number): Promise<LockedEnv> {
  const [env] = await db.$queryRaw<LockedEnv[]>`
    SELECT id, key, status::text AS status, "reviewState"::text AS "reviewState", "currentRevisionId"
      FROM "Environment" WHERE id = ${environmentId} FOR UPDATE`;
  if (!env) throw new NotFoundError(`No environment ${environmentId}`);
  return env;
}

/**
 * Records an approval or rejection of the revision the reviewer saw. Run it in
 * a transaction (it locks the environment). Refuses a decision on a revision
 * that is no longer current, and an approval of an unverified revision
 * without `override` (which is then recorded on the decision).
 */
export async function decide({
  db,
  environmentId,
  userId,
  input,
  bulkActionId,
}: {
  db: DbClient;
  environmentId: number;
  userId: number;
  input: DecisionInput;
  bulkActionId?: number;
}): Promise<DecideResult> {
  const env = await lockEnvironment(db, environmentId);
  if (env.currentRevisionId !== input.revisionId) {
    const current = env.currentRevisionId
      ? await db.revision.findUnique({ where: { id: env.currentRevisionId }, select: { id: true, number: true } })
      : null;
    throw new ConflictError(
      `${env.key} has a newer revision${current ? ` (${current.number})` : ""} than the one you reviewed; reload and review that one`,
      { currentRevisionId: current?.id ?? null, currentRevisionNumber: current?.number ?? null },
    );
  }
  const issues = reasonIssues(input);
  if (issues.length) throw new ValidationError(`Invalid decision: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`, issues.map((i) => ({ field: i.path, message: i.message })));
  const unverified = env.status !== "verified";
  if (input.decision === "approve" && unverified && !input.override) {
    throw new ValidationError(`${env.key} is not verified (status ${env.status}); approving it needs an explicit override`, [
      { field: "override", message: `the revision is ${env.status}; set override to approve it anyway` },
    ]);
  }
  const override = input.decision === "approve" && unverified;
  const reasonCategory: RejectReason | null = input.decision === "reject" ? (input.reasonCategory ?? null) : null;
  const reason = input.reason ?? "";

  const previous = await db.reviewDecision.findFirst({
    where: { environmentId, revisionId: input.revisionId, userId },
    orderBy: { id: "desc" },
    select: { id: true, decision: true, reasonCategory: true, reason: true, override: true },
  });
  if (previous && previous.decision === input.decision && previous.reasonCategory === reasonCategory && previous.reason === reason && previous.override === override) {
    return { changed: false, decisionId: previous.id, reviewState: env.reviewState, override };
  }

  const row = await db.reviewDecision.create({
    data: { environmentId, revisionId: input.revisionId, userId, decision: input.decision as Decision, reasonCategory, reason, override },
    select: { id: true },
  });
  const changedStates = await refreshReviewState({ db, environmentIds: [environmentId] });
  const reviewState = changedStates.get(environmentId) ?? env.reviewState;
  await recordAudit({
    db,
    event: {
      action: `decision.${input.decision}`,
      userId,
      environmentId,
      entityType: "decision",
      entityId: row.id,
      before: { reviewState: env.reviewState, ...(previous ? { yourPreviousDecision: previous.decision } : {}) },
      after: { reviewState, decision: input.decision, reasonCategory, reason, override },
      details: { revisionId: input.revisionId, ...(bulkActionId ? { bulkActionId } : {}) },
    },
  });
  return { changed: true, decisionId: row.id, reviewState, override };
}
