import { describe, expect, it } from "vitest";
import { manifestFile, splitFile, stemOf } from "./formats";
import { exportOptionsSchema, parseExportOptions } from "./options";

function issues(input: unknown) {
  const parsed = exportOptionsSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
}

describe("export options", () => {
  it("fill in CodeGym's defaults", () => {
    expect(parseExportOptions({ format: "verl-jsonl" }).options).toEqual({
      format: "verl-jsonl",
      filter: "",
      includeUnapproved: false,
      seed: 0,
      shuffle: false,
      valFraction: 0,
      trainingFilter: false,
      dataSource: "codegym_gym_v1",
      pluginCallMaxRound: 256,
    });
  });

  it("canonicalise the filter's query string", () => {
    const { options, filter } = parseExportOptions({ format: "sources", filter: "?steps_max=200&subset=Leetcode&page=3" });
    expect(filter).toEqual({ subset: ["Leetcode"], steps_max: 200 });
    expect(options.filter).toBe("subset=Leetcode&steps_max=200");
  });

  it.each([
    [{ format: "csv" }, "format"],
    [{ format: "verl-jsonl", seed: -1 }, "seed"],
    [{ format: "verl-jsonl", seed: 1.5 }, "seed"],
    [{ format: "verl-jsonl", seed: Number("x") }, "seed"],
    [{ format: "verl-jsonl", valFraction: 1 }, "valFraction"],
    [{ format: "verl-jsonl", valFraction: "0.1" }, "valFraction"],
    [{ format: "verl-jsonl", pluginCallMaxRound: 0 }, "pluginCallMaxRound"],
    [{ format: "verl-jsonl", dataSource: "  " }, "dataSource"],
    [{ format: "verl-jsonl", shuffle: "yes" }, "shuffle"],
    [{ format: "verl-jsonl", colour: "red" }, ""],
    [{ format: "verl-jsonl", filter: "steps_min=abc" }, "filter"],
    [{ format: "verl-jsonl", filter: "nonsense=1" }, "filter"],
    [{ format: "records-jsonl", trainingFilter: true }, "trainingFilter"],
    [{ format: "sources", dataSource: "x" }, "dataSource"],
  ])("reject %j naming the field", (input, field) => {
    const found = issues(input);
    expect(found.map((i) => i.field)).toContain(field);
    expect(found.every((i) => i.message.length > 0)).toBe(true);
  });

  it("explain a bad filter with the filter's own words", () => {
    const [issue] = issues({ format: "verl-jsonl", filter: "steps_min=9&steps_max=3" });
    expect(issue!.message).toMatch(/steps_min/);
  });
});

describe("file names", () => {
  it("put the split before the extension and the manifest beside the data", () => {
    expect(splitFile("out/data.jsonl", "verl-jsonl", "all")).toBe("out/data.jsonl");
    expect(splitFile("out/data.jsonl", "verl-jsonl", "train")).toBe("out/data.train.jsonl");
    expect(splitFile("out/src.tar.gz", "sources", "val")).toBe("out/src.val.tar.gz");
    expect(splitFile("out/rows", "verl-parquet", "val")).toBe("out/rows.val.parquet");
    expect(manifestFile("out/src.tar.gz")).toBe("out/src.manifest.json");
    expect(stemOf("a.b.parquet")).toBe("a.b");
  });
});
