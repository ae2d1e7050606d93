import { z } from "zod";

export const REJECT_REASONS = ["broken_oracle", "leaks_answer", "trivial", "too_hard", "duplicate", "unclear_task", "other"] as const;
export type RejectReasonName = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABELS: Record<RejectReasonName, string> = {
  broken_oracle: "Broken oracle (solve() is wrong or fails)",
  leaks_answer: "Leaks the answer (a tool or the task gives it away)",
  trivial: "Trivial",
  too_hard: "Too hard / unsolvable in the step budget",
  duplicate: "Duplicate of another environment",
  unclear_task: "Unclear task description",
  other: "Other (explain)",
};

export const MAX_REASON_CHARS = 2000;

/** Shared by the rules below, the bulk reject and the forms. */
export function reasonIssues(d: { decision: string; reasonCategory?: string | null; reason?: string }): { path: string; message: string }[] {
  if (d.decision !== "reject") return [];
  if (!d.reasonCategory) return [{ path: "reasonCategory", message: "is required to reject" }];
  if (d.reasonCategory === "other" && !d.reason?.trim()) return [{ path: "reason", message: "is required when the category is other" }];
  return [];
}

export const decisionInputSchema = z
  .object({
    /** The revision the reviewer looked at; deciding on an older one is refused. */
    revisionId: z.number().int().positive(),
    decision: z.enum(["approve", "reject"]),
    reasonCategory: z.enum(REJECT_REASONS).nullish(),
    reason: z.string().trim().max(MAX_REASON_CHARS).default(""),
    /** Approve although the revision is not verified; recorded on the decision. */
    override: z.boolean().default(false),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const i of reasonIssues(d)) ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
  });

export type DecisionInput = z.infer<typeof decisionInputSchema>;

export const REVIEW_MODES = ["pending", "disagreements"] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];
