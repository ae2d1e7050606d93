import { z } from "zod";
import { REJECT_REASONS, MAX_REASON_CHARS, reasonIssues } from "@/lib/decisions/schema";
import { tagNameSchema } from "@/lib/tags/schema";

// A bulk action applies to the WHOLE filtered selection (the list's query
// string, parsed by the shared filter model), not to the visible page.

export const BULK_KINDS = ["approve", "reject", "verify", "tag", "untag"] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

const base = {
  /** The list's query string, e.g. `subset=Leetcode&status=failed` (list keys such as page are ignored). */
  filter: z.string().max(4000).default(""),
  /** The count the user confirmed in the preview; if the selection has changed since, nothing runs (409). */
  expectedTotal: z.number().int().min(0).optional(),
};

export const bulkActionSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("approve"), ...base, override: z.boolean().default(false) }).strict(),
    z
      .object({ kind: z.literal("reject"), ...base, reasonCategory: z.enum(REJECT_REASONS), reason: z.string().trim().max(MAX_REASON_CHARS).default("") })
      .strict(),
    /** scope `unverified` skips revisions that already have a finished verification; `all` re-runs them too. */
    z.object({ kind: z.literal("verify"), ...base, scope: z.enum(["unverified", "all"]).default("unverified") }).strict(),
    z.object({ kind: z.literal("tag"), ...base, tag: tagNameSchema }).strict(),
    z.object({ kind: z.literal("untag"), ...base, tag: tagNameSchema }).strict(),
  ])
  .superRefine((a, ctx) => {
    if (a.kind === "reject") for (const i of reasonIssues({ decision: "reject", ...a })) ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
  });

export type BulkActionInput = z.infer<typeof bulkActionSchema>;
/** What is stored in BulkAction.params: the input without the filter. */
export type BulkParams = BulkActionInput extends infer T ? (T extends unknown ? Omit<T, "filter" | "expectedTotal"> : never) : never;

export const bulkIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export interface BulkReport {
  /** Keys changed, in id order (the first MAX_REPORT_KEYS). */
  changed: string[];
  /** Why environments were skipped: count and the first keys of each reason. */
  skipped: Record<string, { count: number; keys: string[] }>;
  /** Environments whose action failed unexpectedly. */
  errors: { key: string; message: string }[];
}

export const MAX_REPORT_KEYS = 500;
export const MAX_REASON_KEYS = 50;

export function describeBulk(p: BulkParams): string {
  switch (p.kind) {
    case "approve":
      return p.override ? "approve (with override for unverified)" : "approve";
    case "reject":
      return `reject as ${p.reasonCategory}${p.reason ? `: ${p.reason}` : ""}`;
    case "verify":
      return p.scope === "all" ? "re-verify all" : "verify the unverified";
    case "tag":
      return `add tag ${p.tag}`;
    case "untag":
      return `remove tag ${p.tag}`;
  }
}
