// react-query keys of the dashboard (list, stats, environment page). The list and
// stats keys are the canonical query string (filterToQuery), so one filter is one entry.
export const dashboardKeys = {
  all: ["dashboard"] as const,
  list: (query: string) => ["dashboard", "environments", query] as const,
  stats: (query: string) => ["dashboard", "stats", query] as const,
  runs: (key: string) => ["dashboard", "runs", key] as const,
  replay: (key: string, position: number, runId: number | null) => ["dashboard", "replay", key, position, runId] as const,
};
