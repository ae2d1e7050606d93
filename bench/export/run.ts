// Export throughput and memory: fills a scratch database with N training rows
// (bench/export/corpus.ts), then exports them as veRL JSONL and Parquet (and,
// for scale, records and sources), each export in its own process under
// /usr/bin/time -v. Peak RSS that stays flat from 10,000 to 100,000 rows shows
// the export streams. Each export is bench/export/child.ts (runExport alone),
// or with --cli the very command `npm run export` runs (package.json's script:
// its V8 flags, the ExportJob row and its progress updates, the progress bar).
//   npx tsx bench/export/run.ts [--sizes 10000,100000] [--formats verl-jsonl,verl-parquet] [--runs 3] [--shuffle] [--cli]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { EXPORT_V8_FLAGS } from "@/lib/export/node-flags";
import { startScratchDatabase } from "../lib/scratch-db";
import { timeCommand } from "../lib/time-command";
import { fillCorpus } from "./corpus";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    formats: { type: "string", default: "verl-jsonl,verl-parquet" },
    shuffle: { type: "boolean", default: false },
    extra: { type: "string", default: "" },
    runs: { type: "string", default: "3" },
    cli: { type: "boolean", default: false },
  },
});
if (values.cli && values.extra) throw new Error("--extra applies to child.ts's options, not to --cli");
const runs = Number(values.runs);
const sizes = values.sizes.split(",").map(Number);
const formats = values.formats.split(",");
const ext: Record<string, string> = { "verl-jsonl": ".jsonl", "verl-parquet": ".parquet", "records-jsonl": ".jsonl", sources: ".tar.gz" };
type Measured = { items: number; bytes: number; seconds: number };

/** runExport in a process of its own, run with the V8 flags `npm run export` runs with. */
function childCommand(options: object, out: string): string[] {
  return [path.resolve("node_modules/.bin/tsx"), ...EXPORT_V8_FLAGS, "bench/export/child.ts", JSON.stringify(options), out];
}

function fromChild(stdout: string): Measured {
  return JSON.parse(stdout.trim().split("\n").pop()!) as Measured;
}

/** `npm run export -- --format F --out OUT --json`, as package.json's script has it (without npm itself in between). */
function cliCommand(format: string, out: string): string[] {
  const script = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { export: string } }).scripts.export.split(" ");
  if (script[0] !== "tsx") throw new Error(`package.json's export script no longer starts with tsx: ${script.join(" ")}`);
  return [path.resolve("node_modules/.bin/tsx"), ...script.slice(1), "--format", format, "--out", out, "--json", ...(values.shuffle ? ["--shuffle"] : [])];
}

function fromManifest(stdout: string): Measured {
  const m = JSON.parse(stdout) as { counts: { items: number }; files: { bytes: number }[]; startedAt: string; finishedAt: string };
  return { items: m.counts.items, bytes: m.files.reduce((n, f) => n + f.bytes, 0), seconds: (Date.parse(m.finishedAt) - Date.parse(m.startedAt)) / 1000 };
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "curator-bench-export-"));
const table: string[] = [];

for (const rows of sizes) {
  const db = await startScratchDatabase("bench_export");
  try {
    const t0 = Date.now();
    const corpus = await fillCorpus(db.url, rows);
    console.error(`corpus: ${corpus.configurations} configurations of ${corpus.environments} environments in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const format of formats) {
      const options = { format, shuffle: values.shuffle, ...(values.extra ? JSON.parse(values.extra) : {}) };
      const out = path.join(outDir, `${format}-${rows}${ext[format]}`);
      // The machine may be shared: run each export several times, report the best and the median time and the range of peak RSS.
      const results: { items: number; bytes: number; seconds: number; wall: number; rss: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const run = timeCommand(values.cli ? cliCommand(format, out) : childCommand(options, out), { ...process.env, DATABASE_URL: db.url });
        if (run.status !== 0) throw new Error(`export ${format} exited with ${run.status}: ${run.stdout.slice(-3000)}`);
        results.push({ ...(values.cli ? fromManifest(run.stdout) : fromChild(run.stdout)), wall: run.wallSeconds, rss: run.peakRssMb });
        for (const f of fs.readdirSync(outDir)) fs.rmSync(path.join(outDir, f), { force: true });
      }
      const times = results.map((r) => r.seconds).sort((a, b) => a - b);
      const best = times[0]!;
      const median = times[Math.floor(times.length / 2)]!;
      const r = results[0]!;
      table.push(
        `| ${format}${values.shuffle ? " (shuffled)" : ""}${values.cli ? ", npm run export" : ""} | ${rows} | ${corpus.environments} | ${r.items} | ${(r.bytes / 1e6).toFixed(1)} MB | ${best.toFixed(2)} s / ${median.toFixed(2)} s | ${Math.round(r.items / best).toLocaleString("en-US")} / ${Math.round(r.items / median).toLocaleString("en-US")} | ${Math.min(...results.map((x) => x.wall)).toFixed(2)} s | ${Math.min(...results.map((x) => x.rss)).toFixed(0)}–${Math.max(...results.map((x) => x.rss)).toFixed(0)} MB |`,
      );
    }
  } finally {
    await db.stop();
  }
}
fs.rmSync(outDir, { recursive: true, force: true });

console.log(`| format | configurations | environments | items written | output | export time (best / median of ${runs}) | items/s (best / median) | process wall, best (incl. start-up) | peak RSS (lowest–highest run) |`);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const line of table) console.log(line);
