/** The `?a=&b=` URL of the revisions page comparing two revision ids. */
export const compareHref = (envKey: string, a: number, b: number) => `/environments/${encodeURIComponent(envKey)}/revisions?a=${a}&b=${b}`;
