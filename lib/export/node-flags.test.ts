import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORT_V8_FLAGS } from "./node-flags";

/** Allocates 3 million small objects, 20,000 alive at a time; prints the largest new space it saw and the flags it ran with. */
const GROWS_YOUNG = `
const v8 = require("node:v8");
let max = 0;
const keep = new Array(20000);
for (let i = 0; i < 3e6; i++) {
  keep[i % keep.length] = { a: i, b: [i, i] };
  if (i % 10000 === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);
}
process.stdout.write(JSON.stringify({ max, execArgv: process.execArgv }));
`;

function run(flags: readonly string[]): { max: number; execArgv: string[] } {
  return JSON.parse(execFileSync(process.execPath, [...flags, "-e", GROWS_YOUNG], { env: { ...process.env, NODE_OPTIONS: "" }, encoding: "utf8" }));
}

describe("export processes' V8 flags", () => {
  it("are on the command line of `npm run export`", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const flag of EXPORT_V8_FLAGS) expect(pkg.scripts.export!.split(" ")).toContain(flag);
  });

  it("are V8's to take, and hold the young generation that a long run would grow", () => {
    const held = run(EXPORT_V8_FLAGS);
    expect(held.execArgv.slice(0, EXPORT_V8_FLAGS.length)).toEqual([...EXPORT_V8_FLAGS]); // node accepted them (it refuses a flag V8 does not know)
    expect(held.max).toBeLessThanOrEqual(8 << 20); // two 4 MB semi-spaces
    expect(run([]).max).toBeGreaterThan(8 << 20);
  });
});
