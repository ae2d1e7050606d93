import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExportOptions } from "./options";
import { previewExport } from "./preview";
import { splitOf } from "./select-sql";
import { expectManifestFile, exportTo, readJsonl, seededDatabase, type ExportFixture } from "./test-helpers";
import { DEFAULT_INSTRUCTION_TEXT } from "./instruction-text";

let fx: ExportFixture;

beforeAll(async () => {
  fx = await seededDatabase();
});
afterAll(async () => {
  await fx.close();
});

const keyOf = (r: Record<string, unknown>) => (r.ability as string).split("@")[1]!;
const abilities = (rows: Record<string, unknown>[]) => rows.map((r) => r.ability as string);

describe("shuffle", () => {
  it("is a deterministic permutation for a seed, and another one for another seed", async () => {
    const sorted = abilities(readJsonl((await exportTo(fx, "plain.jsonl", { format: "verl-jsonl", includeUnapproved: true })).out));
    const a = abilities(readJsonl((await exportTo(fx, "s1a.jsonl", { format: "verl-jsonl", includeUnapproved: true, shuffle: true, seed: 1 })).out));
    const b = abilities(readJsonl((await exportTo(fx, "s1b.jsonl", { format: "verl-jsonl", includeUnapproved: true, shuffle: true, seed: 1 })).out));
    const c = abilities(readJsonl((await exportTo(fx, "s2.jsonl", { format: "verl-jsonl", includeUnapproved: true, shuffle: true, seed: 2 })).out));
    expect(a).toEqual(b);
    expect(a).not.toEqual(sorted);
    expect(c).not.toEqual(a);
    expect([...a].sort()).toEqual([...sorted].sort());
    const shuffled = await exportTo(fx, "s3.jsonl", { format: "verl-jsonl", includeUnapproved: true, shuffle: true, seed: 3, valFraction: 0.4 });
    const rows = [...readJsonl(shuffled.out.replace(".jsonl", ".train.jsonl")), ...readJsonl(shuffled.out.replace(".jsonl", ".val.jsonl"))];
    await expectManifestFile(fx, shuffled.out, shuffled.manifest, rows.map(keyOf));
    // Unshuffled rows are grouped by key (byte order), each environment's configurations in order.
    const keys = sorted.map((s) => s.split("@")[1]!);
    expect(keys).toEqual([...keys].sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : Buffer.from(x) > Buffer.from(y) ? 1 : 0)));
  });
});

describe("train/validation split", () => {
  it("splits by environment, from the seed and the key only", async () => {
    const { manifest, out } = await exportTo(fx, "split.jsonl", { format: "verl-jsonl", includeUnapproved: true, valFraction: 0.4, seed: 7 });
    expect(fs.existsSync(out)).toBe(false);
    const train = readJsonl(out.replace(".jsonl", ".train.jsonl"));
    const val = readJsonl(out.replace(".jsonl", ".val.jsonl"));
    const trainKeys = new Set(train.map(keyOf));
    const valKeys = new Set(val.map(keyOf));
    expect([...trainKeys].filter((k) => valKeys.has(k))).toEqual([]);
    expect(train.length + val.length).toBe(manifest.counts.items);
    for (const k of trainKeys) expect(splitOf(k, { seed: 7, valFraction: 0.4 })).toBe("train");
    for (const k of valKeys) expect(splitOf(k, { seed: 7, valFraction: 0.4 })).toBe("val");
    expect(valKeys.size).toBeGreaterThan(0);
    expect(trainKeys.size).toBeGreaterThan(0);
    expect(manifest.files.map((f) => [f.name, f.split, f.items, f.environments])).toEqual([
      ["split.train.jsonl", "train", train.length, trainKeys.size],
      ["split.val.jsonl", "val", val.length, valKeys.size],
    ]);
    // A narrower filter keeps each environment on its side.
    const narrow = await exportTo(fx, "narrow.jsonl", { format: "verl-jsonl", includeUnapproved: true, valFraction: 0.4, seed: 7, filter: "subset=Leetcode" });
    for (const r of readJsonl(narrow.out.replace(".jsonl", ".val.jsonl"))) expect(valKeys.has(keyOf(r))).toBe(true);
  });

  it("splits records and sources the same way", async () => {
    const { out } = await exportTo(fx, "rsplit.jsonl", { format: "records-jsonl", includeUnapproved: true, valFraction: 0.4, seed: 7 });
    const val = readJsonl(out.replace(".jsonl", ".val.jsonl")).map((r) => `${r.code_id}__${r.env_name}`);
    for (const k of val) expect(splitOf(k, { seed: 7, valFraction: 0.4 })).toBe("val");
    const sources = await exportTo(fx, "ssplit.tar.gz", { format: "sources", includeUnapproved: true, valFraction: 0.4, seed: 7 });
    expect(sources.manifest.files.map((f) => f.name)).toEqual(["ssplit.train.tar.gz", "ssplit.val.tar.gz"]);
    expect(sources.manifest.files[1]!.items).toBe(val.length);
  });
});

describe("preview", () => {
  it("counts what the export writes and shows its first rows", async () => {
    const { options, filter } = parseExportOptions({ format: "verl-jsonl", includeUnapproved: true, trainingFilter: true, valFraction: 0.4, seed: 7 });
    const preview = await previewExport({ url: fx.db.url, options, filter, instructionText: DEFAULT_INSTRUCTION_TEXT, baseName: "x.jsonl" });
    const { manifest, out } = await exportTo(fx, "pv.jsonl", { format: "verl-jsonl", includeUnapproved: true, trainingFilter: true, valFraction: 0.4, seed: 7 });
    expect(preview.counts.splits.map((s) => s.items)).toEqual(manifest.files.map((f) => f.items));
    expect(preview.counts.splits.map((s) => s.environments)).toEqual(manifest.files.map((f) => f.environments));
    expect(preview.files.map((f) => f.name)).toEqual(["x.train.jsonl", "x.val.jsonl"]);
    const shown = preview.rows[0]!.value as Record<string, unknown>;
    const first = readJsonl(out.replace(".jsonl", `.${preview.rows[0]!.split}.jsonl`))[0]!;
    expect(shown.ability).toBe(first.ability);
    expect(shown.extra_info).toEqual(first.extra_info);
    expect(preview.rows.length).toBe(3);
  });
});
