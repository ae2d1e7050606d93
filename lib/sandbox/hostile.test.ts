import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hostile, hostileCode, pairSum, pairSumCode } from "./fixtures";
import { createSandboxPool } from "./pool";
import type { ConfigResult } from "./result-schema";
import type { Sandbox } from "./types";

// Environment code is hostile: each attack must be contained, recorded with the right
// failure kind, and leave the pool working.

const CANARY = `secret-${Math.random().toString(36).slice(2)}`;
let pool: Sandbox;

beforeAll(async () => {
  process.env.CURATOR_CANARY = CANARY;
  pool = await createSandboxPool({ workers: 2 });
});

afterAll(async () => {
  await pool?.close();
  delete process.env.CURATOR_CANARY;
});

/**
 * Where the attacked configuration runs (lib/python/sandbox_host.py): a host runs an
 * environment's configurations itself while each leaves its state as loaded; an environment
 * whose state it cannot follow gets a forked child per configuration, but the last.
 */
type Placement = "host" | "child" | "last";
const placements: [string, Placement][] = [
  ["run by the environment's host, before another configuration", "host"],
  ["run in a forked child, before another configuration", "child"],
  ["run by the host as the last configuration, after a child", "last"],
];
// A module-level iterator: state the host cannot follow, so it forks per configuration.
const childrenCode = `${hostileCode}\n_UNFOLLOWED = iter(())\n`;

async function attack(
  placement: Placement,
  name: string,
  options: Record<string, unknown> = {},
  timeoutMs?: number,
  { killsWorker = false } = {},
): Promise<ConfigResult> {
  const limits = timeoutMs === undefined ? undefined : { timeoutMs };
  const code = placement === "host" ? hostileCode : childrenCode;
  const configs = placement === "last" ? [hostile("raise"), hostile(name, options)] : [hostile(name, options), hostile("raise")];
  const results = await pool.run({ code, configs, limits });
  const result = placement === "last" ? results[1] : results[0];
  const other = placement === "last" ? results[0] : results[1];
  if (!result) throw new Error("no result");
  // What the attack did stays with its own configuration; but an attack that kills the
  // worker may take an earlier configuration's result, still on its way, with it.
  if (killsWorker && placement === "last") expect(["exception", "crash"]).toContain(other?.failureKind);
  else expect(other?.failureKind).toBe("exception");
  await expectPoolWorks();
  return result;
}

async function expectPoolWorks(): Promise<void> {
  const results = await pool.run({ code: pairSumCode, configs: [pairSum({ numbers: [2, 3] }), pairSum({ numbers: [7] })] });
  expect(results.map((r) => [r.passed, r.steps])).toEqual([
    [true, 4],
    [true, 3],
  ]);
}

