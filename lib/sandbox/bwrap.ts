import fs from "node:fs";
import { TMPFS_BYTES } from "./limits";

export const BWRAP_PATH = "/usr/bin/bwrap";
export const SANDBOX_PYTHON = "/usr/bin/python3";
/** Where the runner's files appear inside the sandbox; the only files of ours it sees. */
export const RUNNER_MOUNT = "/runner";

/** The sandbox's whole environment; bwrap itself is started with no more than this either. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = {
  PATH: "/usr/bin:/bin",
  LANG: "C.UTF-8",
  HOME: "/tmp",
};

export type RootEntry = { path: string; symlinkTo?: string };

// On merged-/usr systems these are symlinks into /usr; elsewhere, real directories.
const ROOT_ENTRIES = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

export function readRootLayout(): RootEntry[] {
  const layout: RootEntry[] = [];
  for (const path of ROOT_ENTRIES) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) layout.push({ path, symlinkTo: fs.readlinkSync(path) });
    else if (stat.isDirectory()) layout.push({ path });
  }
  return layout;
}

export interface BwrapCommand {
  rootLayout: readonly RootEntry[];
  /** Files placed under RUNNER_MOUNT, read by bwrap from descriptors firstDataFd, firstDataFd + 1, ... */
  runnerFiles: readonly string[];
  firstDataFd: number;
  /** The command run inside: the interpreter and its arguments. */
  command: readonly string[];
}

/**
 * bwrap's argv: every namespace unshared (so no network but an empty loopback), read-only
 * system directories, fresh /proc, /dev and a small /tmp (the only writable place), the
 * runner copied in from pipes rather than bound from the project, an emptied environment.
 */
export function bwrapArgs({ rootLayout, runnerFiles, firstDataFd, command }: BwrapCommand): string[] {
  const args = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--die-with-parent",
    "--new-session",
    "--ro-bind", "/usr", "/usr",
  ];
  for (const entry of rootLayout) {
    if (entry.symlinkTo === undefined) args.push("--ro-bind", entry.path, entry.path);
    else args.push("--symlink", entry.symlinkTo, entry.path);
  }
  args.push(
    "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
    "--proc", "/proc",
    "--dev", "/dev",
    "--size", String(TMPFS_BYTES), "--tmpfs", "/tmp",
  );
  runnerFiles.forEach((file, i) => {
    args.push("--ro-bind-data", String(firstDataFd + i), `${RUNNER_MOUNT}/${file}`);
  });
  // The root is bwrap's own tmpfs; read-only, so nothing persists between environments but /tmp.
  args.push("--remount-ro", "/");
  args.push("--clearenv");
  for (const [name, value] of Object.entries(SANDBOX_ENV)) args.push("--setenv", name, value);
  args.push("--chdir", "/tmp", "--", ...command);
  return args;
}

export type RunnerMode = "pool" | "single";

/** -I: no environment variables, user site or script directory; -S: no site packages. */
export function runnerCommand(
  python: string,
  mode: RunnerMode,
  settings: { maxProcesses: number; maxFileBytes: number },
): string[] {
  const runner = `${RUNNER_MOUNT}/sandbox_runner.py`;
  return [python, "-I", "-S", "-B", "-X", "utf8", runner, mode, JSON.stringify(settings)];
}
