import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pairSumRecord, pairSumSource } from "@/lib/import/fixtures/pair-sum-env";
import { DEFAULT_LIMITS } from "@/lib/sandbox";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { requestVerification } from "./enqueue";
import { expirySeconds, RETRY_DELAY_SECONDS, startQueue, VERIFY_DEAD_LETTER_QUEUE, VERIFY_QUEUE } from "./queue";
import { cancelRun } from "./run-lifecycle";
import { importPaths, waitUntil } from "./testing";
import { startVerificationWorker, type VerificationWorker } from "./worker";

// The queue's promises, on the real queue and sandbox: bad input is not retried, a last
// attempt marks the run failed, cancel and a graceful stop lose nothing, and a run of a
// revision that is no longer current leaves the environment alone.

let db: TestDatabase;
let boss: PgBoss;
let worker: VerificationWorker | null = null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-queue-"));
const SLOW = "Codeforces_5_I__SlowPairEnv";
const QUICK = "Leetcode_6_I__QuickPairEnv";
const CONFIGS = 10;

function write(name: string, records: unknown[]) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return file;
}

function slowRecord() {
  const record = pairSumRecord("Codeforces_5_I", "SlowPairEnv", Array.from({ length: CONFIGS }, (_, i) => [i, 1] as [number, number]));
  return { ...record, gym_env: pairSumSource("SlowPairEnv").replace("    def solve(self):\n", "    def solve(self):\n        import time\n        time.sleep(0.3)\n") };
}

const run = (id: number) => db.prisma.verificationRun.findUniqueOrThrow({ where: { id } });
const envOf = (key: string) => db.prisma.environment.findUniqueOrThrow({ where: { key } });
const jobsOf = (runId: number) =>
  db.prisma.$queryRaw<{ name: string; state: string; retry_count: number; output: unknown }[]>`
    SELECT name, state::text, retry_count, output FROM pgboss.job WHERE data->>'runId' = ${String(runId)} ORDER BY created_on`;
const start = async () => (worker = await startVerificationWorker({ url: db.url, slots: 1, log: () => {} }));

beforeAll(async () => {
  db = await createTestDatabase();
  await importPaths(db.prisma, [write("records.jsonl", [slowRecord(), pairSumRecord("Leetcode_6_I", "QuickPairEnv")])]);
  boss = await startQueue({ url: db.url, supervise: false });
});

