// Where a reviewer was in the queue, per user, mode and filter, so /review
// without `at` resumes there. Kept in a cookie scoped to /review: the server
// page reads it and redirects before rendering (no flash of the first
// environment), and the browser writes it as the reviewer moves. Pure
// functions, shared by both sides.

export const QUEUE_POSITION_COOKIE = "curator_review_at";
export const QUEUE_POSITION_PATH = "/review";
/** Enough filters to come back to, small enough for a cookie (4 KB). */
const MAX_ENTRIES = 12;
const MAX_CHARS = 3000;

type Entry = [slot: string, at: string];

/** The name one queue's position is stored under. */
export function positionSlot(userId: number, mode: string, filterQuery: string): string {
  return `${userId}|${mode}|${filterQuery}`;
}

// base64url of URI-encoded JSON: cookie-safe, and untouched by any URI decoding on the way.
function encode(entries: Entry[]): string {
  return btoa(encodeURIComponent(JSON.stringify(entries))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(value: string | undefined): Entry[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(atob(value.replaceAll("-", "+").replaceAll("_", "/"))));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((e): e is Entry => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && typeof e[1] === "string");
  } catch {
    // A cookie we cannot read is no position, not an error.
    return [];
  }
}

export function savedPosition(cookie: string | undefined, slot: string): string | undefined {
  return decode(cookie).find(([s]) => s === slot)?.[1];
}

/** The cookie value with `slot` set to `at` (most recent first) or removed (`at` null), oldest dropped past the caps. */
export function withPosition(cookie: string | undefined, slot: string, at: string | null): string {
  let entries = decode(cookie).filter(([s]) => s !== slot);
  if (at) entries.unshift([slot, at]);
  entries = entries.slice(0, MAX_ENTRIES);
  let value = encode(entries);
  while (value.length > MAX_CHARS && entries.length > 1) {
    entries = entries.slice(0, -1);
    value = encode(entries);
  }
  return value.length > MAX_CHARS ? encode([]) : value;
}
