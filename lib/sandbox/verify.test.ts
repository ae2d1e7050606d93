import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBaselineVerifier } from "./baseline";
import { SandboxError } from "./errors";
import { hostile, hostileCode, pairSum, pairSumCode } from "./fixtures";
import { MAX_TRACE_CALLS } from "./limits";
import { createSandboxPool } from "./pool";
import type { ConfigResult } from "./result-schema";
import type { Sandbox } from "./types";

// CodeGym's verification semantics, on real Python in the real sandbox.

let pool: Sandbox;

beforeAll(async () => {
  pool = await createSandboxPool({ workers: 2 });
});

afterAll(async () => {
  await pool?.close();
});

async function runOne(code: string, config: string): Promise<ConfigResult> {
  const [result] = await pool.run({ code, configs: [config] });
  if (!result) throw new Error("no result");
  return result;
}

describe("a well-behaved environment", () => {
  it("passes with the oracle's step count and records its calls", async () => {
    const result = await runOne(pairSumCode, pairSum({ numbers: [1, 2, 3] }));
    expect(result).toMatchObject({
      configIndex: 0,
      passed: true,
      steps: 5,
      failureKind: null,
      message: "Result: Correct, reward=1",
      findings: [],
    });
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.peakMemory).toBeGreaterThanOrEqual(0);
    expect(result.trace?.omitted).toBe(0);
    expect(result.trace?.calls.map((c) => c.tool)).toEqual(["Observe", "AddPair", "AddPair", "AddPair", "Done"]);
    expect(result.trace?.calls[1]).toEqual({ tool: "AddPair", parameters: '{"x": 0, "y": 1}', observation: "1" });
  });

  it("returns results in configuration order and reports each as it finishes", async () => {
    const configs = Array.from({ length: 30 }, (_, i) => pairSum({ numbers: Array.from({ length: i }, (_, k) => k) }));
    const seen: number[] = [];
    const results = await pool.run({ code: pairSumCode, configs, onResult: (r) => seen.push(r.configIndex) });
    expect(results.map((r) => r.configIndex)).toEqual(configs.map((_, i) => i));
    expect(results.map((r) => r.steps)).toEqual(configs.map((_, i) => i + 2));
    expect(results.every((r) => r.passed)).toBe(true);
    expect(seen.sort((a, b) => a - b)).toEqual(configs.map((_, i) => i));
  });

  it("keeps the first and last calls of a long trace", async () => {
    const numbers = Array.from({ length: 2500 }, (_, i) => i);
    const result = await runOne(pairSumCode, pairSum({ numbers }));
    expect(result.passed).toBe(true);
    expect(result.steps).toBe(2502);
    expect(result.trace?.calls).toHaveLength(MAX_TRACE_CALLS);
    expect(result.trace?.omitted).toBe(2502 - MAX_TRACE_CALLS);
    expect(result.trace?.calls[0]?.tool).toBe("Observe");
    expect(result.trace?.calls.at(-1)).toMatchObject({ tool: "Done", observation: "Result: Correct, reward=1" });
    expect(result.trace?.calls[0]?.observation.length).toBeLessThan(2100); // truncated
    expect(result.trace?.calls[0]?.observation).toContain("more characters]");
  });

  it("verifies many jobs at once across the workers", async () => {
    const jobs = Array.from({ length: 12 }, (_, j) =>
      pool.run({ code: pairSumCode, configs: Array.from({ length: 10 }, (_, i) => pairSum({ numbers: [j, i] })) }),
    );
    const all = await Promise.all(jobs);
    expect(all.flat().filter((r) => r.passed)).toHaveLength(120);
  });
});

describe("isolation between configurations", () => {
  it("each starts from the freshly loaded module, standard modules and random state of its own", async () => {
    // json is imported by the worker before any host (sandbox_warmup); random by the module.
    const code = [
      "import gymnasium, json, random",
      "SEEN = []",
      "class StateEnv(gymnasium.Env):",
      "    @staticmethod",
      "    def from_env_str(s):",
      "        return StateEnv()",
      "    def solve(self):",
      "        before = (len(SEEN), hasattr(json, 'tampered'))",
      "        SEEN.append(1)",
      "        json.tampered = True",
      "        return f'{before} {random.random()} reward=1'",
    ].join("\n");
    const results = await pool.run({ code, configs: ["StateEnv@{}", "StateEnv@{}", "StateEnv@{}"] });
    const messages = results.map((r) => r.message);
    expect(messages.every((m) => m.startsWith("(0, False) "))).toBe(true);
    expect(new Set(messages).size).toBe(3);
  });
});

