import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairSumRecord, pairSumSource } from "@/lib/import/fixtures/pair-sum-env";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { requestVerification } from "./enqueue";
import { startQueue } from "./queue";
import { importPaths, waitUntil } from "./testing";

// A worker killed mid-job loses nothing: its job expires, another worker takes it, runs only
// the configurations that have no result yet, and every configuration's result is stored once.

const CLASS = "SlowPairEnv";
const CONFIGS = 10;
/** Each configuration sleeps in its oracle; with a 1 s timeout the sandbox also reruns it under tracemalloc. */
const SLEEP_SECONDS = 0.3;

let db: TestDatabase;
let boss: PgBoss;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-kill-"));
const children: ChildProcess[] = [];

function slowRecord() {
  const record = pairSumRecord("Codeforces_77_I", CLASS, Array.from({ length: CONFIGS }, (_, i) => [i, i + 1] as [number, number]));
  const source = pairSumSource(CLASS).replace("    def solve(self):\n", `    def solve(self):\n        import time\n        time.sleep(${SLEEP_SECONDS})\n`);
  return { ...record, gym_env: source };
}

/** A real worker process (`npm run worker`), as on another machine sharing DATABASE_URL. */
function spawnWorker(): { child: ChildProcess; output: () => string; exited: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "worker.ts"), "--workers", "1"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let text = "";
  child.stdout?.on("data", (d: Buffer) => (text += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, output: () => text, exited };
}

beforeAll(async () => {
  db = await createTestDatabase();
  fs.writeFileSync(path.join(dir, "records.jsonl"), JSON.stringify(slowRecord()) + "\n");
  await importPaths(db.prisma, [path.join(dir, "records.jsonl")]);
  boss = await startQueue({ url: db.url, supervise: false });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await boss?.stop({ graceful: false });
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a worker killed mid-job", () => {
  it("loses nothing: the job is retried on another worker and each result is stored once", { timeout: 240_000 }, async () => {
    const key = `Codeforces_77_I__${CLASS}`;
    // A small expiry margin, so the test waits seconds rather than a minute for the retry.
    const { runs } = await requestVerification({ db: db.prisma, boss, request: { key, limits: { timeoutMs: 1000 } }, expiryMarginSeconds: 3 });
    const runId = runs[0]!.runId;

    const first = spawnWorker();
    await waitUntil(async () => {
      const run = await db.prisma.verificationRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "running" && run.done >= 2;
    });
    first.child.kill("SIGKILL");
    await first.exited;
    const atKill = await db.prisma.verificationRun.findUniqueOrThrow({ where: { id: runId } });
    const before = await db.prisma.verificationResult.findMany({ where: { runId }, orderBy: { id: "asc" } });
    expect(atKill.attempts).toBe(1);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(CONFIGS);

    const second = spawnWorker();
    await waitUntil(async () => (await db.prisma.verificationRun.findUniqueOrThrow({ where: { id: runId } })).status !== "running", 500);
    const run = await db.prisma.verificationRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "succeeded", total: CONFIGS, done: CONFIGS, passed: CONFIGS, attempts: 2 });
    expect(run.workerId).not.toBe(atKill.workerId);

    const results = await db.prisma.verificationResult.findMany({ where: { runId }, orderBy: { id: "asc" } });
    const configs = await db.prisma.taskConfig.findMany({ where: { revision: { environment: { key } } }, orderBy: { position: "asc" } });
    expect(results).toHaveLength(CONFIGS);
    expect(new Set(results.map((r) => r.configId))).toEqual(new Set(configs.map((c) => c.id)));
    // What the first worker stored was kept as it was, not verified again.
    expect(results.slice(0, before.length)).toEqual(before);
    expect(results.every((r) => r.passed && r.steps === 3)).toBe(true);
    expect(configs.every((c) => c.lastRunId === runId && c.lastPassed)).toBe(true);
    expect((await db.prisma.environment.findUniqueOrThrow({ where: { key } })).status).toBe("verified");

    second.child.kill("SIGTERM");
    await second.exited;
    expect(second.output()).toMatch(/run \d+ Codeforces_77_I__SlowPairEnv: 10\/10 passed, verified/);
  });
});
