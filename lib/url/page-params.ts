// What a page receives from the App Router, turned back into what we link to.

export type PageSearch = Record<string, string | string[] | undefined>;

/** The page's search parameters as a query string (no `?`), repeated keys kept. */
export function queryStringOf(search: PageSearch): string {
  return new URLSearchParams(Object.entries(search).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v === undefined ? [] : [[k, v]]))).toString();
}

/** A dynamic route segment, percent-decoded; a malformed escape is kept as it came. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
