// Imports the synthetic CodeGym corpus (bench/corpus) into an empty database
// and reports wall time, rows/s and peak RSS; several sizes show whether memory
// stays flat as the input grows.
//   npx tsx bench/import/run.ts [--sizes 2000,13116] [--seed 1] [--from DIR]
// --from reads an existing corpus (e.g. /work/main/bench/out/corpus) instead of
// generating one per size: smaller sizes are its first N environments.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startScratchDatabase } from "../lib/scratch-db";
import { sliceCorpus } from "../lib/slice-corpus";
import { timeCommand } from "../lib/time-command";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "2000,13116" }, seed: { type: "string", default: "1" }, from: { type: "string" } } });
const sizes = values.sizes.split(",").map(Number);
const rows: string[] = [];

for (const envs of sizes) {
  const dir = values.from ? await corpusFrom(path.resolve(values.from), envs) : path.resolve(`bench/out/corpus-${envs}-s${values.seed}`);
  if (!fs.existsSync(path.join(dir, "records.jsonl"))) {
    const gen = spawnSync("python3", ["bench/corpus/generate.py", "--envs", String(envs), "--seed", values.seed, "--out", dir], { stdio: "inherit" });
    if (gen.status !== 0) throw new Error("corpus generation failed");
  }
  const inputBytes = ["records.jsonl", "training.jsonl"].reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const db = await startScratchDatabase();
  try {
    const pgCpuBefore = db.cpuSeconds();
    const loadBefore = os.loadavg()[0]!;
    const run = timeCommand([path.resolve("node_modules/.bin/tsx"), "scripts/import.ts", "--json", dir], { ...process.env, DATABASE_URL: db.url });
    if (run.status !== 0) throw new Error(`import exited with ${run.status}`);
    const pgCpu = db.cpuSeconds() - pgCpuBefore;
    const counts = await countRows(db.url);
    const total = counts.environments + counts.revisions + counts.tools + counts.configs;
    rows.push(
      `| ${envs} | ${counts.environments} | ${counts.configs} | ${counts.tools} | ${(inputBytes / 1e6).toFixed(0)} MB | ${run.wallSeconds.toFixed(1)} s | ${Math.round(total / run.wallSeconds)} | ${Math.round(counts.configs / run.wallSeconds)} | ${run.peakRssMb.toFixed(0)} MB | ${run.cpuSeconds.toFixed(0)} s + ${pgCpu.toFixed(0)} s | ${loadBefore.toFixed(1)} |`,
    );
  } finally {
    await db.stop();
  }
}

// CPU: the importer with its parser processes, plus PostgreSQL. Their sum over the cores is the
// wall time an idle machine could reach; the 1-minute load average before the run says how idle this one was.
console.log("| corpus envs | environments | configurations | tools | input | wall | rows/s (all tables) | configurations/s | peak RSS | CPU import + postgres | load |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log(r);

async function corpusFrom(from: string, envs: number): Promise<string> {
  const lines = fs.readFileSync(path.join(from, "records.jsonl")).reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0);
  if (envs >= lines) return from;
  const out = path.resolve(`bench/out/slice-${envs}-of-${path.basename(from)}`);
  await sliceCorpus(from, envs, out);
  return out;
}

async function countRows(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
    return { environments: await q("Environment"), revisions: await q("Revision"), tools: await q("Tool"), configs: await q("TaskConfig") };
  } finally {
    await client.end();
  }
}
