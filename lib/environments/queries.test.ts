import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "@/lib/errors";
import { parseListQuery } from "@/lib/filters/schema";
import { readSeedRecords, seededTestDatabase, storeRun } from "@/lib/stats/seeded-test-db";
import type { TestDatabase } from "@/lib/testing/db";
import { COUNT_CAP, getConfigReplay, getEnvironmentDetail, listEnvironmentRuns, listEnvironments, listFilterChoices } from "./queries";

let db: TestDatabase;
const seed = readSeedRecords();
const keys = seed.map((r) => r.key).sort();
const SHIP = "Codeforces_8344_I__ShipCapacityEnv";
const BRACKETS = "Leetcode_1029_I__BracketValidatorEnv";

const list = (qs: string) => listEnvironments({ query: parseListQuery(qs), db: db.prisma });

beforeAll(async () => {
  db = await seededTestDatabase();
  // ShipCapacityEnv: the oracle gets configuration 3 wrong, as the seed documents.
  await storeRun(db.prisma, SHIP, [
    { passed: true, steps: 9 },
    { passed: true, steps: 7 },
    { passed: true, steps: 7 },
    {
      passed: false,
      steps: 8,
      failureKind: "wrong_answer",
      calls: [
        { tool: "Observe", parameters: "{}", observation: '{"weights": [1, 2], "days": 1}' },
        { tool: "Done", parameters: '{"answer": 31}', observation: "Result: Incorrect, reward=0" },
      ],
    },
    { passed: true, steps: 10 },
  ]);
});
afterAll(async () => {
  await db.drop();
});

describe("listEnvironments", () => {
  it("lists every seed environment by key with the total", async () => {
    const page = await list("");
    expect(page.total).toBe(seed.length);
    expect(page.rows.map((r) => r.key)).toEqual(keys);
    expect(page).toMatchObject({ page: 1, pageSize: 50 });
  });

  it("pages without overlap or gaps, and past the end returns no rows but the total", async () => {
    const seen: string[] = [];
    for (let p = 1; p <= 3; p++) seen.push(...(await list(`pageSize=5&page=${p}`)).rows.map((r) => r.key));
    expect(seen).toEqual(keys);
    expect(await list("pageSize=5&page=9")).toEqual({ rows: [], total: seed.length, totalCapped: false, page: 9, pageSize: 5 });
  });

  it("filters by subset, text, tool, tool count and training window", async () => {
    const leetcode = seed.filter((r) => r.subset === "Leetcode").map((r) => r.key).sort();
    expect((await list("subset=Leetcode")).rows.map((r) => r.key)).toEqual(leetcode);
    expect((await list("subset=Leetcode")).total).toBe(leetcode.length);
    // Text search covers the key (code_id and class name), case-insensitively.
    expect((await list("q=shipcapacity")).rows.map((r) => r.key)).toEqual([SHIP]);
    expect((await list("q=codeforces_8344")).rows.map((r) => r.key)).toEqual([SHIP]);
    // PopChar exists only in the bracket validator.
    expect((await list("tool=PopChar")).rows.map((r) => r.key)).toEqual([BRACKETS]);
    // The syntax-error environment has no parsed tools at all.
    expect((await list("tools_max=0")).rows.map((r) => r.key)).toEqual(["Leetcode_5560_I__RangeSumQueryEnv"]);
    const fewTools = await list("tools_min=1&tools_max=3");
    expect(fewTools.rows.map((r) => r.key)).toEqual(["Leetcode_4412_I__SpiralMatrixEnv"]);
    // Spiral matrix has a 3-step and a 326-step configuration, so it lies outside the window.
    expect((await list("window=out")).rows.map((r) => r.key)).toContain("Leetcode_4412_I__SpiralMatrixEnv");
    expect((await list("window=in")).rows.map((r) => r.key)).not.toContain("Leetcode_4412_I__SpiralMatrixEnv");
    // Configurations with 3 to 3 oracle steps: spiral matrix, friend circles, bracket validator.
    expect((await list("config_steps_min=3&config_steps_max=3")).rows.map((r) => r.key)).toEqual(
      ["Code_Contests_9051_I__FriendCirclesEnv", BRACKETS, "Leetcode_4412_I__SpiralMatrixEnv"].sort(),
    );
  });

  it("filters by the stored verification outcome and tags", async () => {
    const failed = await list("status=failed&failure=wrong_answer");
    expect(failed.rows.map((r) => r.key)).toEqual([SHIP]);
    expect(failed.rows[0]).toMatchObject({ passCount: 4, configCount: 5, passRate: 0.8, failureKinds: ["wrong_answer"], status: "failed" });
    expect((await list("status=unverified")).total).toBe(seed.length - 1);
    const tag = await db.prisma.tag.create({ data: { name: "hard" } });
    const env = await db.prisma.environment.findUniqueOrThrow({ where: { key: BRACKETS } });
    await db.prisma.environmentTag.create({ data: { environmentId: env.id, tagId: tag.id } });
    expect((await list("tag=hard")).rows.map((r) => r.key)).toEqual([BRACKETS]);
    expect(await listFilterChoices({ db: db.prisma })).toMatchObject({ tags: [{ name: "hard", n: 1 }] });
  });

  it("sorts by any column, ties broken by id, unknown values last in both directions", async () => {
    const desc = (await list("sort=toolCount&dir=desc")).rows;
    for (let i = 1; i < desc.length; i++) {
      const [a, b] = [desc[i - 1]!, desc[i]!];
      expect(a.toolCount > b.toolCount || (a.toolCount === b.toolCount && a.id > b.id)).toBe(true);
    }
    for (const dir of ["asc", "desc"]) {
      const rows = (await list(`sort=passRate&dir=${dir}`)).rows;
      expect(rows[0]!.key).toBe(SHIP);
      expect(rows.slice(1).every((r) => r.passRate === null)).toBe(true);
    }
    const byStatus = (await list("sort=status&dir=desc")).rows;
    expect(byStatus[0]!.status).toBe("failed");
  });
});

