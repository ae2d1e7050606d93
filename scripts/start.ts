import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPrisma } from "@/lib/db/client";
import { portIsFree } from "@/lib/db/embedded-postgres";
import { openDatabase } from "@/lib/db/open-database";
import { env, projectRoot } from "@/lib/env";
import { EXPORT_V8_FLAGS } from "@/lib/export/node-flags";
import { ensureAdmin } from "@/lib/setup/bootstrap-admin";
import { seedIfEmpty } from "@/lib/setup/seed";
import { startVerificationWorker, type VerificationWorker } from "@/lib/verification/worker";

let stopping = false;
const { values } = parseArgs({ options: { dev: { type: "boolean" } } });
const log = (line: string) => console.log(`[curator] ${line}`);
const nextBin = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");

if (!(await portIsFree(env.PORT))) {
  console.error(`Port ${env.PORT} is in use. Stop what runs there or start on another port: PORT=3001 npm start`);
  process.exit(1);
}

const database = await openDatabase({ log });
const db = createPrisma(database.url);
const seeded = await seedIfEmpty(db);
if (seeded) log(`Loaded ${seeded.environments.new} sample environments (${seeded.configurations.added} configurations).`);
await ensureAdmin(db, { log });
await db.$disconnect();

if (!values.dev && !fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
  log("No production build yet: building (a minute or two) …");
  await run(process.execPath, [path.join(projectRoot, "scripts", "copy-monaco.mjs")]);
  await run(process.execPath, [nextBin, "build"]);
}

// The web server runs the dashboard's exports (lib/export/web-exports.ts), hence their V8 flags.
const web = spawn(process.execPath, [...EXPORT_V8_FLAGS, nextBin, values.dev ? "dev" : "start", "-p", String(env.PORT), "-H", env.HOST], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" },
});
// Never leave the web server running without us (e.g. if this process crashes).
process.on("exit", () => web.kill("SIGKILL"));
web.on("exit", (code) => {
  if (!stopping) {
    console.error(`The web server exited (${code}); stopping.`);
    void shutdown(1);
  }
});
// One worker comes with the dashboard so "Verify" works out of the box; `npm run worker` adds more.
let worker: VerificationWorker | null = null;
if (env.CURATOR_EMBEDDED_WORKER === "1") {
  const slots = env.CURATOR_VERIFY_WORKERS || Math.max(1, os.availableParallelism() - 1);
  try {
    worker = await startVerificationWorker({ url: database.url, slots, log: (l) => log(`verify: ${l}`) });
    log(`Verification worker started with ${slots} sandbox${slots === 1 ? "" : "es"}.`);
  } catch (error) {
    console.error(`[curator] The verification worker could not start (${(error as Error).message}); runs stay queued until one does (npm run worker).`);
  }
}
await waitForHttp(`http://127.0.0.1:${env.PORT}/api/health`);
log(`CodeGym Curator is running at http://localhost:${env.PORT}  (Ctrl-C stops it and its database)`);

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("Stopping …");
  await worker?.stop().catch((e) => console.error(e));
  await stopChild(web);
  await database.close().catch((e) => console.error(e));
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function waitForHttp(url: string) {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // No telemetry: nothing leaves this machine at build or run time.
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${code}`))));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