describe("failure kinds", () => {
  it("wrong_answer when the message lacks reward=1", async () => {
    const result = await runOne(pairSumCode, pairSum({ numbers: [1, 2], wrong: true }));
    expect(result).toMatchObject({ passed: false, failureKind: "wrong_answer", steps: 4 });
    expect(result.message).toContain("reward=0");
  });

  it("exception, with the environment's innermost frames", async () => {
    const result = await runOne(hostileCode, hostile("raise"));
    expect(result.failureKind).toBe("exception");
    expect(result.steps).toBe(1);
    expect(result.message.split("\n")[0]).toBe("ValueError: broken helper");
    expect(result.message).toMatch(/File "environment\.py", line \d+, in helper/);
    expect(result.message).not.toContain("sandbox_");
  });

  it("RecursionError is an exception", async () => {
    const result = await runOne(hostileCode, hostile("recurse"));
    expect(result.failureKind).toBe("exception");
    expect(result.message).toMatch(/^RecursionError: maximum recursion depth exceeded/);
    expect(result.message).toContain("in descend");
  });

  it("syntax_error for every configuration, and checkSyntax locates it", async () => {
    const code = "import gymnasium\n\nclass BrokenEnv(gymnasium.Env):\n    def solve(self)\n        return 1\n";
    const results = await pool.run({ code, configs: ["BrokenEnv@{}", "BrokenEnv@{}"] });
    expect(results.map((r) => r.failureKind)).toEqual(["syntax_error", "syntax_error"]);
    expect(results[0]?.message).toMatch(/^SyntaxError: .*\(line 4, column \d+\)$/);
    const check = await pool.checkSyntax(code);
    expect(check).toMatchObject({ ok: false, line: 4 });
    expect(await pool.checkSyntax(pairSumCode)).toEqual({ ok: true });
  });

  it("no_class when the configuration names a class the module lacks", async () => {
    const result = await runOne(pairSumCode, "TwoSumEnv@{}");
    expect(result).toMatchObject({ passed: false, failureKind: "no_class", steps: null });
    expect(result.message).toContain("TwoSumEnv");
  });

  it("bad_config when from_env_str raises or returns None", async () => {
    const raised = await runOne(pairSumCode, 'PairSumEnv@{"numbers": [1,');
    expect(raised.failureKind).toBe("bad_config");
    expect(raised.message).toMatch(/^JSONDecodeError: /);
    expect(raised.message).toContain("in __init__");
    const code = [
      "import gymnasium",
      "class NoneEnv(gymnasium.Env):",
      "    @staticmethod",
      "    def from_env_str(s):",
      "        return None",
    ].join("\n");
    const none = await runOne(code, "NoneEnv@{}");
    expect(none).toMatchObject({ failureKind: "bad_config", message: "NoneEnv.from_env_str returned None" });
  });

  it("module-level errors fail every configuration", async () => {
    const code = "import gymnasium\nraise RuntimeError('at import')\n";
    const results = await pool.run({ code, configs: ["AnyEnv@{}", "AnyEnv@{}"] });
    expect(results.map((r) => r.failureKind)).toEqual(["exception", "exception"]);
    expect(results[0]?.message).toContain("RuntimeError: at import");
  });

  it("module-level code that never finishes times out", async () => {
    const results = await pool.run({ code: "while True:\n    pass\n", configs: ["AnyEnv@{}"], limits: { timeoutMs: 500 } });
    expect(results.map((r) => r.failureKind)).toEqual(["timeout"]);
  });
});

