/**
 * V8 flags of every process that runs exports, given on its command line
 * (NODE_OPTIONS refuses the second): `npm run export` (its package.json
 * script), the web server (scripts/start.ts) and bench/export's children.
 * Without them a long export ends up holding more than a short one, so peak
 * memory would follow the row count:
 *
 * - `--max-semi-space-size=4`: V8 otherwise grows the young generation with
 *   what a process has allocated, to 16 MB per semi-space here; held at 4 MB,
 *   an export reaches its steady state within its first thousands of rows, and
 *   a batch of rows is written long before it could be promoted (ROW_BATCH in
 *   training-batches.ts).
 * - `--no-allocation-site-pretenuring`: once a few batches happen to be
 *   promoted (a disk that stalls the writer, say), V8 starts allocating what
 *   their allocation sites make (the rows' views and pieces) straight in the
 *   old generation, where each keeps its COPY chunk until a full collection:
 *   some runs then hold 50 MB more of dead buffers than others.
 */
export const EXPORT_V8_FLAGS = ["--max-semi-space-size=4", "--no-allocation-site-pretenuring"] as const;
