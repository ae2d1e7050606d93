import { z } from "zod";
import { ValidationError } from "@/lib/errors";

// The one filter model: parsed from the list page's URL query string and used by
// the list, the charts, verify, export, the API and the CLI alike.

export const ENV_STATUSES = ["unverified", "queued", "running", "verified", "failed", "error"] as const;
export const REVIEW_STATES = ["pending", "approved", "rejected"] as const;
export const FAILURE_KINDS = ["wrong_answer", "exception", "timeout", "memory", "syntax_error", "no_class", "bad_config", "crash"] as const;

/** `a,b,c` in the URL (repeated parameters are joined first). */
const list = <const T extends readonly [string, ...string[]] | null>(values: T) =>
  z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(values ? z.enum(values as readonly [string, ...string[]]) : z.string().min(1).max(100)).max(100))
    .optional() as unknown as z.ZodOptional<z.ZodType<(T extends readonly string[] ? T[number] : string)[], string>>;

const count = z.coerce.number().int().min(0).max(1_000_000).optional();
const fraction = z.coerce.number().min(0).max(1).optional();

const RANGES = [
  ["tools_min", "tools_max"],
  ["configs_min", "configs_max"],
  ["steps_min", "steps_max"],
  ["config_steps_min", "config_steps_max"],
  ["pass_min", "pass_max"],
  ["difficulty_min", "difficulty_max"],
] as const;

const filterShape = {
  /** Substring of the key (code_id and class name) or the task text, case-insensitive. */
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((s) => s || undefined)
    // Trigram search needs three characters; shorter text would scan every row's task text.
    .refine((s) => s === undefined || s.length >= 3, "must be at least 3 characters"),
  subset: list(null),
  status: list(ENV_STATUSES),
  review: list(REVIEW_STATES),
  tag: list(null),
  /** Environments whose current revision has a tool of one of these names. */
  tool: list(null),
  failure: list(FAILURE_KINDS),
  tools_min: count,
  tools_max: count,
  configs_min: count,
  configs_max: count,
  /** Over the median oracle step count of the environment's configurations. */
  steps_min: count,
  steps_max: count,
  /** Environments with at least one configuration whose oracle step count is in this range. */
  config_steps_min: count,
  config_steps_max: count,
  pass_min: fraction,
  pass_max: fraction,
  difficulty_min: fraction,
  difficulty_max: fraction,
  window: z.enum(["in", "out"]).optional(),
};

/** A range whose ends are swapped selects nothing; say so instead of showing an empty list. */
function checkRanges(f: Partial<Record<(typeof RANGES)[number][number], number | undefined>>, ctx: z.RefinementCtx) {
  for (const [lo, hi] of RANGES) {
    const a = f[lo];
    const b = f[hi];
    if (a !== undefined && b !== undefined && a > b) ctx.addIssue({ code: "custom", path: [lo], message: `must not exceed ${hi} (${b})` });
  }
}

export const environmentFilterSchema = z.object(filterShape).strict().superRefine(checkRanges);

export type EnvironmentFilter = z.infer<typeof environmentFilterSchema>;

export const SORT_COLUMNS = ["key", "subset", "toolCount", "configCount", "stepsMedian", "stepsMax", "passRate", "difficulty", "lastVerifiedAt", "status", "reviewState"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
export const LIST_KEYS = ["sort", "dir", "page", "pageSize"] as const;

export const listQuerySchema = z
  .object({
    ...filterShape,
    sort: z.enum(SORT_COLUMNS).default("key"),
    dir: z.enum(["asc", "desc"]).default("asc"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .strict()
  .superRefine(checkRanges);

export type ListQuery = z.infer<typeof listQuerySchema>;

export const FILTER_KEYS: readonly string[] = Object.keys(filterShape);
const FILTER_KEY_SET = new Set(FILTER_KEYS);

type QueryInput = string | URLSearchParams | Record<string, string | string[] | undefined>;

function toRecord(input: QueryInput): Record<string, string> {
  const params = typeof input === "string" ? new URLSearchParams(input.replace(/^\?/, "")) : input instanceof URLSearchParams ? input : null;
  const out: Record<string, string> = {};
  if (params) {
    for (const key of new Set(params.keys())) out[key] = params.getAll(key).join(",");
  } else {
    for (const [key, value] of Object.entries(input as Record<string, string | string[] | undefined>)) {
      if (value !== undefined) out[key] = Array.isArray(value) ? value.join(",") : value;
    }
  }
  for (const key of Object.keys(out)) if (out[key] === "") delete out[key];
  return out;
}

function parseWith<S extends z.ZodType>(schema: S, record: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      field: i.path.join(".") || (i.code === "unrecognized_keys" ? (i as { keys?: string[] }).keys?.join(",") ?? "" : ""),
      message: i.message,
    }));
    throw new ValidationError(`Invalid filter: ${errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("; ")}`, errors);
  }
  return parsed.data;
}

/** The filter part of a query string; list parameters (sort, page) are ignored here. */
export function parseFilter(input: QueryInput): EnvironmentFilter {
  const record = toRecord(input);
  for (const key of LIST_KEYS) delete record[key];
  return parseWith(environmentFilterSchema, record);
}

export function parseListQuery(input: QueryInput): ListQuery {
  return parseWith(listQuerySchema, toRecord(input));
}

const LIST_DEFAULTS: Record<string, string> = { sort: "key", dir: "asc", page: "1", pageSize: String(DEFAULT_PAGE_SIZE) };
const CANONICAL_ORDER = [...FILTER_KEYS, ...LIST_KEYS];

/**
 * The query string of a filter (or list query), for links, react-query keys and
 * the CLI's --filter: keys in schema order, defaults left out, so one filter has one URL.
 */
export function filterToQuery(filter: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  const record = filter as Record<string, unknown>;
  const keys = [...CANONICAL_ORDER, ...Object.keys(record).filter((k) => !CANONICAL_ORDER.includes(k))];
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    const text = Array.isArray(value) ? value.join(",") : String(value);
    if (LIST_DEFAULTS[key] === text) continue;
    params.set(key, text);
  }
  return params.toString();
}

export function isFilterKey(key: string): boolean {
  return FILTER_KEY_SET.has(key);
}
