import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORT_V8_FLAGS, withExportFlags } from "./node-flags";

describe("export processes' V8 flags", () => {
  it("are on the command line of `npm run export`", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const flag of EXPORT_V8_FLAGS) expect(pkg.scripts.export!.split(" ")).toContain(flag);
  });

  it("reach a child's V8 through NODE_OPTIONS, after what was there, and hold its young generation", () => {
    const env = withExportFlags({ ...process.env, NODE_OPTIONS: "--no-warnings" });
    expect(env.NODE_OPTIONS).toBe(["--no-warnings", ...EXPORT_V8_FLAGS].join(" "));
    // A long run whose objects survive a while: V8 grows the young generation for it unless held.
    const youngGeneration = (childEnv: NodeJS.ProcessEnv) =>
      Number(
        execFileSync(process.execPath, ["-e", GROWS_YOUNG], { env: { ...childEnv, NODE_OPTIONS: childEnv.NODE_OPTIONS ?? "" }, encoding: "utf8" }),
      );
    expect(youngGeneration(env)).toBeLessThanOrEqual(8 << 20); // two 4 MB semi-spaces
    expect(youngGeneration({ ...process.env, NODE_OPTIONS: "" })).toBeGreaterThan(8 << 20);
  });
});

/** Allocates 3 million small objects, 20,000 alive at a time; prints the largest new space it saw. */
const GROWS_YOUNG = `
const v8 = require("node:v8");
let max = 0;
const keep = new Array(20000);
for (let i = 0; i < 3e6; i++) {
  keep[i % keep.length] = { a: i, b: [i, i] };
  if (i % 10000 === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);
}
process.stdout.write(String(max));
`;
