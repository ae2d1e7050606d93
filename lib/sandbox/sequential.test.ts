import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxPool } from "./pool";
import type { Sandbox } from "./types";

// A host runs an environment's configurations one after another in itself only while each
// leaves nothing behind (lib/python/sandbox_state.py). Each environment here reports what
// state it found and then changes it: every configuration must find the state as loaded,
// as in CodeGym's fresh process per configuration.

let pool: Sandbox;

beforeAll(async () => {
  pool = await createSandboxPool({ workers: 2 });
});

afterAll(async () => {
  await pool?.close();
});

/** An environment whose solve() returns `<seen> <pid> reward=1`, seen evaluated before change runs. */
function leakyEnv(setup: string, seen: string, change: string): string {
  const indent = (code: string) =>
    code
      .split("\n")
      .map((line) => `        ${line}`)
      .join("\n");
  return [
    "import gymnasium, json, os, sys",
    setup,
    "class LeakEnv(gymnasium.Env):",
    "    @staticmethod",
    "    def from_env_str(env_str):",
    "        return LeakEnv()",
    "    def solve(self):",
    `        seen = ${seen}`,
    indent(change),
    "        return f'{seen!r} {os.getpid()} reward=1'",
  ].join("\n");
}

const CONFIGS = ["LeakEnv@{}", "LeakEnv@{}", "LeakEnv@{}"];

async function observations(code: string): Promise<{ seen: string[]; pids: Set<string> }> {
  const results = await pool.run({ code, configs: CONFIGS });
  for (const result of results) expect(result.failureKind, result.message).toBeNull();
  const parts = results.map((r) => r.message.split(" "));
  return { seen: parts.map((p) => p.slice(0, -2).join(" ")), pids: new Set(parts.map((p) => p.at(-2) ?? "")) };
}

const leaks: [string, string, string, string][] = [
  ["a module-level list", "SEEN = []", "len(SEEN)", "SEEN.append(1)"],
  ["a list inside a module-level dict", "TABLE = {'k': []}", "len(TABLE['k'])", "TABLE['k'].append(1)"],
  ["a rebound global", "COUNT = 0", "COUNT", "globals()[\"COUNT\"] += 1"],
  ["a class attribute", "", "getattr(LeakEnv, 'calls', 0)", "LeakEnv.calls = getattr(LeakEnv, 'calls', 0) + 1"],
  ["a class-level cache", "", "len(LeakEnv.__dict__.get('cache', {}))", "type(self).cache = {1: 2}"],
  ["a mutated default argument", "def note(x, into=[]):\n    into.append(x)\n    return len(into)", "note(1)", "pass"],
  ["a function attribute", "def helper():\n    pass", "getattr(helper, 'n', 0)", "helper.n = 1"],
  [
    "a closure's cell",
    "def make():\n    count = [0]\n    def bump():\n        count[0] += 1\n        return count[0]\n    return bump\nbump = make()",
    "bump()",
    "pass",
  ],
  ["an lru_cache", "import functools\n@functools.lru_cache(None)\ndef square(x):\n    return x * x", "square.cache_info().currsize", "square(3)"],
  ["a module-level instance", "class Box:\n    pass\nBOX = Box()", "getattr(BOX, 'v', 0)", "BOX.v = 1"],
  ["gymnasium's class attribute", "", "dict(gymnasium.Env.metadata)", "gymnasium.Env.metadata['x'] = 1"],
  ["a patched standard module", "", "hasattr(json, 'tampered')", "json.tampered = True"],
  ["a replaced standard function", "", "json.dumps([1])", "json.dumps = lambda value: 'patched'"],
  ["the recursion limit", "", "sys.getrecursionlimit()", "sys.setrecursionlimit(5000)"],
  ["an environment variable", "", "os.environ.get('LEAK')", "os.environ['LEAK'] = '1'"],
  ["the working directory", "", "os.getcwd()", "os.makedirs('/tmp/leak', exist_ok=True)\nos.chdir('/tmp/leak')"],
  ["a signal handler", "import signal", "signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL", "signal.signal(signal.SIGUSR1, lambda *a: None)"],
  ["decimal's context", "import decimal", "decimal.getcontext().prec", "decimal.getcontext().prec = 50"],
  ["warning filters", "import warnings", "len(warnings.filters)", "warnings.simplefilter('error')"],
  ["the umask", "", "os.umask(0o22)", "os.umask(0o77)"],
  ["a function's code", "def f():\n    return 1\ndef g():\n    return 2", "f()", "f.__code__ = g.__code__"],
  ["the module's builtins", "", "len(__builtins__) if isinstance(__builtins__, dict) else 0", "globals()['__builtins__'] = dict(__builtins__, extra=1)"],
];

