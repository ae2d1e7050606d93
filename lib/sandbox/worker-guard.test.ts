import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BWRAP_PATH, bwrapArgs, readRootLayout, RUNNER_MOUNT, SANDBOX_ENV } from "./bwrap";
import { loadRunnerFiles } from "./runner-files";

// sandbox_worker's sweep() kills every process it can see and clean_tmp() empties /tmp; run
// anywhere but as the sandbox's pid 2 they must refuse. The check itself runs inside a
// bubblewrap sandbox (own pid namespace, private /tmp) but as pid 3, so even a broken guard
// could only harm that sandbox.
const CHECK = `
import json, os, sys
sys.path.insert(0, ${JSON.stringify(RUNNER_MOUNT)})
import sandbox_worker
assert os.getpid() != 2
open("/tmp/keep", "w").close()
refused = {}
for name in ("clean_tmp", "sweep"):
    try:
        getattr(sandbox_worker, name)()
        refused[name] = False
    except sandbox_worker.OutsideSandbox:
        refused[name] = True
print(json.dumps({"refused": refused, "kept": os.path.exists("/tmp/keep")}))
`;

function runInSandboxAsPid3(script: string): Promise<string> {
  const runnerFiles = loadRunnerFiles();
  const firstDataFd = 3;
  // sh is pid 2 and stays (a command follows python), so python is pid 3.
  const command = ["/bin/sh", "-c", 'python3 -I -S -B -c "$0"; exit $?', script];
  const args = bwrapArgs({ rootLayout: readRootLayout(), runnerFiles: runnerFiles.map((f) => f.path), firstDataFd, command });
  const child: ChildProcess = spawn(BWRAP_PATH, args, {
    stdio: ["ignore", "pipe", "pipe", ...runnerFiles.map(() => "pipe" as const)],
    env: { ...SANDBOX_ENV } as NodeJS.ProcessEnv,
  });
  runnerFiles.forEach((file, i) => {
    const stream = child.stdio[firstDataFd + i];
    if (stream && "end" in stream) stream.end(file.content);
  });
  let stdout = "";
  let stderr = "";
  (child.stdout as Readable).on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  (child.stderr as Readable).on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}

describe("sandbox_worker outside its own pid namespace", () => {
  it("refuses to sweep processes or empty /tmp", async () => {
    const seen = JSON.parse(await runInSandboxAsPid3(CHECK)) as unknown;
    expect(seen).toEqual({ refused: { clean_tmp: true, sweep: true }, kept: true });
  });
});
