import os from "node:os";
import { readRootLayout, SANDBOX_PYTHON } from "./bwrap";
import { SandboxError } from "./errors";
import { checkCodeSize, JobResults } from "./job";
import { DEFAULT_LIMITS, MAX_SPAWN_FAILURES, MIN_TASK_CONFIGS } from "./limits";
import { failedResult, type ConfigResult } from "./result-schema";
import { loadRunnerFiles } from "./runner-files";
import type { Sandbox, SandboxStats, SyntaxCheck, VerifyJob } from "./types";
import { SandboxWorker, type WorkerOptions } from "./worker";

export interface SandboxPoolOptions {
  /** Persistent workers; one per core by default. */
  workers?: number;
  /** The interpreter inside the sandbox; only /usr is visible there. */
  python?: string;
  /** Where sandbox_runner.py and gymnasium/ live (default: lib/python under the cwd). */
  runnerDir?: string;
  /**
   * Let an environment's host run configurations itself while they leave it unchanged (the
   * default; lib/sandbox/README.md). false forks a child for every configuration.
   */
  runInHost?: boolean;
}

/** Times a task may be lost before any worker took it, before its first config counts as a crash. */
const MAX_UNSTARTED_LOSSES = 2;

type Task =
  | { kind: "configs"; job: JobResults; indices: number[]; started: boolean; unstartedLosses: number }
  | { kind: "syntax"; code: string; resolve: (check: SyntaxCheck) => void; reject: (error: unknown) => void };

interface Slot {
  worker: SandboxWorker | null;
  task: Task | null;
  spawnFailures: number;
}

/**
 * Starts the workers and checks that the sandbox works; throws SandboxError("unavailable")
 * when bubblewrap cannot run here (never falls back to running unsandboxed).
 */
export async function createSandboxPool(options: SandboxPoolOptions = {}): Promise<Sandbox> {
  const workers = options.workers ?? os.availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SandboxError("invalid_job", `invalid worker count ${workers}`);
  }
  const python = options.python ?? SANDBOX_PYTHON;
  if (!python.startsWith("/usr/")) {
    throw new SandboxError("unavailable", `the sandbox sees only /usr; ${python} is outside it`);
  }
  const runnerFiles = loadRunnerFiles(options.runnerDir);
  const runInHost = options.runInHost ?? true;
  const pool = new SandboxPool({ runnerFiles, rootLayout: readRootLayout(), python, runInHost }, workers);
  await pool.start();
  return pool;
}

/**
 * Jobs are split into tasks (runs of consecutive configurations) queued across workers, so
 * one big environment keeps every worker busy as well as many small ones do. A worker that
 * dies costs the configuration it was running (a crash) and is replaced; the rest of its
 * task goes back to the front of the queue.
 */
class SandboxPool implements Sandbox {
  private readonly slots: Slot[];
  private readonly queue: Task[] = [];
  private closed = false;
  private broken: SandboxError | null = null;
  /** Replacement workers still starting; close() waits for them too. */
  private readonly starting = new Set<Promise<SandboxWorker>>();
  private readonly counts: SandboxStats = { configs: 0, inHost: 0 };

  constructor(
    private readonly workerOptions: WorkerOptions,
    workers: number,
  ) {
    this.slots = Array.from({ length: workers }, () => ({ worker: null, task: null, spawnFailures: 0 }));
  }

  async start(): Promise<void> {
    const started = await Promise.allSettled(this.slots.map(() => SandboxWorker.start(this.workerOptions)));
    const failure = started.find((s) => s.status === "rejected");
    if (failure) {
      for (const s of started) if (s.status === "fulfilled") s.value.kill();
      throw failure.reason;
    }
    started.forEach((s, i) => {
      const slot = this.slots[i];
      if (slot && s.status === "fulfilled") this.adopt(slot, s.value);
    });
  }

  stats(): SandboxStats {
    return { ...this.counts };
  }

  run(job: VerifyJob): Promise<ConfigResult[]> {
    let results: JobResults;
    try {
      this.ensureOpen();
      results = new JobResults(job);
    } catch (error) {
      return Promise.reject(error);
    }
    const count = results.configs.length;
    const size = Math.max(MIN_TASK_CONFIGS, Math.ceil(count / this.slots.length));
    for (let first = 0; first < count; first += size) {
      const indices = Array.from({ length: Math.min(size, count - first) }, (_, i) => first + i);
      this.queue.push({ kind: "configs", job: results, indices, started: false, unstartedLosses: 0 });
    }
    this.watchAbort(results, job.signal);
    this.dispatch();
    return results.done;
  }

