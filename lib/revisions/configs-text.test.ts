import { describe, expect, it } from "vitest";
import { parseConfigList, parseConfigsText } from "./configs-text";

describe("parseConfigsText", () => {
  it("reads one config a line, skipping blank lines and keeping line numbers for errors", () => {
    expect(parseConfigsText('A@{"x": 1}\n\n  A@{"x": 2}  \n', "A")).toEqual({ configs: ['A@{"x": 1}', 'A@{"x": 2}'], errors: [] });
    expect(parseConfigsText('A@{"x": 1}\nA@[1]\nB@{}\nnope', "A").errors).toEqual([
      { line: 2, message: "options must be a JSON object" },
      { line: 3, message: "names B, but the source defines class A" },
      { line: 4, message: "expected <EnvName>@<JSON options>" },
    ]);
  });

  it("reads a JSON list of strings or option objects and places errors on the item's line", () => {
    const text = '[\n  "A@{\\"x\\": 1}",\n  {"x": 2},\n  3,\n  "A@{\\"x\\":1}"\n]';
    expect(parseConfigsText(text, "A")).toEqual({
      configs: ['A@{"x": 1}', 'A@{"x":2}'],
      errors: [
        { line: 4, message: 'item 3: expected a config string "<EnvName>@{...}" or an options object' },
        { line: 5, message: "the same configuration as line 2" },
      ],
    });
    expect(parseConfigsText("[1,", "A").errors[0]).toMatchObject({ line: 1 });
  });

  it("accepts any class name when the source has none, and checks lists", () => {
    expect(parseConfigsText('B@{"x": 1}', null).errors).toEqual([]);
    expect(parseConfigList(["A@{}", "A@{}"], "A").errors).toEqual([{ line: 2, message: "the same configuration as line 1" }]);
  });
});
