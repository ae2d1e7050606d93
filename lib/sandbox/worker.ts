import type { RootEntry } from "./bwrap";
import { SandboxError } from "./errors";
import { WATCHDOG_GRACE_MS, WORKER_STARTUP_TIMEOUT_MS, type SandboxLimits } from "./limits";
import { parseLine, runCommand, syntaxCommand, workerMessageSchema, type WorkerMessage } from "./protocol";
import type { RunnerFile } from "./runner-files";
import { describeExit, SandboxProcess, type SandboxExit } from "./sandbox-process";
import type { SyntaxCheck } from "./types";

export interface WorkerOptions {
  runnerFiles: readonly RunnerFile[];
  rootLayout: readonly RootEntry[];
  python: string;
  /** See SandboxPoolOptions.runInHost. */
  runInHost: boolean;
}

export interface RunHandlers {
  /** The worker has the task: from now on, losing the worker costs a configuration. */
  onStart: () => void;
  /** inHost: the environment's host ran the configuration itself, without a fork. */
  onResult: (index: number, outcome: unknown, inHost: boolean) => void;
}

type Pending =
  | {
      kind: "run";
      task: number;
      configCount: number;
      handlers: RunHandlers;
      resolve: () => void;
      reject: (error: SandboxError) => void;
    }
  | {
      kind: "syntax";
      task: number;
      answer?: SyntaxCheck;
      resolve: (check: SyntaxCheck) => void;
      reject: (error: SandboxError) => void;
    };

/** The most frequent message, exactly as sandbox_worker.py writes it: read without the schema. */
const RESULT_HEADER = /^\{"type":"result","task":(\d+),"index":(\d+),"inHost":(true|false)\}$/;

/**
 * One persistent sandboxed Python worker (lib/python/sandbox_worker.py), one task at a time.
 * Node's last line of defence: a worker that stays silent past every deadline it has, or
 * breaks the protocol, is killed; the pending task then fails with kind "worker_lost".
 */
export class SandboxWorker {
  readonly exited: Promise<SandboxExit>;
  private readonly process: SandboxProcess;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => {};
  private pending: Pending | null = null;
  private nextTask = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private watchdogMs = 0;
  private lostReason: string | null = null;
  /** Set after a result header: the next line is that configuration's result. */
  private resultIndex: number | null = null;
  private resultInHost = false;
  private readonly runInHost: boolean;

  static async start(options: WorkerOptions): Promise<SandboxWorker> {
    const worker = new SandboxWorker(options);
    await worker.ready;
    return worker;
  }

  private constructor(options: WorkerOptions) {
    this.runInHost = options.runInHost;
    this.process = new SandboxProcess({
      mode: "pool",
      runnerFiles: options.runnerFiles,
      rootLayout: options.rootLayout,
      python: options.python,
      onLine: (line) => this.handleLine(line),
      onOverflow: () => this.lose("sent an overlong message"),
    });
    this.exited = this.process.exited;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.lose("did not start in time"), WORKER_STARTUP_TIMEOUT_MS);
      this.markReady = () => {
        clearTimeout(timer);
        resolve();
      };
      void this.exited.then((exit) => {
        clearTimeout(timer);
        const why = this.lostReason ?? describeExit(exit);
        reject(new SandboxError("unavailable", `the bubblewrap sandbox could not start: it ${why}`));
      });
    });
    this.ready.catch(() => {}); // observed by start(); never unhandled
    void this.exited.then((exit) => this.handleExit(exit));
  }

  /** False once the worker is dead or being killed. */
  get alive(): boolean {
    return this.lostReason === null && !this.process.hasExited;
  }

  /** Alive and without a task (a task ends with the worker's "done", not its answer). */
  get idle(): boolean {
    return this.alive && this.pending === null;
  }

  run(
    code: string,
    configs: readonly string[],
    limits: SandboxLimits,
    handlers: RunHandlers,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const task = this.claim();
      this.pending = { kind: "run", task, configCount: configs.length, handlers, resolve, reject };
      this.startWatchdog(limits);
      this.process.send(runCommand(task, code, configs, limits, this.runInHost));
    });
  }

  checkSyntax(code: string, limits: SandboxLimits): Promise<SyntaxCheck> {
    return new Promise((resolve, reject) => {
      const task = this.claim();
      this.pending = { kind: "syntax", task, resolve, reject };
      this.startWatchdog(limits);
      this.process.send(syntaxCommand(task, code, limits));
    });
  }

  kill(): void {
    this.lose("was stopped");
  }

  /** Called inside a promise executor: throwing rejects that promise. */
  private claim(): number {
    if (!this.idle) {
      throw new SandboxError("worker_lost", "the sandbox worker is not available for work");
    }
    return this.nextTask++;
  }

  // Longer than any deadline the Python worker enforces itself between two messages: module
  // load, or an untraced run followed by a traced rerun.
  private startWatchdog(limits: SandboxLimits): void {
    this.watchdogMs = 3 * limits.timeoutMs + WATCHDOG_GRACE_MS;
    this.rearmWatchdog();
  }

  private rearmWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.lose("stopped responding"), this.watchdogMs);
  }

  private handleLine(line: string): void {
    if (this.resultIndex !== null) {
      const index = this.resultIndex;
      this.resultIndex = null;
      if (this.pending?.kind === "run") this.pending.handlers.onResult(index, parseResult(line), this.resultInHost);
      return;
    }
    const header = RESULT_HEADER.exec(line);
    const message = header
      ? { type: "result" as const, task: Number(header[1]), index: Number(header[2]), inHost: header[3] === "true" }
      : parseLine(workerMessageSchema, line);
    if (!message || !this.accept(message)) this.lose("broke the protocol");
  }

  private accept(message: WorkerMessage): boolean {
    const pending = this.pending;
    if (message.type === "ready") {
      this.markReady();
      return true;
    }
    if (!pending || message.task !== pending.task) return false;
    if (message.type === "started") {
      if (pending.kind === "run") pending.handlers.onStart();
      return true;
    }
    if (message.type === "result" && pending.kind === "run" && message.index < pending.configCount) {
      this.rearmWatchdog();
      this.resultIndex = message.index;
      this.resultInHost = message.inHost;
      return true;
    }
    if (message.type === "syntax" && pending.kind === "syntax" && !pending.answer) {
      pending.answer = toSyntaxCheck(message);
      return true;
    }
    if (message.type === "done") {
      clearTimeout(this.watchdog);
      this.pending = null;
      if (pending.kind === "run") pending.resolve();
      else if (pending.answer) pending.resolve(pending.answer);
      else return false;
      return true;
    }
    return false;
  }

  private lose(reason: string): void {
    if (this.lostReason !== null || this.process.hasExited) return;
    this.lostReason = reason;
    this.process.kill();
  }

  private handleExit(exit: SandboxExit): void {
    clearTimeout(this.watchdog);
    const pending = this.pending;
    this.pending = null;
    const why = this.lostReason ?? describeExit(exit);
    pending?.reject(new SandboxError("worker_lost", `the sandbox worker ${why}`));
  }
}

/** Unparseable JSON is undefined, which the result schema then rejects (a crash). */
function parseResult(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function toSyntaxCheck(message: Extract<WorkerMessage, { type: "syntax" }>): SyntaxCheck {
  if (message.ok) return { ok: true };
  return {
    ok: false,
    line: message.line ?? null,
    column: message.column ?? null,
    message: message.message ?? "the module does not compile",
  };
}