describe("capped counts", () => {
  it("stops counting text searches at COUNT_CAP and says so; other counts stay exact", async () => {
    await db.prisma.$executeRaw`
      INSERT INTO "Environment" (key, "codeId", "envName", subset, "searchText", "updatedAt")
      SELECT 'Synthetic_' || i || '_I__CappedEnv', 'Synthetic_' || i || '_I', 'CappedEnv', 'Synthetic', 'synthetic_' || i || '_i__cappedenv', now()
        FROM generate_series(1, ${COUNT_CAP + 5}) i`;
    try {
      const searched = await list("q=cappedenv&pageSize=10&page=3");
      expect(searched).toMatchObject({ total: COUNT_CAP, totalCapped: true });
      expect(searched.rows).toHaveLength(10);
      expect(await list("subset=Synthetic&pageSize=1")).toMatchObject({ total: COUNT_CAP + 5, totalCapped: false });
      expect(await list("q=synthetic_7_i__")).toMatchObject({ total: 1, totalCapped: false });
    } finally {
      await db.prisma.environment.deleteMany({ where: { subset: "Synthetic" } });
    }
  });
});

describe("the environment page's reads", () => {
  it("returns the header, tools, configurations and each one's latest result", async () => {
    const env = await getEnvironmentDetail({ key: SHIP, db: db.prisma });
    expect(env).toMatchObject({ key: SHIP, subset: "Codeforces", status: "failed", passCount: 4, tags: [], revisionCount: 1, activeRun: null, decision: null });
    expect(env.revision!.tools.map((t) => t.name)).toContain("Done");
    const configs = env.revision!.configs;
    expect(configs.map((c) => c.position)).toEqual([0, 1, 2, 3, 4]);
    expect(configs[3]!.result).toMatchObject({ passed: false, steps: 8, failureKind: "wrong_answer", peakMemory: 1_000_003 });
    expect(configs[0]!.result).toMatchObject({ passed: true, steps: 9 });
    const other = await getEnvironmentDetail({ key: BRACKETS, db: db.prisma });
    expect(other.revision!.configs.every((c) => c.result === null)).toBe(true);
    expect((other.revision!.findings as { kind: string }[]).map((f) => f.kind)).toEqual(expect.arrayContaining(["no_docstring", "undocumented_argument"]));
  });

  it("throws NotFoundError for an unknown key", async () => {
    await expect(getEnvironmentDetail({ key: "Nope_1_I__NoEnv", db: db.prisma })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listEnvironmentRuns({ key: "Nope_1_I__NoEnv", db: db.prisma })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("replays a configuration's recorded trace from its latest run, or a chosen one", async () => {
    const replay = await getConfigReplay({ key: SHIP, position: 3, db: db.prisma });
    expect(replay.result?.trace?.calls.map((c) => c.tool)).toEqual(["Observe", "Done"]);
    expect(replay.result).toMatchObject({ passed: false, steps: 8, message: "Result: Incorrect, reward=0" });
    expect(replay.runs).toHaveLength(1);
    const none = await getConfigReplay({ key: SHIP, position: 0, db: db.prisma });
    expect(none.result?.trace).toBeNull();
    await expect(getConfigReplay({ key: SHIP, position: 99, db: db.prisma })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getConfigReplay({ key: SHIP, position: 3, runId: 123456, db: db.prisma })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getConfigReplay({ key: BRACKETS, position: 0, db: db.prisma })).result).toBeNull();
  });

  it("lists every run of the environment, newest first", async () => {
    const second = await storeRun(db.prisma, SHIP, [
      { passed: true, steps: 9 },
      { passed: true, steps: 7 },
      { passed: true, steps: 7 },
      { passed: false, steps: 8, failureKind: "wrong_answer" },
      { passed: true, steps: 10 },
    ]);
    const runs = await listEnvironmentRuns({ key: SHIP, db: db.prisma });
    expect(runs.map((r) => r.id)[0]).toBe(second);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ status: "succeeded", total: 5, done: 5, passed: 4, revision: { number: 1 } });
    const replay = await getConfigReplay({ key: SHIP, position: 3, db: db.prisma });
    expect(replay.runs.map((r) => r.runId)).toEqual(runs.map((r) => r.id));
    expect(replay.result?.runId).toBe(second);
  });
});
