import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLines, type Line } from "./lines";

async function collect(content: Buffer | string, max?: number): Promise<Line[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lines-")), "f.jsonl");
  fs.writeFileSync(file, content);
  const out: Line[] = [];
  for await (const line of readLines(file, max)) out.push(line);
  return out;
}

describe("readLines", () => {
  it("numbers lines, skips blank ones, strips CR and a BOM", async () => {
    const lines = await collect("\ufeff{\"a\":1}\r\n\n  \n{\"b\":2}");
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
  });

  it("reports an over-long line with its number and keeps reading", async () => {
    const lines = await collect(`ok\n${"x".repeat(5000)}\nafter\n`, 1000);
    expect(lines[0]).toEqual({ line: 1, text: "ok" });
    expect(lines[1]).toMatchObject({ line: 2 });
    expect("error" in lines[1]! && lines[1].error).toMatch(/4\.9 KB, over the 1000 B limit/);
    expect(lines[2]).toEqual({ line: 3, text: "after" });
  });

  it("reports invalid UTF-8 with the column of the first bad byte", async () => {
    const lines = await collect(Buffer.concat([Buffer.from("good\nab"), Buffer.from([0xff, 0xfe]), Buffer.from("c\nlast")]));
    expect(lines[1]).toEqual({ line: 2, error: "not valid UTF-8 (first bad byte at column 3)" });
    expect(lines[2]).toEqual({ line: 3, text: "last" });
  });

  it("handles lines split across read chunks", async () => {
    const long = "y".repeat(3 * 1024 * 1024);
    const lines = await collect(`${long}\nz`);
    expect(lines.map((l) => ("text" in l ? l.text.length : -1))).toEqual([long.length, 1]);
  });
});
