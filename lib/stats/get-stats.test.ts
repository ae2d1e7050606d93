import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilter } from "@/lib/filters/schema";
import { SEED_DIR } from "@/lib/setup/seed";
import type { TestDatabase } from "@/lib/testing/db";
import { binLabelFor } from "./bins";
import { getStats } from "./get-stats";
import { readSeedRecords, seededTestDatabase, storeRun } from "./seeded-test-db";

// Every expected figure is computed here from the seed files themselves, not from the database.
const seed = readSeedRecords();
const outcomes = JSON.parse(fs.readFileSync(path.join(SEED_DIR, "outcomes.json"), "utf8")) as { environments: { key: string; tools: string[] }[] };
const toolsOf = new Map(outcomes.environments.map((e) => [e.key, e.tools]));
const bo4 = new Map<string, number[]>();
for (const line of fs.readFileSync(path.join(SEED_DIR, "training.jsonl"), "utf8").split("\n").filter(Boolean)) {
  const row = JSON.parse(line) as { code_id: string; extra_info: { qwen32b_Bo4_score: number | null } };
  if (row.extra_info.qwen32b_Bo4_score !== null) bo4.set(row.code_id, [...(bo4.get(row.code_id) ?? []), row.extra_info.qwen32b_Bo4_score]);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

let db: TestDatabase;
beforeAll(async () => {
  db = await seededTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("getStats", () => {
  it("computes tool counts per environment with mean, median and one bin per count", async () => {
    const stats = await getStats({ filter: { q: undefined }, db: db.prisma });
    const counts = seed.map((r) => toolsOf.get(r.key)!.length);
    expect(stats.environments).toBe(seed.length);
    expect(stats.tools.n).toBe(seed.length);
    expect(stats.tools.mean).toBeCloseTo(mean(counts), 10);
    expect(stats.tools.median).toBe(median(counts));
    const min = Math.min(...counts);
    const max = Math.max(...counts);
    expect(stats.tools.bins.map((b) => b.lo)).toEqual(Array.from({ length: max - min + 1 }, (_, i) => min + i));
    for (const bin of stats.tools.bins) expect(bin.count).toBe(counts.filter((c) => c === bin.lo).length);
    expect(binLabelFor(stats.tools.bins, 6.52)).toBe("6");
  });

  it("bins oracle steps per configuration by powers of two and counts configurations without steps", async () => {
    const stats = await getStats({ filter: { q: undefined }, db: db.prisma });
    const steps = seed.flatMap((r) => r.steps).filter((s): s is number => s !== null);
    const missing = seed.flatMap((r) => r.steps).filter((s) => s === null).length;
    expect(stats.configurations).toBe(seed.reduce((n, r) => n + r.steps.length, 0));
    expect(stats.steps).toMatchObject({ n: steps.length, missing, median: median(steps) });
    expect(stats.steps.mean).toBeCloseTo(mean(steps), 10);
    expect(stats.steps.bins[0]).toMatchObject({ label: "[1, 2)", lo: 1, hi: 1 });
    for (const bin of stats.steps.bins) {
      expect(bin.count).toBe(steps.filter((s) => s >= bin.lo && s <= bin.hi).length);
      expect(bin.hi + 1).toBe(bin.lo * 2);
    }
    expect(stats.steps.bins.reduce((n, b) => n + b.count, 0)).toBe(steps.length);
    // 382 steps is the longest oracle: the last bin is [256, 512).
    expect(stats.steps.bins.at(-1)).toMatchObject({ label: "[256, 512)", count: steps.filter((s) => s >= 256).length });
  });

  it("computes configurations per environment, difficulty, subsets and tool names", async () => {
    const stats = await getStats({ filter: { q: undefined }, db: db.prisma });
    const configCounts = seed.map((r) => r.steps.length);
    expect(stats.configs.mean).toBeCloseTo(mean(configCounts), 10);
    for (const bin of stats.configs.bins) expect(bin.count).toBe(configCounts.filter((c) => c === bin.lo).length);

    const difficulties = seed.filter((r) => bo4.has(r.codeId)).map((r) => mean(bo4.get(r.codeId)!));
    expect(stats.difficulty).toMatchObject({ n: difficulties.length, missing: seed.length - difficulties.length });
    expect(stats.difficulty.bins).toHaveLength(10);
    for (const [i, bin] of stats.difficulty.bins.entries()) {
      const inBin = difficulties.filter((d) => (i === 9 ? d >= 0.9 : d >= i / 10 - 1e-9 && d < (i + 1) / 10 - 1e-9)).length;
      expect(bin.count, bin.label).toBe(inBin);
    }

    const subsets = [...new Set(seed.map((r) => r.subset))].sort();
    expect(stats.subsets.map((s) => s.subset)).toEqual(subsets);
    for (const s of stats.subsets) {
      expect(s.total).toBe(seed.filter((r) => r.subset === s.subset).length);
      expect(s.byStatus.unverified).toBe(s.total);
    }

    const withObserve = seed.filter((r) => toolsOf.get(r.key)!.includes("Observe")).length;
    expect(stats.toolNames.names[0]).toEqual({ name: "Done", environments: seed.filter((r) => toolsOf.get(r.key)!.includes("Done")).length });
    expect(stats.toolNames.names.find((n) => n.name === "Observe")?.environments).toBe(withObserve);
    expect(stats.toolNames.distinct).toBe(new Set(seed.flatMap((r) => toolsOf.get(r.key)!)).size);
  });

  it("counts verification outcomes per configuration, and follows the filter", async () => {
    const before = await getStats({ filter: { q: undefined }, db: db.prisma });
    expect(before.outcomes.find((o) => o.outcome === "unverified")?.configurations).toBe(before.configurations);
    await storeRun(db.prisma, "Codeforces_8344_I__ShipCapacityEnv", [
      { passed: true, steps: 9 },
      { passed: true, steps: 7 },
      { passed: true, steps: 7 },
      { passed: false, steps: 8, failureKind: "wrong_answer" },
      { passed: true, steps: 10 },
    ]);
    const after = await getStats({ filter: { q: undefined }, db: db.prisma });
    const outcome = (name: string) => after.outcomes.find((o) => o.outcome === name);
    // ShipCapacityEnv failed one configuration, so no environment is fully verified yet.
    expect(outcome("passed")).toEqual({ outcome: "passed", configurations: 4, environments: 0 });
    expect(outcome("wrong_answer")).toEqual({ outcome: "wrong_answer", configurations: 1, environments: 1 });
    expect(outcome("unverified")).toEqual({ outcome: "unverified", configurations: after.configurations - 5, environments: seed.length - 1 });
    expect(after.subsets.find((s) => s.subset === "Codeforces")?.byStatus.failed).toBe(1);

    const leetcode = seed.filter((r) => r.subset === "Leetcode");
    const filtered = await getStats({ filter: parseFilter("subset=Leetcode"), db: db.prisma });
    expect(filtered.environments).toBe(leetcode.length);
    expect(filtered.configurations).toBe(leetcode.reduce((n, r) => n + r.steps.length, 0));
    expect(filtered.subsets.map((s) => s.subset)).toEqual(["Leetcode"]);

    const nothing = await getStats({ filter: parseFilter("q=no-such-environment"), db: db.prisma });
    expect(nothing).toMatchObject({ environments: 0, configurations: 0, tools: { bins: [], n: 0, mean: null }, steps: { bins: [], n: 0 }, subsets: [] });
    expect(nothing.toolNames).toEqual({ names: [], distinct: 0 });
  });
});
