import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countKinds, sameVerdict } from "./compare";
import { readCorpus, sampleConfigs, type CorpusEnvironment } from "./corpus";

function record(codeId: string, envName: string, configs: string[]) {
  return JSON.stringify({
    code_id: codeId,
    env_name: envName,
    gym_env: "import gymnasium",
    gym_task: "",
    docstring: "",
    unit_test_list: configs.map((c, i) => ({ unit_test: c, ref_answer: null, solve_fc_round: i + 10, time: 0, mem: 0 })),
  });
}

describe("readCorpus", () => {
  it("reads CodeGym's records.jsonl, up to a limit of environments", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-verify-"));
    try {
      const lines = [
        record("Leetcode_1_I", "AEnv", ["AEnv@{}", 'AEnv@{"n": 2}']),
        "",
        record("Leetcode_2_I", "BEnv", ["BEnv@{}"]),
      ];
      fs.writeFileSync(path.join(dir, "records.jsonl"), lines.join("\n") + "\n");
      const all = await readCorpus(dir);
      expect(all.map((e) => [e.key, e.configs, e.recordedSteps])).toEqual([
        ["Leetcode_1_I__AEnv", ["AEnv@{}", 'AEnv@{"n": 2}'], [10, 11]],
        ["Leetcode_2_I__BEnv", ["BEnv@{}"], [10]],
      ]);
      expect(await readCorpus(dir, 1)).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sampleConfigs", () => {
  const corpus: CorpusEnvironment[] = Array.from({ length: 10 }, (_, e) => ({
    key: `E${e}`,
    code: "",
    configs: Array.from({ length: 10 }, (_, c) => `E${e}@${c}`),
    recordedSteps: Array.from({ length: 10 }, (_, c) => c),
  }));

  it("spreads the sample over the corpus and keeps configurations with their environment", () => {
    const sample = sampleConfigs(corpus, 20);
    expect(sample.reduce((n, e) => n + e.configs.length, 0)).toBe(20);
    expect(sample).toHaveLength(10);
    for (const e of sample) expect(e.configs.every((c) => c.startsWith(`${e.key}@`))).toBe(true);
    expect(sample[3]?.recordedSteps).toEqual(sample[3]?.configs.map((c) => Number(c.split("@")[1])));
  });

  it("returns everything when the sample is not smaller", () => {
    expect(sampleConfigs(corpus, 1000)).toBe(corpus);
  });
});

describe("verdicts", () => {
  it("compare failure kind and step count", () => {
    expect(sameVerdict({ failureKind: null, steps: 4 }, { failureKind: null, steps: 4 })).toBe(true);
    expect(sameVerdict({ failureKind: null, steps: 4 }, { failureKind: null, steps: 5 })).toBe(false);
    expect(sameVerdict({ failureKind: "timeout", steps: null }, { failureKind: "crash", steps: null })).toBe(false);
    const verdicts = [
      { failureKind: null, steps: 1 },
      { failureKind: "memory" as const, steps: 1 },
      { failureKind: null, steps: 2 },
    ];
    expect(countKinds(verdicts)).toBe("passed 2, memory 1");
  });
});
