// `npm run worker [-- --workers N]`: a verification worker. Run it on this machine or any
// other that reaches the same DATABASE_URL (without DATABASE_URL it joins the embedded
// database npm start runs). Ctrl-C (or SIGTERM) puts a run in progress back on the queue.
import os from "node:os";
import { parseArgs } from "node:util";
import { openDatabase } from "@/lib/db/open-database";
import { env } from "@/lib/env";
import { startVerificationWorker, type VerificationWorker } from "@/lib/verification/worker";

const log = (line: string) => console.log(`[worker] ${line}`);

let workers: number;
try {
  const { values } = parseArgs({ options: { workers: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log("usage: npm run worker -- [--workers N]   (N sandboxes, i.e. runs verified at once; default CURATOR_VERIFY_WORKERS or the core count)");
    process.exit(0);
  }
  workers = values.workers === undefined ? (env.CURATOR_VERIFY_WORKERS || os.availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer (got ${values.workers})`);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(2);
}

const database = await openDatabase({ log });
if (database.startedEmbedded) log("No DATABASE_URL and no running npm start: this worker started its own embedded database.");
let worker: VerificationWorker;
try {
  worker = await startVerificationWorker({ url: database.url, slots: workers, log });
} catch (error) {
  console.error(`The verification worker could not start: ${(error as Error).message}`);
  await database.close();
  process.exit(1);
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  log("stopping …");
  await worker.stop();
  await database.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
