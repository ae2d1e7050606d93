import fs from "node:fs";
import path from "node:path";

/** What the sandbox needs of lib/python: the runner's modules and our gymnasium stand-in. */
export const RUNNER_FILES = [
  "sandbox_runner.py",
  "sandbox_worker.py",
  "sandbox_host.py",
  "sandbox_state.py",
  "sandbox_verify.py",
  "sandbox_trace.py",
  "sandbox_io.py",
  "sandbox_limits.py",
  "sandbox_text.py",
  "sandbox_warmup.py",
  "gymnasium/__init__.py",
] as const;

export interface RunnerFile {
  path: string;
  content: Buffer;
}

export function defaultRunnerDir(): string {
  return path.resolve(process.cwd(), "lib", "python");
}

export function loadRunnerFiles(runnerDir: string = defaultRunnerDir()): RunnerFile[] {
  return RUNNER_FILES.map((file) => ({ path: file, content: fs.readFileSync(path.join(runnerDir, file)) }));
}
