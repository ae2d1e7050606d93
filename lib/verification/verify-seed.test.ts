import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_DIR } from "@/lib/setup/seed";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { getRun, listRuns } from "./queries";
import { startQueue } from "./queue";
import { NO_CONFIGS_MESSAGE } from "./run-lifecycle";
import { importPaths, importSeed, verifyAndWait } from "./testing";
import { startVerificationWorker, type VerificationWorker } from "./worker";

// Our sample environments through the whole service: queue, worker, real sandbox, stored
// verdicts. Expected step counts are the records' solve_fc_round; the broken environments
// are the ones prisma/seed/README.md describes.

interface SeedRecord {
  code_id: string;
  env_name: string;
  unit_test_list: { unit_test: string; solve_fc_round: number | null }[];
}
const records: SeedRecord[] = fs
  .readFileSync(path.join(SEED_DIR, "records.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const keyOf = (r: SeedRecord) => `${r.code_id}__${r.env_name}`;

/** position → failure kind, for the deliberately broken environments; every other configuration passes. */
const BROKEN: Record<string, Record<number, string>> = {
  Codeforces_8344_I__ShipCapacityEnv: { 3: "wrong_answer" },
  Codeforces_7215_I__CourseScheduleEnv: { 3: "timeout" },
  Code_Contests_6650_I__FirstDuplicateEnv: { 2: "memory", 3: "memory" },
  Leetcode_5560_I__RangeSumQueryEnv: { 0: "syntax_error", 1: "syntax_error" },
};

let db: TestDatabase;
let boss: PgBoss;
let worker: VerificationWorker;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-seed-"));

beforeAll(async () => {
  db = await createTestDatabase();
  await importSeed(db.prisma);
  boss = await startQueue({ url: db.url, supervise: false });
  worker = await startVerificationWorker({ url: db.url, slots: 2, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("verifying the sample environments", () => {
  it("gives CodeGym's verdicts and the records' step counts, and stores them everywhere", async () => {
    const runs = await verifyAndWait({ db: db.prisma, boss, request: { filter: "" } });
    expect(runs).toHaveLength(records.length);

    for (const record of records) {
      const key = keyOf(record);
      const broken = BROKEN[key] ?? {};
      const runId = runs.find((r) => r.key === key)?.runId;
      expect(runId, key).toBeDefined();
      const { run, results } = await getRun({ id: runId!, db: db.prisma });
      const configs = record.unit_test_list;
      expect(run, key).toMatchObject({ status: "succeeded", total: configs.length, done: configs.length, attempts: 1, error: null });
      expect(run.passed, key).toBe(configs.length - Object.keys(broken).length);
      expect(results.map((r) => r.configString), key).toEqual(configs.map((c) => c.unit_test));
      for (const [i, config] of configs.entries()) {
        const result = results[i]!;
        const kind = broken[i] ?? null;
        expect({ key, i, kind: result.failureKind }).toEqual({ key, i, kind });
        expect(result.passed).toBe(kind === null);
        // The oracle ran to the end (passed or wrong answer): the same step count CodeGym recorded.
        if (config.solve_fc_round !== null) expect({ key, i, steps: result.steps }).toEqual({ key, i, steps: config.solve_fc_round });
      }

      const env = await db.prisma.environment.findUniqueOrThrow({
        where: { key },
        include: { currentRevision: { include: { configs: { orderBy: { position: "asc" } } } } },
      });
      expect(env.status, key).toBe(Object.keys(broken).length ? "failed" : "verified");
      expect(env.lastVerifiedAt, key).not.toBeNull();
      expect(env.passCount, key).toBe(run.passed);
      const passedSteps = configs.filter((_, i) => broken[i] === undefined || broken[i] === "wrong_answer").map((c) => c.solve_fc_round!);
      if (passedSteps.length) {
        expect(env.stepsMin, key).toBe(Math.min(...passedSteps));
        expect(env.stepsMax, key).toBe(Math.max(...passedSteps));
      }
      expect(env.inTrainingWindow, key).toBe(passedSteps.length === configs.length && passedSteps.every((s) => s >= 10 && s <= 256));
      expect([...env.failureKinds].sort(), key).toEqual([...new Set(Object.values(broken))].sort());
      for (const [i, c] of env.currentRevision!.configs.entries()) {
        expect(c, `${key} #${i}`).toMatchObject({ lastRunId: runId, lastPassed: broken[i] === undefined, lastFailureKind: broken[i] ?? null, lastSteps: results[i]!.steps });
      }
    }
  });

  it("keeps every run of a revision, and the newest one's figures", async () => {
    const key = "Leetcode_4412_I__SpiralMatrixEnv";
    const [again] = await verifyAndWait({ db: db.prisma, boss, request: { key } });
    const history = await listRuns({ query: { environment: key, limit: 50 }, db: db.prisma });
    expect(history.runs.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(history.runs[0]!.id).toBe(again!.runId);
    const stored = await db.prisma.verificationResult.groupBy({ by: ["runId"], where: { runId: { in: history.runs.map((r) => r.id) } }, _count: { _all: true } });
    expect(stored.map((s) => s._count._all)).toEqual([4, 4]);
    const configs = await db.prisma.taskConfig.findMany({ where: { revision: { environment: { key } } } });
    expect(configs.every((c) => c.lastRunId === again!.runId)).toBe(true);
    // Outside CodeGym's training window: one configuration takes 3 steps, one 326.
    const env = await db.prisma.environment.findUniqueOrThrow({ where: { key } });
    expect(env).toMatchObject({ status: "verified", inTrainingWindow: false, stepsMin: 3, stepsMax: 326 });
  });

  it("finishes a revision without configurations, and does not call it verified", async () => {
    const source = fs.readFileSync(path.join(SEED_DIR, "sources", "Leetcode_4412_I__SpiralMatrixEnv.py"), "utf8").replaceAll("SpiralMatrixEnv", "EmptySpiralEnv");
    fs.mkdirSync(path.join(dir, "sources"), { recursive: true });
    fs.writeFileSync(path.join(dir, "sources", "Leetcode_9_I__EmptySpiralEnv.py"), source);
    await importPaths(db.prisma, [path.join(dir, "sources")]);
    const [run] = await verifyAndWait({ db: db.prisma, boss, request: { keys: ["Leetcode_9_I__EmptySpiralEnv"] } });
    const { run: row, results } = await getRun({ id: run!.runId, db: db.prisma });
    expect(row).toMatchObject({ status: "succeeded", total: 0, done: 0, passed: 0, verified: false, error: NO_CONFIGS_MESSAGE });
    expect(results).toEqual([]);
    const env = await db.prisma.environment.findUniqueOrThrow({ where: { key: "Leetcode_9_I__EmptySpiralEnv" } });
    expect(env.status).toBe("failed");
  });
});
