import { z } from "zod";
import { DEFAULT_LIMITS, sandboxLimitsSchema, type SandboxLimits } from "@/lib/sandbox/limits";

// The verification service's payloads, each shared by its route handler, the CLI and the
// queue: one schema per payload, so a request means the same thing wherever it comes from.

const envKey = z.string().trim().min(1, "must not be empty").max(300);

/** Per-configuration caps for a run; anything left out is CodeGym's (2 s, 100 MiB). */
export const runLimitsSchema = sandboxLimitsSchema.partial().strict();
export type RunLimits = z.infer<typeof runLimitsSchema>;

export function effectiveLimits(limits: RunLimits | undefined): SandboxLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/**
 * Which environments to verify: one key, several keys, or the list page's filter (its URL
 * query string; "" selects every environment). Exactly one of the three, so a mistyped
 * field is named in the error instead of silently selecting something else.
 */
export const verifyRequestSchema = z
  .object({
    key: envKey.optional(),
    keys: z.array(envKey).min(1, "must name at least one environment").max(20_000).optional(),
    filter: z.string().max(4000).optional(),
    limits: runLimitsSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const given = (["key", "keys", "filter"] as const).filter((k) => r[k] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: "custom", path: ["key"], message: "give one of key, keys or filter" });
    if (given.length > 1) ctx.addIssue({ code: "custom", path: [given[1] ?? "key"], message: `give only one of key, keys or filter (got ${given.join(", ")})` });
  });
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

/** What a queue job carries: the run's id only; everything else is read from its row. */
export const verifyJobSchema = z.object({ runId: z.number().int().positive() }).strict();
export type VerifyJob = z.infer<typeof verifyJobSchema>;

export const runParamsSchema = z.object({ id: z.coerce.number().int().positive("must be a positive run id") });

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const MAX_RUN_PAGE = 200;

/** GET /api/runs: an environment's run history (or every run), newest first, keyset-paged by id. */
export const runListQuerySchema = z
  .object({
    environment: envKey.optional(),
    status: z
      .string()
      .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
      .pipe(z.array(z.enum(RUN_STATUSES)))
      .optional(),
    bulk: z.coerce.number().int().positive().optional(),
    /** Runs with a smaller id than this (the previous page's nextBefore). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(MAX_RUN_PAGE).default(50),
  })
  .strict();
export type RunListQuery = z.infer<typeof runListQuerySchema>;

/** GET /api/runs/:id: `results=none` leaves the per-configuration results out (for polling). */
export const runQuerySchema = z.object({ results: z.enum(["all", "none", "failed"]).default("all") }).strict();
export type RunQuery = z.infer<typeof runQuerySchema>;
