import zlib from "node:zlib";
import type { Compressors } from "hyparquet";

/**
 * Decompressors for the Parquet codecs hyparquet leaves to its caller, from
 * Node's own zlib: BROTLI (what our exports write, see lib/export/parquet-writer.ts)
 * and GZIP. SNAPPY is built into hyparquet.
 */
export const PARQUET_DECOMPRESSORS: Compressors = {
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  GZIP: (input) => zlib.gunzipSync(input),
};
