// What the UI and the server both need to know about each format (no Node imports: client components use it).
import type { ExportFormat } from "./options";

export interface FormatInfo {
  label: string;
  extension: string;
  contentType: string;
  /** What one unit of progress is. */
  unit: "rows" | "environments";
  description: string;
}

export const FORMATS: Record<ExportFormat, FormatInfo> = {
  "verl-jsonl": { label: "veRL training rows (JSONL)", extension: ".jsonl", contentType: "application/x-ndjson; charset=utf-8", unit: "rows", description: "One row per configuration in CodeGym's veRL shape (the eight keys), one JSON object per line." },
  "verl-parquet": { label: "veRL training rows (Parquet)", extension: ".parquet", contentType: "application/vnd.apache.parquet", unit: "rows", description: "The same rows with nested columns (prompt list<struct>, reward_model and extra_info structs), for pyarrow, DuckDB and datasets." },
  "records-jsonl": { label: "Environment records (JSONL)", extension: ".jsonl", contentType: "application/x-ndjson; charset=utf-8", unit: "environments", description: "One verified-environment record per environment (code, task, docs block, unit tests with our latest results), as the importer reads them." },
  sources: { label: "Environment sources (.tar.gz)", extension: ".tar.gz", contentType: "application/gzip", unit: "environments", description: "The <code_id>__<EnvName>.py source of each environment's current revision, in a gzipped tar." },
};
