import { describe, expect, it } from "vitest";
import { bwrapArgs, runnerCommand, SANDBOX_ENV } from "./bwrap";

const args = bwrapArgs({
  rootLayout: [{ path: "/lib", symlinkTo: "usr/lib" }, { path: "/lib64" }],
  runnerFiles: ["sandbox_runner.py", "gymnasium/__init__.py"],
  firstDataFd: 4,
  command: runnerCommand("/usr/bin/python3", "pool", { maxProcesses: 32, maxFileBytes: 1024 }),
});

function optionValues(option: string, arity: number): string[][] {
  const found: string[][] = [];
  args.forEach((arg, i) => {
    if (arg === option) found.push(args.slice(i + 1, i + 1 + arity));
  });
  return found;
}

describe("bwrapArgs", () => {
  it("unshares every namespace, dies with its parent and starts a new session", () => {
    for (const flag of ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"]) {
      expect(args).toContain(flag);
    }
  });

  it("binds only system directories, read-only, and makes the root read-only", () => {
    expect(args).not.toContain("--bind");
    expect(optionValues("--ro-bind", 2)).toEqual([
      ["/usr", "/usr"],
      ["/lib64", "/lib64"],
    ]);
    expect(optionValues("--symlink", 2)).toEqual([["usr/lib", "/lib"]]);
    expect(optionValues("--remount-ro", 1)).toEqual([["/"]]);
    expect(args.join(" ")).not.toContain(process.cwd());
  });

  it("copies the runner in from descriptors instead of binding the project", () => {
    expect(optionValues("--ro-bind-data", 2)).toEqual([
      ["4", "/runner/sandbox_runner.py"],
      ["5", "/runner/gymnasium/__init__.py"],
    ]);
  });

  it("clears the environment and sets only the sandbox's own variables", () => {
    expect(args).toContain("--clearenv");
    const set = Object.fromEntries(optionValues("--setenv", 2).map(([k, v]) => [k, v]));
    expect(set).toEqual(SANDBOX_ENV);
    expect(Object.keys(SANDBOX_ENV).sort()).toEqual(["HOME", "LANG", "PATH"]);
  });

  it("runs isolated Python in /tmp after all options", () => {
    const command = args.slice(args.indexOf("--") + 1);
    expect(command.slice(0, 6)).toEqual(["/usr/bin/python3", "-I", "-S", "-B", "-X", "utf8"]);
    expect(command[6]).toBe("/runner/sandbox_runner.py");
    expect(JSON.parse(command[8] ?? "")).toEqual({ maxProcesses: 32, maxFileBytes: 1024 });
    expect(optionValues("--chdir", 1)).toEqual([["/tmp"]]);
  });
});