/** The sandbox's bwrap processes: our direct children. */
function sandboxProcesses(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return stat.includes("(bwrap)") && Number(fields[1]) === process.pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.each(placements)("the sandbox contains, %s", (_, placement) => {
  it("network access: there is none", async () => {
    const result = await attack(placement, "network");
    expect(result.failureKind).toBe("wrong_answer");
    expect(result.message).toMatch(/^blocked: .*; blocked: /);
    expect(result.message).not.toMatch(/connected|resolved/);
  });

  it("reading the repository and the host's files", async () => {
    const repoFile = path.resolve("package.json");
    expect(fs.existsSync(repoFile)).toBe(true);
    const result = await attack(placement, "read_files", { paths: [repoFile, "/etc/passwd", "/root/.bashrc", "/work"] });
    const seen = JSON.parse(result.message) as Record<string, unknown>;
    expect(seen[repoFile]).toBe("denied: FileNotFoundError");
    expect(seen["/etc/passwd"]).toBe("denied: FileNotFoundError");
    expect(seen["/root/.bashrc"]).toBe("denied: FileNotFoundError");
    const visible = ["bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "runner", "sbin", "tmp", "usr"];
    expect((seen.root as string[]).filter((entry) => !visible.includes(entry))).toEqual([]);
  });

  it("our environment variables, in its own environment and in /proc/1/environ", async () => {
    expect(process.env.CURATOR_CANARY).toBe(CANARY);
    const result = await attack(placement, "environ");
    expect(result.message).not.toContain(CANARY);
    expect(result.message).not.toContain("CURATOR_CANARY");
    const seen = JSON.parse(result.message) as { init: string; own: Record<string, string> };
    expect(seen.init.split("\0").filter(Boolean).sort()).toEqual(["HOME=/tmp", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"]);
    expect(Object.keys(seen.own).sort()).toEqual(["HOME", "LANG", "PATH", "PWD"]);
  });

  it("writing anywhere but /tmp", async () => {
    const paths = ["/usr/evil", "/runner/sandbox_runner.py", "/etc/evil", "/evil", "/tmp/fine"];
    const seen = JSON.parse((await attack(placement, "write_files", { paths })).message) as Record<string, string>;
    expect(seen).toEqual({
      "/usr/evil": "denied: OSError",
      "/runner/sandbox_runner.py": "denied: OSError",
      "/etc/evil": "denied: OSError",
      "/evil": "denied: OSError",
      "/tmp/fine": "written",
    });
  });

  it("a fork bomb, by the process limit and the timeout", async () => {
    const result = await attack(placement, "fork_bomb", {}, 1000);
    expect(result.failureKind).toBe("timeout");
  });

  it("an infinite loop: timeout", async () => {
    const result = await attack(placement, "loop", {}, 1000);
    expect(result).toMatchObject({ passed: false, failureKind: "timeout", steps: null });
    expect(result.seconds).toBeGreaterThanOrEqual(1);
  });

  it("allocating 2 GB: memory", async () => {
    const result = await attack(placement, "allocate", { bytes: 2 * 1024 ** 3 });
    expect(result.failureKind).toBe("memory");
  });

  it("printing 1 GB: output never reaches us, the verdict stands", async () => {
    const result = await attack(placement, "print_flood");
    expect(result).toMatchObject({ passed: true, message: "flooded, reward=1" });
  });

  it("os._exit(0) inside solve(): crash", async () => {
    const result = await attack(placement, "exit_hard");
    expect(result.failureKind).toBe("crash");
    expect(result.message).toContain("exited with code 0");
  });

  it("sys.exit(0) inside solve(): crash", async () => {
    const result = await attack(placement, "exit_soft");
    expect(result).toMatchObject({ failureKind: "crash", message: "the environment called sys.exit(0)" });
  });

  it("writing forged results into every descriptor it has: crash", async () => {
    const result = await attack(placement, "forge_result");
    expect(result).toMatchObject({ passed: false, failureKind: "crash" });
  });

  it("reporting a result that is not JSON: crash for that configuration only", async () => {
    const result = await attack(placement, "unparseable_result");
    expect(result.failureKind).toBe("crash");
    // A child's output reaches Node inside its host's frame; the host's own breaks the frame.
    expect(result.message).toBe(
      placement === "child" ? "the sandbox returned a malformed result" : "the environment's process sent a malformed message",
    );
  });

  it("killing its parent: crash, and the environment's next configurations still run", async () => {
    // A host's parent is the worker, which the pool then replaces (bubblewrap reports the
    // signal as exit code 128 + 9).
    const result = await attack(placement, "kill_parent", {}, undefined, { killsWorker: placement !== "child" });
    expect(result.failureKind).toBe("crash");
    expect(result.message).toContain(placement === "child" ? "SIGKILL" : "exited with code 137");
  });

  it("killing every process in the sandbox: crash, and the worker is replaced", async () => {
    const result = await attack(placement, "kill_everything", {}, undefined, { killsWorker: true });
    expect(result.failureKind).toBe("crash");
  });
});

describe("a worker killed from outside mid-run", () => {
  it("costs the configuration it was running, and is replaced", async () => {
    const configs = [hostile("loop"), pairSum({ numbers: [1] }), pairSum({ numbers: [1, 2] })];
    const running = pool.run({ code: hostileCode + "\n" + pairSumCode, configs });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const victims = sandboxProcesses();
    expect(victims.length).toBeGreaterThan(0);
    for (const pid of victims) process.kill(pid, "SIGKILL");
    const results = await running;
    expect(results.map((r) => r.failureKind)).toEqual(["crash", null, null]);
    expect(results[0]?.message).toContain("SIGKILL");
    await expectPoolWorks();
    await vi.waitFor(() => expect(sandboxProcesses()).toHaveLength(2), { timeout: 10_000 });
  });
});
