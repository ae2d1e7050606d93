// react-query keys of the curation features; mutations invalidate by these.
export const curationKeys = {
  all: ["curation"] as const,
  review: (key: string) => ["curation", "review", key] as const,
  tags: (key: string) => ["curation", "tags", key] as const,
  notes: (key: string) => ["curation", "notes", key] as const,
  timeline: (key: string) => ["curation", "timeline", key] as const,
  revisions: (key: string) => ["curation", "revisions", key] as const,
  revision: (key: string, n: number) => ["curation", "revision", key, n] as const,
  run: (id: number) => ["curation", "run", id] as const,
  bulk: (id: number) => ["curation", "bulk", id] as const,
  bulkPreview: (filter: string) => ["curation", "bulk-preview", filter] as const,
  users: ["curation", "users"] as const,
  settings: ["curation", "settings"] as const,
};
