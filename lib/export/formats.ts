import path from "node:path";
import { FORMATS } from "./format-info";
import type { ExportFormat } from "./options";

export { FORMATS, type FormatInfo } from "./format-info";

export type Split = "all" | "train" | "val";

const KNOWN_EXTENSIONS = [".tar.gz", ".jsonl", ".parquet", ".json", ".tgz"];

/** `out/data.jsonl` → `out/data`; knows double extensions such as `.tar.gz`. */
export function stemOf(file: string): string {
  const lower = file.toLowerCase();
  const ext = KNOWN_EXTENSIONS.find((e) => lower.endsWith(e)) ?? path.extname(file);
  return ext ? file.slice(0, file.length - ext.length) : file;
}

/**
 * The file of one split: `--out data.jsonl` writes `data.jsonl` without a split,
 * `data.train.jsonl` and `data.val.jsonl` with one. The extension is the one the
 * caller gave, or the format's when it gave none.
 */
export function splitFile(out: string, format: ExportFormat, split: Split): string {
  const stem = stemOf(out);
  const ext = out.slice(stem.length) || FORMATS[format].extension;
  return split === "all" ? `${stem}${ext}` : `${stem}.${split}${ext}`;
}

/** The manifest sits next to the data: `data.jsonl` → `data.manifest.json`. */
export function manifestFile(out: string): string {
  return `${stemOf(out)}.manifest.json`;
}