  checkSyntax(code: string): Promise<SyntaxCheck> {
    return new Promise((resolve, reject) => {
      this.ensureOpen();
      checkCodeSize(code);
      // Ahead of verification work: an editor is waiting for it.
      this.queue.unshift({ kind: "syntax", code, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new SandboxError("closed", "the sandbox pool was closed");
    for (const task of this.queue.splice(0)) failTask(task, error);
    const exits = this.slots.map((slot) => {
      const worker = slot.worker;
      if (slot.task) failTask(slot.task, error);
      worker?.kill();
      return worker?.exited;
    });
    for (const started of await Promise.allSettled([...this.starting])) {
      if (started.status === "fulfilled") {
        started.value.kill();
        exits.push(started.value.exited);
      }
    }
    await Promise.all(exits);
  }

  private ensureOpen(): void {
    if (this.closed) throw new SandboxError("closed", "the sandbox pool was closed");
    if (this.broken) throw this.broken;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      const worker = slot.worker;
      if (!worker?.idle || slot.task) continue;
      const task = this.takeTask();
      if (!task) return;
      slot.task = task;
      this.execute(worker, task)
        .catch((error: unknown) => this.taskLost(task, error))
        .finally(() => {
          slot.task = null;
          this.dispatch();
        });
    }
  }

  private takeTask(): Task | undefined {
    let task = this.queue.shift();
    while (task?.kind === "configs" && task.job.isSettled) task = this.queue.shift();
    return task;
  }

  private async execute(worker: SandboxWorker, task: Task): Promise<void> {
    if (task.kind === "syntax") {
      task.resolve(await worker.checkSyntax(task.code, DEFAULT_LIMITS));
      return;
    }
    const { job, indices } = task;
    const configs = indices.map((i) => job.configs[i] ?? "");
    task.started = false;
    await worker.run(job.code, configs, job.limits, {
      onStart: () => {
        task.started = true;
      },
      onResult: (local, outcome, inHost) => {
        const configIndex = indices[local];
        this.counts.configs++;
        if (inHost) this.counts.inHost++;
        if (configIndex !== undefined) job.recordOutcome(configIndex, outcome);
      },
    });
    for (const i of indices) {
      if (!job.has(i)) job.record(failedResult(i, "crash", "the sandbox worker reported no result"));
    }
  }

  private taskLost(task: Task, error: unknown): void {
    if (task.kind === "syntax") {
      task.reject(error);
      return;
    }
    const { job } = task;
    if (job.isSettled) return;
    if (this.closed) {
      job.fail(new SandboxError("closed", "the sandbox pool was closed"));
      return;
    }
    const unreported = task.indices.filter((i) => !job.has(i));
    if (!task.started && ++task.unstartedLosses < MAX_UNSTARTED_LOSSES) {
      this.queue.unshift({ ...task, indices: unreported });
      return;
    }
    const [inFlight, ...rest] = unreported;
    const message = error instanceof Error ? error.message : String(error);
    if (inFlight !== undefined) job.record(failedResult(inFlight, "crash", message));
    if (rest.length > 0) this.queue.unshift({ kind: "configs", job, indices: rest, started: false, unstartedLosses: 0 });
  }

  private watchAbort(job: JobResults, signal: AbortSignal | undefined): void {
    if (!signal) return;
    const abort = () => {
      job.fail(new SandboxError("aborted", "the verification was aborted"));
      for (const slot of this.slots) {
        if (slot.task?.kind === "configs" && slot.task.job === job) slot.worker?.kill();
      }
    };
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    void job.done.catch(() => {}).finally(() => signal.removeEventListener("abort", abort));
  }

  private adopt(slot: Slot, worker: SandboxWorker): void {
    slot.worker = worker;
    slot.spawnFailures = 0;
    void worker.exited.then(() => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      if (!this.closed) this.replace(slot);
    });
    this.dispatch();
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    const starting = SandboxWorker.start(this.workerOptions);
    this.starting.add(starting);
    void starting.catch(() => {}).finally(() => this.starting.delete(starting));
    starting.then(
      (worker) => {
        if (this.closed) worker.kill();
        else this.adopt(slot, worker);
      },
      (error: unknown) => {
        slot.spawnFailures++;
        if (slot.spawnFailures < MAX_SPAWN_FAILURES) {
          setTimeout(() => this.replace(slot), 200 * slot.spawnFailures);
          return;
        }
        if (this.slots.some((s) => s.worker || s.spawnFailures < MAX_SPAWN_FAILURES)) return;
        // No worker left and none can be started: fail what waits instead of hanging.
        this.broken = error instanceof SandboxError ? error : new SandboxError("unavailable", String(error));
        for (const task of this.queue.splice(0)) failTask(task, this.broken);
      },
    );
  }
}

function failTask(task: Task, error: unknown): void {
  if (task.kind === "syntax") task.reject(error);
  else task.job.fail(error);
}