afterEach(async () => {
  await worker?.stop();
  worker = null;
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("expirySeconds", () => {
  it("grows with the configurations and the timeout, within pg-boss's 24 h", () => {
    expect(expirySeconds({ configs: 0, limits: DEFAULT_LIMITS, marginSeconds: 0 })).toBe(2);
    expect(expirySeconds({ configs: 10, limits: DEFAULT_LIMITS, marginSeconds: 60 })).toBe(10 * 4.5 + 3 * 2 + 60);
    expect(expirySeconds({ configs: 10, limits: { ...DEFAULT_LIMITS, timeoutMs: 4000 } })).toBeGreaterThan(expirySeconds({ configs: 10, limits: DEFAULT_LIMITS }));
    expect(expirySeconds({ configs: 1_000_000, limits: DEFAULT_LIMITS })).toBeLessThan(24 * 3600);
  });
});

describe("the verification queue", () => {
  it("drops jobs no retry can fix instead of retrying them", async () => {
    const unknown = await boss.send(VERIFY_QUEUE, { runId: 987654 });
    const invalid = await boss.send(VERIFY_QUEUE, { runId: "not a number" });
    const { runs } = await requestVerification({ db: db.prisma, boss, request: { key: QUICK } });
    const bad = runs[0]!.runId;
    // Limits the sandbox refuses (written past the API's schema).
    await db.prisma.verificationRun.update({ where: { id: bad }, data: { limits: { timeoutMs: 5, memoryBytes: 1 } } });
    await start();
    await waitUntil(async () => (await run(bad)).status === "failed");
    for (const id of [unknown!, invalid!]) {
      await waitUntil(async () => (await boss.getJobById(VERIFY_QUEUE, id, { includeArchive: true }))?.state === "completed");
      expect((await boss.getJobById(VERIFY_QUEUE, id, { includeArchive: true }))?.retryCount).toBe(0);
    }
    expect((await run(bad)).error).toMatch(/invalid limits: timeoutMs/);
    expect(await jobsOf(bad)).toMatchObject([{ state: "completed", retry_count: 0 }]);
    expect((await envOf(QUICK)).status).toBe("error");
  });

  it("marks the run failed when its last attempt expires (the worker died every time)", async () => {
    const { runs } = await requestVerification({ db: db.prisma, boss, request: { key: QUICK } });
    const runId = runs[0]!.runId;
    // Take the job as a worker would, then "die": no retry left, expiring in 1 s.
    await db.prisma.$executeRaw`UPDATE pgboss.job SET retry_limit = 0, expire_in = interval '1 second' WHERE data->>'runId' = ${String(runId)}`;
    expect(await boss.fetch(VERIFY_QUEUE)).toHaveLength(1);
    await start();
    await waitUntil(async () => (await run(runId)).status === "failed");
    expect((await run(runId)).error).toMatch(/gave up after 1 attempts: the worker running it stopped responding/);
    expect((await jobsOf(runId)).map((j) => [j.name, j.state])).toEqual([
      [VERIFY_QUEUE, "failed"],
      [VERIFY_DEAD_LETTER_QUEUE, "completed"],
    ]);
    expect((await envOf(QUICK)).status).toBe("error");
  });

  it("cancels a running run: the worker stops, what it stored stays", async () => {
    await start();
    const { runs } = await requestVerification({ db: db.prisma, boss, request: { key: SLOW }, expiryMarginSeconds: 5 });
    const runId = runs[0]!.runId;
    await waitUntil(async () => (await run(runId)).done >= 2);
    await cancelRun({ db: db.prisma, runId, userId: null });
    await waitUntil(async () => (await jobsOf(runId))[0]?.state === "completed");
    const stopped = await run(runId);
    expect(stopped).toMatchObject({ status: "cancelled", attempts: 1 });
    expect(stopped.done).toBeLessThan(CONFIGS);
    expect(await db.prisma.verificationResult.count({ where: { runId } })).toBe(stopped.done);
    expect((await envOf(SLOW)).status).toBe("unverified");
  });

  it("puts a run back on the queue when its worker stops, and another worker resumes it", { timeout: 120_000 }, async () => {
    await start();
    const { runs } = await requestVerification({ db: db.prisma, boss, request: { key: SLOW }, expiryMarginSeconds: 5 });
    const runId = runs[0]!.runId;
    await waitUntil(async () => (await run(runId)).done >= 2);
    await worker!.stop();
    worker = null;
    const paused = await run(runId);
    expect(paused).toMatchObject({ status: "queued", attempts: 1 });
    expect(paused.error).toMatch(/worker stopped/);
    const stored = await db.prisma.verificationResult.findMany({ where: { runId }, orderBy: { id: "asc" } });
    // The stopped job completed; a fresh one (all its retries left) waits.
    expect((await jobsOf(runId)).map((j) => [j.state, j.retry_count])).toEqual([
      ["completed", 0],
      ["created", 0],
    ]);

    await start();
    await waitUntil(async () => (await run(runId)).status === "succeeded");
    expect(await run(runId)).toMatchObject({ done: CONFIGS, passed: CONFIGS, attempts: 2, error: null });
    const results = await db.prisma.verificationResult.findMany({ where: { runId }, orderBy: { id: "asc" } });
    expect(results).toHaveLength(CONFIGS);
    expect(results.slice(0, stored.length)).toEqual(stored);
    expect((await envOf(SLOW)).status).toBe("verified");
  });

  it("leaves the environment alone when the run's revision is no longer current", async () => {
    const { runs } = await requestVerification({ db: db.prisma, boss, request: { key: QUICK } });
    const runId = runs[0]!.runId;
    // A new revision arrives before any worker took the run (its task text changed).
    await importPaths(db.prisma, [write("changed.jsonl", [{ ...pairSumRecord("Leetcode_6_I", "QuickPairEnv"), gym_task: "\nA new task text." }])]);
    const env = await envOf(QUICK);
    expect(env.status).toBe("unverified");
    await start();
    await waitUntil(async () => (await run(runId)).status === "succeeded");
    const after = await envOf(QUICK);
    expect(after).toMatchObject({ status: "unverified", passCount: 0, lastVerifiedAt: env.lastVerifiedAt });
    expect(await db.prisma.taskConfig.count({ where: { revisionId: after.currentRevisionId!, lastRunId: { not: null } } })).toBe(0);
    expect(RETRY_DELAY_SECONDS).toBeGreaterThan(0);
  });
});
