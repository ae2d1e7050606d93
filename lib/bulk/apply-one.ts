import type { Db, DbClient } from "@/lib/db/client";
import { decide } from "@/lib/decisions/decide";
import { addTag, removeTag } from "@/lib/tags/mutations";
import type { BulkParams } from "./schema";

export type Outcome = { changed: true } | { changed: false; reason: string };

/** How a bulk re-verify asks the verification service for a run; it must not start one when one is active. */
export type EnqueueVerification = (args: {
  db: Db;
  environmentId: number;
  revisionId: number;
  userId: number;
  bulkActionId: number;
}) => Promise<{ runId: number } | { skipped: string }>;

interface EnvState {
  id: number;
  key: string;
  status: string;
  reviewState: string;
  currentRevisionId: number | null;
}

/**
 * One environment of a bulk action, in its own transaction. Every kind is
 * idempotent: what is already so is skipped with the reason, so running the
 * same action again changes nothing.
 */
export async function applyToEnvironment({
  db,
  env,
  params,
  userId,
  bulkActionId,
  enqueueVerification,
}: {
  db: Db;
  env: EnvState;
  params: BulkParams;
  userId: number;
  bulkActionId: number;
  enqueueVerification?: EnqueueVerification;
}): Promise<Outcome> {
  if (!env.currentRevisionId) return { changed: false, reason: "has no revision" };
  const revisionId = env.currentRevisionId;
  switch (params.kind) {
    case "approve":
    case "reject": {
      const target = params.kind === "approve" ? "approved" : "rejected";
      if (env.reviewState === target) return { changed: false, reason: `already ${target} on this revision` };
      if (params.kind === "approve" && env.status !== "verified" && !params.override) return { changed: false, reason: `not verified (${env.status}); needs override` };
      const mine = await db.reviewDecision.findFirst({ where: { environmentId: env.id, revisionId, userId }, orderBy: { id: "desc" }, select: { decision: true } });
      if (mine?.decision === params.kind) return { changed: false, reason: `you already ${target} this revision (waiting for a second review)` };
      const result = await db.$transaction((tx: DbClient) =>
        decide({
          db: tx,
          environmentId: env.id,
          userId,
          bulkActionId,
          input:
            params.kind === "approve"
              ? { revisionId, decision: "approve", override: params.override, reason: "" }
              : { revisionId, decision: "reject", reasonCategory: params.reasonCategory, reason: params.reason, override: false },
        }),
      );
      return result.changed ? { changed: true } : { changed: false, reason: `already ${target} on this revision` };
    }
    case "tag":
    case "untag": {
      const fn = params.kind === "tag" ? addTag : removeTag;
      const result = await db.$transaction((tx: DbClient) => fn({ db: tx, environmentId: env.id, name: params.tag, userId, bulkActionId }));
      return result.changed ? { changed: true } : { changed: false, reason: params.kind === "tag" ? `already tagged ${params.tag}` : `not tagged ${params.tag}` };
    }
    case "verify": {
      if (!enqueueVerification) return { changed: false, reason: "verification is not available in this process" };
      if (env.status === "queued" || env.status === "running") return { changed: false, reason: "a verification is already queued or running" };
      if (params.scope === "unverified" && env.status !== "unverified") return { changed: false, reason: `already verified on this revision (${env.status})` };
      const result = await enqueueVerification({ db, environmentId: env.id, revisionId, userId, bulkActionId });
      return "runId" in result ? { changed: true } : { changed: false, reason: result.skipped };
    }
  }
}
