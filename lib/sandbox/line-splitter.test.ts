import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter";

function collect(max: number) {
  const lines: string[] = [];
  let overflows = 0;
  const splitter = new LineSplitter(max, (l) => lines.push(l), () => overflows++);
  return { splitter, lines, overflows: () => overflows };
}

describe("LineSplitter", () => {
  it("joins lines split across chunks and splits several lines in one chunk", () => {
    const { splitter, lines } = collect(100);
    splitter.push(Buffer.from('{"a":'));
    splitter.push(Buffer.from('1}\n{"b":2}\n{"c"'));
    splitter.push(Buffer.from(":3}\n"));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("keeps multi-byte characters split across chunks intact", () => {
    const { splitter, lines } = collect(100);
    const bytes = Buffer.from("héllo\n");
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2));
    expect(lines).toEqual(["héllo"]);
  });

  it("reports an overlong line once and ignores everything after it", () => {
    const { splitter, lines, overflows } = collect(4);
    splitter.push(Buffer.from("ok\n12345"));
    splitter.push(Buffer.from("\nnext\n"));
    expect(lines).toEqual(["ok"]);
    expect(overflows()).toBe(1);
  });

  it("catches an overlong line that arrives whole in one chunk", () => {
    const { splitter, lines, overflows } = collect(4);
    splitter.push(Buffer.from("123456789\n"));
    expect(lines).toEqual([]);
    expect(overflows()).toBe(1);
  });
});
