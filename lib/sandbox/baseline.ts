import os from "node:os";
import { readRootLayout, SANDBOX_PYTHON } from "./bwrap";
import { SandboxError } from "./errors";
import { JobResults } from "./job";
import { BASELINE_STARTUP_GRACE_MS, type SandboxLimits } from "./limits";
import { parseLine, singleCommand, singleMessageSchema } from "./protocol";
import { failedResult, type ConfigResult, type FailureKind } from "./result-schema";
import { loadRunnerFiles } from "./runner-files";
import { describeExit, SandboxProcess } from "./sandbox-process";
import type { Verifier, VerifyJob } from "./types";

export interface BaselineOptions {
  /** Sandboxes running at once, across all jobs; one per core by default. */
  concurrency?: number;
  python?: string;
  runnerDir?: string;
}

type SingleRun = { outcome: unknown } | { failureKind: FailureKind; message: string; seconds: number };

/**
 * CodeGym's way, for comparison: a fresh sandboxed interpreter per configuration, which
 * loads the module and runs solve() with tracemalloc on. Same sandbox, same result shape
 * (without a trace: recording the calls would change what tracemalloc counts).
 */
export function createBaselineVerifier(options: BaselineOptions = {}): Verifier {
  const concurrency = Math.max(1, options.concurrency ?? os.availableParallelism());
  const python = options.python ?? SANDBOX_PYTHON;
  const runnerFiles = loadRunnerFiles(options.runnerDir);
  const rootLayout = readRootLayout();
  const running = new Set<SandboxProcess>();
  let closed = false;

  const slots = new Semaphore(concurrency);

  async function run(job: VerifyJob): Promise<ConfigResult[]> {
    if (closed) throw new SandboxError("closed", "the baseline verifier was closed");
    const results = new JobResults(job);
    const verifyOne = async (index: number) => {
      await slots.acquire();
      try {
        if (results.isSettled || closed || job.signal?.aborted) return;
        const single = await runOne(results.code, results.configs[index] ?? "", results.limits);
        if ("outcome" in single) results.recordOutcome(index, single.outcome);
        else results.record(failedResult(index, single.failureKind, single.message, single.seconds));
      } finally {
        slots.release();
      }
    };
    await Promise.all(results.configs.map((_, index) => verifyOne(index)));
    if (job.signal?.aborted) results.fail(new SandboxError("aborted", "the verification was aborted"));
    if (closed) results.fail(new SandboxError("closed", "the baseline verifier was closed"));
    return results.done;
  }

  async function runOne(code: string, config: string, limits: SandboxLimits): Promise<SingleRun> {
    let outcome: unknown;
    const started = performance.now();
    const sandbox = new SandboxProcess({
      mode: "single",
      runnerFiles,
      rootLayout,
      python,
      onLine: (line) => {
        outcome = parseLine(singleMessageSchema, line)?.result;
      },
    });
    running.add(sandbox);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      sandbox.kill();
    }, limits.timeoutMs + BASELINE_STARTUP_GRACE_MS);
    sandbox.send(singleCommand(code, config, limits));
    sandbox.endInput();
    const exit = await sandbox.exited;
    clearTimeout(timer);
    running.delete(sandbox);
    if (outcome !== undefined) return { outcome };
    if (exit.spawnError) throw new SandboxError("unavailable", describeExit(exit));
    const seconds = (performance.now() - started) / 1000;
    if (timedOut || exit.signal === "SIGXCPU") {
      return { failureKind: "timeout", message: `exceeded the ${limits.timeoutMs / 1000} s time limit`, seconds };
    }
    const message = `the process running solve() ${describeExit(exit)} before reporting a result`;
    return { failureKind: "crash", message, seconds };
  }

  return {
    run,
    async close() {
      closed = true;
      const exits = [...running].map((sandbox) => {
        sandbox.kill();
        return sandbox.exited;
      });
      await Promise.all(exits);
    },
  };
}

class Semaphore {
  private waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