describe("each configuration finds the state as loaded, whatever the one before changed", () => {
  it.each(leaks)("%s", async (_, setup, seen, change) => {
    const { seen: found } = await observations(leakyEnv(setup, seen, change));
    expect(new Set(found).size, found.join(" | ")).toBe(1);
  });
});

describe("configurations that change nothing run in one process", () => {
  it("a stateless environment: every configuration in its host", async () => {
    const before = pool.stats();
    const { seen, pids } = await observations(leakyEnv("", "0", "self.local = [1, 2]"));
    expect(seen).toEqual(["0", "0", "0"]);
    expect(pids.size).toBe(1);
    const after = pool.stats();
    expect([after.configs - before.configs, after.inHost - before.inHost]).toEqual([3, 3]);
  });

  it("with what CodeGym's modules commonly hold: typing names, dataclasses, enums, constants", async () => {
    const setup = [
      "import math, random",
      "from typing import List, Optional",
      "from collections import deque, defaultdict",
      "from dataclasses import dataclass, field",
      "from enum import Enum",
      "from functools import lru_cache",
      "MOD = 10**9 + 7",
      "DIRS = [(0, 1), (1, 0), (0, -1), (-1, 0)]",
      "_MISSING = object()",
      "@dataclass",
      "class Point:",
      "    x: int",
      "    tags: List[str] = field(default_factory=list)",
      "class Color(Enum):",
      "    RED = 1",
      "def neighbours(p: Point, limit: Optional[int] = None) -> List[Point]:",
      "    return [Point(p.x + dx) for dx, _ in DIRS]",
      "if __name__ == '__main__':",
      "    print('not run when loaded')",
    ].join("\n");
    const { pids } = await observations(leakyEnv(setup, "len(neighbours(Point(1)))", "self.queue = deque([Color.RED])"));
    expect(pids.size).toBe(1);
  });

  it("unless the pool is told to fork for every configuration", async () => {
    const forking = await createSandboxPool({ workers: 1, runInHost: false });
    try {
      const results = await forking.run({ code: leakyEnv("", "0", "pass"), configs: CONFIGS });
      expect(new Set(results.map((r) => r.message.split(" ").at(-2))).size).toBe(3);
      expect(forking.stats()).toEqual({ configs: 3, inHost: 0 });
    } finally {
      await forking.close();
    }
  });

  it("an environment whose state it cannot follow: a process per configuration", async () => {
    const before = pool.stats();
    const { pids } = await observations(leakyEnv("TICKS = iter(range(10))", "0", "pass"));
    expect(pids.size).toBe(3);
    expect(pool.stats().inHost - before.inHost).toBe(1); // the last: nothing runs after it
  });

  it("a module-level table too big to compare after every configuration: a process per configuration", async () => {
    const before = pool.stats();
    const { seen } = await observations(leakyEnv("SIEVE = [True] * 100_000", "len(SIEVE)", "pass"));
    expect(seen).toEqual(["100000", "100000", "100000"]);
    expect(pool.stats().inHost - before.inHost).toBe(1);
  });

  it("one that changes its state: a fresh process for each next configuration", async () => {
    const { pids } = await observations(leakyEnv("SEEN = []", "len(SEEN)", "SEEN.append(1)"));
    expect(pids.size).toBe(3);
  });
});
