import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { filterToQuery, parseFilter, type EnvironmentFilter } from "@/lib/filters/schema";
import { REVIEW_MODES, type ReviewMode } from "./schema";

// The review queue's URL: the shared environment filter plus `mode` and `at`
// (the key shown), read alike by /review and GET /api/review/queue.

const queueOwnSchema = z.object({
  mode: z.enum(REVIEW_MODES).default("pending"),
  /** Empty means "not given": the page then resumes from the remembered position. */
  at: z.string().trim().max(300).optional().transform((s) => s || undefined),
});

export interface QueueQuery {
  filter: EnvironmentFilter;
  /** The filter's canonical query string (filterToQuery), without mode and at. */
  filterQuery: string;
  mode: ReviewMode;
  at: string | undefined;
}

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function first(value: string | string[] | null | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
}

/** Parses the queue's query; a bad filter or mode is one ValidationError naming every bad field. */
export function parseQueueQuery(input: QueryInput): QueueQuery {
  const get = (k: string) => (input instanceof URLSearchParams ? input.get(k) : first(input[k]));
  const rest = input instanceof URLSearchParams ? new URLSearchParams(input) : { ...input };
  if (rest instanceof URLSearchParams) {
    rest.delete("mode");
    rest.delete("at");
  } else {
    delete rest.mode;
    delete rest.at;
  }
  const problems: { field: string; message: string }[] = [];
  let filter: EnvironmentFilter | undefined;
  try {
    filter = parseFilter(rest);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...((error.details ?? []) as { field: string; message: string }[]));
  }
  const own = queueOwnSchema.safeParse({ mode: get("mode") ?? undefined, at: get("at") ?? undefined });
  if (!own.success) problems.push(...own.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  if (problems.length || !own.success || !filter) {
    throw new ValidationError(`Invalid review queue query: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`, problems);
  }
  return { filter, filterQuery: filterToQuery(filter), mode: own.data.mode, at: own.data.at };
}

/** The queue URL of one position; `at` omitted resumes from the remembered one. */
export function queueHref({ filterQuery, mode, at }: { filterQuery: string; mode: ReviewMode; at?: string | null }): string {
  const params = new URLSearchParams(filterQuery);
  if (mode !== "pending") params.set("mode", mode);
  if (at) params.set("at", at);
  const qs = params.toString();
  return `/review${qs ? `?${qs}` : ""}`;
}

export interface QueueNavigation {
  prevHref: string | null;
  /** Wraps around to the queue's first environment from the last one. */
  nextHref: string | null;
  nextWraps: boolean;
  /** Where a decision moves on to: the next one, else this position again (the queue then shows what is left). */
  afterDecisionHref: string;
  firstHref: string | null;
}

export function queueNavigation(slot: { key: string | null; prevKey: string | null; nextKey: string | null; firstKey: string | null }, q: { filterQuery: string; mode: ReviewMode }): QueueNavigation {
  const href = (at: string | null) => (at ? queueHref({ ...q, at }) : null);
  const wrapTo = !slot.nextKey && slot.firstKey && slot.firstKey !== slot.key ? slot.firstKey : null;
  const next = slot.nextKey ?? wrapTo;
  return {
    prevHref: href(slot.prevKey),
    nextHref: href(next),
    nextWraps: wrapTo !== null,
    afterDecisionHref: queueHref({ ...q, at: next ?? slot.key }),
    firstHref: href(slot.firstKey),
  };
}
