import { z } from "zod";

// The /audit page's and GET /api/audit's query: one schema for both.

export const AUDIT_AREAS = ["import", "revision", "verify", "decision", "tag", "note", "bulk", "user", "setting"] as const;
export const MAX_AUDIT_PAGE = 200;

const day = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be a date (YYYY-MM-DD) or an ISO date-time")
  .optional();

export const auditQuerySchema = z
  .object({
    /** Comma-separated actions (`decision.reject`) or areas (`decision` = every decision.*). */
    action: z
      .string()
      .trim()
      .max(500)
      .optional()
      .transform((s) => (s ? s.split(",").map((a) => a.trim()).filter(Boolean) : undefined))
      .pipe(z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, "must be an action like decision.reject or an area like decision")).max(50).optional()),
    user: z.string().trim().max(64).optional().transform((s) => s || undefined),
    environment: z.string().trim().max(300).optional().transform((s) => s || undefined),
    /** Inclusive; a bare date means from its start (UTC). */
    from: day,
    /** Inclusive; a bare date means to its end (UTC). */
    to: day,
    /** Keyset cursor: events with a smaller id than this (the next, older page). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  })
  .strict();

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export function parseAuditQuery(input: Record<string, string | string[] | undefined>) {
  const flat = Object.fromEntries(Object.entries(input).flatMap(([k, v]) => (v === undefined || v === "" ? [] : [[k, Array.isArray(v) ? v.join(",") : v]])));
  return auditQuerySchema.safeParse(flat);
}

/** `2026-12-02` is the whole day; a date-time is taken as written. */
export function dayBound(text: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T${end ? "23:59:59.999" : "00:00:00.000"}Z`);
  return new Date(text);
}
