import fs from "node:fs";
import path from "node:path";
import { parseSourceFileName } from "@/lib/codegym/identity";
import { issue, type ReadItem } from "./contributions";
import { readLines } from "./lines";
import { readRecordsJson, readRecordsJsonl } from "./read-records";
import { readSourcesDir } from "./read-sources";
import { readTrainingJsonl, readTrainingParquet } from "./read-training";

export type InputKind = "records" | "sources" | "training";

export interface Input {
  kind: InputKind;
  path: string;
  read(): AsyncGenerator<ReadItem>;
}

/** Whole environments first, so training rows always find the environment they extend. */
const ORDER: Record<InputKind, number> = { records: 0, sources: 1, training: 2 };

/**
 * Turns command-line paths into readers: `.jsonl` files (records or training
 * rows, told apart by their first line), `.json` records, `.parquet` training
 * rows, and folders, searched recursively, whose `.py` files are sources.
 */
export async function resolveInputs(paths: string[]): Promise<{ inputs: Input[]; problems: ReadItem[] }> {
  const inputs: Input[] = [];
  const problems: ReadItem[] = [];
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) problems.push(issue({ file: p }, "no such file or folder"));
    else if (stat.isDirectory()) await walk(p, inputs, problems);
    else await addFile(p, inputs, problems);
  }
  inputs.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  return { inputs, problems };
}

// In a folder, files that are plainly not CodeGym data (scripts, notes, other
// JSON) are passed over; a file named on the command line must be data.
async function walk(dir: string, inputs: Input[], problems: ReadItem[]) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const python = entries.filter((e) => e.isFile() && e.name.endsWith(".py")).map((e) => e.name);
  const sources = python.filter((name) => parseSourceFileName(name));
  // Only a folder that holds sources gets its misnamed .py files reported.
  if (sources.length) inputs.push({ kind: "sources", path: dir, read: () => readSourcesDir(dir, python) });
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "__pycache__") await walk(full, inputs, problems);
    else if (e.isFile() && /\.(jsonl|parquet)$/.test(e.name)) await addFile(full, inputs, problems);
    else if (e.isFile() && e.name.endsWith(".json") && (await looksLikeRecords(full))) await addFile(full, inputs, problems);
  }
}

async function looksLikeRecords(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    return /"gym_env"\s*:/.test(buffer.subarray(0, bytesRead).toString("utf8"));
  } finally {
    await handle.close();
  }
}

async function addFile(file: string, inputs: Input[], problems: ReadItem[]) {
  if (file.endsWith(".parquet")) inputs.push({ kind: "training", path: file, read: () => readTrainingParquet(file) });
  else if (file.endsWith(".json")) inputs.push({ kind: "records", path: file, read: () => readRecordsJson(file) });
  else if (file.endsWith(".jsonl")) {
    const kind = await sniffJsonl(file);
    if (kind === "training") inputs.push({ kind, path: file, read: () => readTrainingJsonl(file) });
    else if (kind === "records") inputs.push({ kind, path: file, read: () => readRecordsJsonl(file) });
    else problems.push(issue({ file }, "neither environment records (gym_env) nor training rows (ability) were found in its first lines"));
  } else if (file.endsWith(".py")) {
    inputs.push({ kind: "sources", path: file, read: () => readSourcesDir(path.dirname(file), [path.basename(file)]) });
  } else problems.push(issue({ file }, "unknown file type (expected .jsonl, .json, .parquet, .py or a folder)"));
}

async function sniffJsonl(file: string): Promise<InputKind | null> {
  let seen = 0;
  for await (const line of readLines(file)) {
    if (++seen > 20) break;
    if (!("text" in line)) continue;
    if (/"ability"\s*:/.test(line.text)) return "training";
    if (/"gym_env"\s*:/.test(line.text)) return "records";
  }
  return null;
}
