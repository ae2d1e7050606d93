import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { BWRAP_PATH, bwrapArgs, runnerCommand, SANDBOX_ENV, type RootEntry, type RunnerMode } from "./bwrap";
import { MAX_FILE_BYTES, MAX_STDERR_TAIL_BYTES, MAX_WORKER_LINE_BYTES } from "./limits";
import { LineSplitter } from "./line-splitter";
import type { RunnerFile } from "./runner-files";
import { acquireSandboxIdentity } from "./sandbox-identity";

/** The runner answers on this descriptor; its stdout is /dev/null, so env prints never mix in. */
const RESULTS_FD = 3;
const FIRST_DATA_FD = 4;

export interface SandboxProcessOptions {
  mode: RunnerMode;
  runnerFiles: readonly RunnerFile[];
  rootLayout: readonly RootEntry[];
  python: string;
  onLine: (line: string) => void;
  /** A line longer than MAX_WORKER_LINE_BYTES arrived; the process has been killed. */
  onOverflow?: () => void;
}

export interface SandboxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when bwrap could not even be started. */
  spawnError?: Error;
  stderrTail: string;
}

/** One bwrap-sandboxed Python runner process, talked to by JSON lines. */
export class SandboxProcess {
  readonly exited: Promise<SandboxExit>;
  private readonly child: ChildProcess;
  private stderrTail = Buffer.alloc(0);
  private exitInfo: SandboxExit | null = null;

  constructor(options: SandboxProcessOptions) {
    const identity = acquireSandboxIdentity();
    const command = runnerCommand(options.python, options.mode, {
      maxProcesses: identity.maxProcesses,
      maxFileBytes: MAX_FILE_BYTES,
    });
    const args = bwrapArgs({
      rootLayout: options.rootLayout,
      runnerFiles: options.runnerFiles.map((f) => f.path),
      firstDataFd: FIRST_DATA_FD,
      command,
    });
    // Spawned from the main thread: bwrap's --die-with-parent relies on PR_SET_PDEATHSIG,
    // which follows the thread that forked. detached: its own process group, killed whole.
    this.child = spawn(BWRAP_PATH, args, {
      stdio: ["pipe", "ignore", "pipe", "pipe", ...options.runnerFiles.map(() => "pipe" as const)],
      detached: true,
      env: { ...SANDBOX_ENV } as NodeJS.ProcessEnv, // nothing of ours (no DATABASE_URL) reaches bwrap
      uid: identity.uid,
      gid: identity.gid,
    });
    for (const stream of this.child.stdio) stream?.on("error", () => {});

    const splitter = new LineSplitter(MAX_WORKER_LINE_BYTES, options.onLine, () => {
      this.kill();
      options.onOverflow?.();
    });
    (this.stdio(RESULTS_FD) as Readable).on("data", (chunk: Buffer) => splitter.push(chunk));
    (this.stdio(2) as Readable).on("data", (chunk: Buffer) => this.keepStderr(chunk));
    options.runnerFiles.forEach((file, i) => (this.stdio(FIRST_DATA_FD + i) as Writable).end(file.content));

    this.exited = new Promise((resolve) => {
      const finish = (info: Omit<SandboxExit, "stderrTail">) => {
        if (this.exitInfo) return;
        identity.release();
        this.exitInfo = { ...info, stderrTail: this.stderrTail.toString("utf8") };
        resolve(this.exitInfo);
      };
      this.child.on("error", (error) => finish({ code: null, signal: null, spawnError: error }));
      this.child.on("close", (code, signal) => finish({ code, signal }));
    });
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  kill(): void {
    if (this.child.pid === undefined || this.exitInfo) return;
    try {
      process.kill(-this.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  private stdio(fd: number): Readable | Writable {
    const stream = this.child.stdio[fd];
    if (!stream) throw new Error(`sandbox stdio ${fd} is not a pipe`);
    return stream;
  }

  private keepStderr(chunk: Buffer): void {
    const joined = Buffer.concat([this.stderrTail, chunk]);
    this.stderrTail = joined.subarray(Math.max(0, joined.length - MAX_STDERR_TAIL_BYTES));
  }
}

export function describeExit(exit: SandboxExit): string {
  if (exit.spawnError) return `could not start ${BWRAP_PATH}: ${exit.spawnError.message}`;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const stderr = exit.stderrTail.trim();
  return stderr ? `${how}: ${stderr}` : how;
}
