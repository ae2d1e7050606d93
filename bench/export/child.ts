// One export in a process of its own (bench/export/run.ts starts it under
// /usr/bin/time -v), printing what it wrote, how long the export itself took
// and the process's own peak RSS as JSON.
//   DATABASE_URL=... npx tsx bench/export/child.ts '<options JSON>' OUT
import { DEFAULT_INSTRUCTION_TEXT } from "@/lib/export/instruction-text";
import { parseExportOptions } from "@/lib/export/options";
import { runExport } from "@/lib/export/run-export";

const [json, out] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!json || !out || !url) throw new Error("usage: DATABASE_URL=... tsx bench/export/child.ts '<options JSON>' OUT");
const { options, filter } = parseExportOptions(JSON.parse(json));
const started = process.hrtime.bigint();
process.on("uncaughtException", (error) => {
  // GNU time keeps stderr for itself; say what failed on stdout.
  console.log(JSON.stringify({ error: error.stack ?? String(error) }));
  process.exit(1);
});
const manifest = await runExport({ url, options, filter, out, instructionText: DEFAULT_INSTRUCTION_TEXT, who: { userId: null, username: "bench", via: "cli" } });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    items: manifest.counts.items,
    bytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
