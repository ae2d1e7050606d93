/** A `?next=` target we will redirect to: a path on this site only (never `//host` or `https://…`). */
export function safeNextPath(next: string | string[] | undefined | null, fallback = "/environments"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.startsWith("/login")) return fallback;
  return value;
}

/** The sign-in URL that comes back to `path` afterwards. */
export function loginUrl(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
