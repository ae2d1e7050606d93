/**
 * V8 settings for every process that runs exports: `npm run export` (its
 * package.json script), the web server (scripts/start.ts) and bench/export.
 *
 * A young generation of at most 4 MB per semi-space. V8 otherwise grows it
 * with the volume a process has allocated (to 16 MB per semi-space here), so a
 * long export would end with a larger young generation, and more garbage
 * buffers awaiting it, than a short one: peak memory would follow the row
 * count. Held at 4 MB, an export reaches its steady state within its first
 * thousands of rows, and the rows' batches are written long before they could
 * be promoted (see ROW_BATCH in training-batches.ts).
 */
export const EXPORT_V8_FLAGS = ["--max-semi-space-size=4"] as const;

/** `env` with EXPORT_V8_FLAGS added to NODE_OPTIONS, for a child process that runs exports (and any process it starts). */
export function withExportFlags(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, ...EXPORT_V8_FLAGS].filter(Boolean).join(" ") };
}
