// Formatting shared by server and client components. Deterministic (fixed locale,
// UTC), so the server's HTML and the browser's hydration always agree.

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "–" : integer.format(n);
}

export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  return digits === 2 ? decimal.format(n) : new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(n);
}

export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? "–" : `${Math.round(fraction * 1000) / 10}%`;
}

/** `2026-12-02 19:33 UTC` */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "–";
  const d = typeof value === "string" ? new Date(value) : value;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return "–";
  return s < 1 ? `${Math.round(s * 1000 * 10) / 10} ms` : `${Math.round(s * 100) / 100} s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "–";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${formatNumber(bytes / 1024, 1)} KiB`;
  return `${formatNumber(bytes / 1024 ** 2, 1)} MiB`;
}

/** Environment keys are `<code_id>__<EnvName>`; their URL segment is the key, percent-encoded. */
export function environmentHref(key: string, params?: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== "") search.set(k, String(v));
  const qs = search.toString();
  return `/environments/${encodeURIComponent(key)}${qs ? `?${qs}` : ""}`;
}
