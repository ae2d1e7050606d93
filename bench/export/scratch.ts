// Temporary: keep a filled scratch database up for profiling.
import fs from "node:fs";
import { startScratchDatabase } from "../lib/scratch-db";
import { fillCorpus } from "./corpus";
const db = await startScratchDatabase("bench_export");
await fillCorpus(db.url, Number(process.argv[2] ?? 100000));
fs.writeFileSync("/tmp/exp-proto/db.url", db.url);
console.log(db.url);
process.on("SIGTERM", async () => { await db.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