describe("memory, measured as CodeGym did", () => {
  const MiB = 2 ** 20;

  it("passes small allocations on the cheap estimate", async () => {
    const result = await runOne(hostileCode, hostile("allocate_blocks", { mib: 20 }));
    expect(result.passed).toBe(true);
    expect(result.peakMemory).toBeGreaterThan(19 * MiB);
    expect(result.peakMemory).toBeLessThan(50 * MiB);
  });

  it("reruns under tracemalloc near the cap, and passes what fits", async () => {
    // The first runs in a child of its host, the last in the host itself, which hands its
    // traced rerun to a fresh host.
    const config = hostile("allocate_blocks", { mib: 70 });
    const results = await pool.run({ code: hostileCode, configs: [config, config] });
    for (const result of results) {
      expect(result.passed).toBe(true);
      expect(result.peakMemory).toBeGreaterThanOrEqual(70 * MiB);
      expect(result.peakMemory).toBeLessThan(71 * MiB); // tracemalloc's count, not resident pages
    }
  });

  it("fails what exceeds the cap, whether it fits the address space or not", async () => {
    const over = await runOne(hostileCode, hostile("allocate_blocks", { mib: 120 }));
    expect(over).toMatchObject({ passed: false, failureKind: "memory" });
    expect(over.peakMemory).toBeGreaterThan(120 * MiB);
    const huge = await runOne(hostileCode, hostile("allocate", { bytes: 2 * 1024 * MiB }));
    expect(huge).toMatchObject({ passed: false, failureKind: "memory" });
    expect(huge.message).toMatch(/^MemoryError/);
  });

  it("honours a configured cap", async () => {
    const result = await pool.run({
      code: hostileCode,
      configs: [hostile("allocate_blocks", { mib: 40 })],
      limits: { memoryBytes: 32 * MiB },
    });
    expect(result[0]?.failureKind).toBe("memory");
  });
});

describe("unearned rewards", () => {
  it("passes per CodeGym but is flagged when Done was never called", async () => {
    const result = await runOne(hostileCode, hostile("unearned"));
    expect(result).toMatchObject({ passed: true, failureKind: null, findings: ["unearned_reward"] });
  });
});

describe("the pool's interface", () => {
  it("rejects an aborted job and keeps working", async () => {
    const controller = new AbortController();
    const running = pool.run({ code: hostileCode, configs: [hostile("loop")], signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toMatchObject({ kind: "aborted" });
    expect((await runOne(pairSumCode, pairSum({ numbers: [4] }))).passed).toBe(true);
  });

  it("rejects invalid limits with kind invalid_job", async () => {
    const job = pool.run({ code: pairSumCode, configs: [pairSum({ numbers: [1] })], limits: { timeoutMs: -1 } });
    await expect(job).rejects.toBeInstanceOf(SandboxError);
    await expect(job).rejects.toMatchObject({ kind: "invalid_job" });
  });

  it("resolves an empty job at once", async () => {
    expect(await pool.run({ code: pairSumCode, configs: [] })).toEqual([]);
  });

  it("close() fails the jobs still running and refuses new ones", async () => {
    const own = await createSandboxPool({ workers: 1 });
    const running = own.run({ code: hostileCode, configs: [hostile("loop")] });
    const rejected = expect(running).rejects.toMatchObject({ kind: "closed" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await own.close();
    await rejected;
    await expect(own.run({ code: pairSumCode, configs: [pairSum({ numbers: [1] })] })).rejects.toMatchObject({
      kind: "closed",
    });
  });

  it("refuses to start when the sandbox cannot run, rather than running unsandboxed", async () => {
    await expect(createSandboxPool({ workers: 1, python: "/usr/bin/no-such-python" })).rejects.toMatchObject({
      kind: "unavailable",
    });
  });
});

describe("the spawn-per-configuration baseline", () => {
  it("gives the pool's verdicts and step counts, CodeGym's way", async () => {
    const cases = [
      { code: pairSumCode, config: pairSum({ numbers: [5, 6, 7, 8] }) },
      { code: pairSumCode, config: pairSum({ numbers: [1], wrong: true }) },
      { code: pairSumCode, config: "OtherEnv@{}" },
      { code: pairSumCode, config: 'PairSumEnv@{"numbers": [' },
      { code: hostileCode, config: hostile("raise") },
      { code: hostileCode, config: hostile("unearned") },
      { code: hostileCode, config: hostile("allocate_blocks", { mib: 120 }) },
      { code: hostileCode, config: hostile("exit_hard") },
    ];
    const baseline = createBaselineVerifier({ concurrency: 2 });
    try {
      const verdicts = async (verifier: { run: Sandbox["run"] }) =>
        Promise.all(
          cases.map(async ({ code, config }) => {
            const [r] = await verifier.run({ code, configs: [config] });
            return [r?.failureKind, r?.steps];
          }),
        );
      const expected = [
        [null, 6],
        ["wrong_answer", 3],
        ["no_class", null],
        ["bad_config", null],
        ["exception", 1],
        [null, 1],
        ["memory", 1],
        ["crash", null],
      ];
      expect(await verdicts(baseline)).toEqual(expected);
      expect(await verdicts(pool)).toEqual(expected);
      const [traced] = await baseline.run({ code: pairSumCode, configs: [pairSum({ numbers: [1] })] });
      expect(traced?.trace).toBeNull();
    } finally {
      await baseline.close();
    }
  });
});
