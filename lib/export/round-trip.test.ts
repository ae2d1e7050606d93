import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envRecordSchema } from "@/lib/codegym/schemas";
import { PARQUET_DECOMPRESSORS } from "@/lib/import/parquet-codecs";
import { pairSumRecord, pairSumTrainingRow } from "@/lib/import/fixtures/pair-sum-env";
import { exportTo, readJsonl, SEED_FILES, seededDatabase, verifyForReal, type ExportFixture } from "./test-helpers";

// Exports are what CodeGym's pipeline reads back, and what we import back:
// exporting, importing into an empty database and exporting again gives the
// same bytes, including our own verification results.

const PAIR = "Leetcode_90001_I__PairSumEnv";
const TWO_SUM = "Leetcode_1873_I__TwoSumLookupEnv";
let first: ExportFixture;
let extraDir: string;

beforeAll(async () => {
  extraDir = fs.mkdtempSync(path.join(fs.realpathSync("/tmp"), "export-rt-input-"));
  // Recorded step counts that our verification will contradict (the oracle takes 3 steps).
  const record = pairSumRecord("Leetcode_90001_I", "PairSumEnv", [[2, 3], [10, 20], [7, 8]]);
  record.unit_test_list.forEach((t) => (t.solve_fc_round = 99));
  fs.writeFileSync(path.join(extraDir, "pair.records.jsonl"), `${JSON.stringify(record)}\n`);
  const row = pairSumTrainingRow("Leetcode_90001_I", 2, 3, "pair-0") as ReturnType<typeof pairSumTrainingRow> & { extra_info: Record<string, unknown> };
  row.extra_info = { ...row.extra_info, split_tag: "easy", attempts: 4, weights: [1, 2] };
  fs.writeFileSync(path.join(extraDir, "pair.training.jsonl"), `${JSON.stringify(row)}\n`);
  first = await seededDatabase([...SEED_FILES, path.join(extraDir, "pair.records.jsonl"), path.join(extraDir, "pair.training.jsonl")]);
  await verifyForReal(first.db, [PAIR, TWO_SUM]);
});

afterAll(async () => {
  await first?.close();
  fs.rmSync(extraDir, { recursive: true, force: true });
});

describe("exports carry our verification results", () => {
  it("records: solve_fc_round, time and mem from our latest result, imported figures elsewhere", async () => {
    const records = readJsonl((await exportTo(first, "v.records.jsonl", { format: "records-jsonl", includeUnapproved: true })).out);
    for (const r of records) envRecordSchema.parse(r);
    const results = await first.db.prisma.verificationResult.findMany({ include: { config: { select: { configString: true } } } });
    expect(results.length).toBe(8);
    const byConfig = new Map(results.map((r) => [r.config.configString, r]));
    const pair = records.find((r) => r.code_id === "Leetcode_90001_I")!;
    for (const t of pair.unit_test_list as { unit_test: string; solve_fc_round: number; time: number; mem: number }[]) {
      const ours = byConfig.get(t.unit_test)!;
      expect(t.solve_fc_round).toBe(3);
      expect(t.time).toBe(Math.round(ours.seconds! * 1e4) / 1e4);
      expect(t.mem).toBe(Math.round((Number(ours.peakMemory) / 2 ** 20) * 1e4) / 1e4);
    }
    const seedSpiral = readJsonl(SEED_FILES[0]!).find((r) => r.code_id === "Leetcode_4412_I")!;
    expect(records.find((r) => r.code_id === "Leetcode_4412_I")!.unit_test_list).toEqual(seedSpiral.unit_test_list);
  });

  it("training rows: solve_fc_round from our latest verification, extra keys kept in JSONL and Parquet", async () => {
    const rows = readJsonl((await exportTo(first, "v.jsonl", { format: "verl-jsonl", includeUnapproved: true, filter: "q=pairsum" })).out);
    expect(rows.length).toBe(3);
    expect(rows.map((r) => (r.extra_info as { solve_fc_round: number }).solve_fc_round)).toEqual([3, 3, 3]);
    expect(rows[0]!.extra_info).toEqual({ index: "pair-0", solve_fc_round: 3, qwen32b_Bo4_score: 0.25, qwen32b_Bo8_score: 0.375, attempts: 4, split_tag: "easy", weights: [1, 2] });
    const { out } = await exportTo(first, "v.parquet", { format: "verl-parquet", includeUnapproved: true, filter: "q=pairsum" });
    const parquet = await parquetReadObjects({ file: await asyncBufferFromFile(out), compressors: PARQUET_DECOMPRESSORS });
    const info = parquet.map((r) => r.extra_info as Record<string, unknown>);
    expect(info[0]).toEqual({ index: "pair-0", solve_fc_round: 3n, qwen32b_Bo4_score: 0.25, qwen32b_Bo8_score: 0.375, attempts: 4n, split_tag: "easy", weights: [1, 2] });
    // Rows without the extra keys hold nulls in Parquet's fixed struct.
    expect(info[1]).toMatchObject({ attempts: null, split_tag: null, weights: null });
  });
});

describe("round trip through an empty database", () => {
  let second: ExportFixture;
  const names = { records: "rt.records.jsonl", sources: "rt.sources.tar.gz", training: "rt.training.jsonl" };

  beforeAll(async () => {
    const all = { includeUnapproved: true } as const;
    await exportTo(first, names.records, { format: "records-jsonl", ...all });
    await exportTo(first, names.sources, { format: "sources", ...all });
    await exportTo(first, names.training, { format: "verl-jsonl", ...all });
    const sourcesDir = path.join(first.dir, "rt-sources");
    await extractTarGz(path.join(first.dir, names.sources), sourcesDir);
    second = await seededDatabase([path.join(first.dir, names.records), sourcesDir, path.join(first.dir, names.training)]);
  });
  afterAll(async () => {
    await second?.close();
  });

  it.each([
    ["records", "records-jsonl"],
    ["sources", "sources"],
    ["training", "verl-jsonl"],
  ] as const)("gives byte-identical %s", async (kind, format) => {
    const again = await exportTo(second, names[kind], { format, includeUnapproved: true });
    const a = fs.readFileSync(path.join(first.dir, names[kind]));
    const b = fs.readFileSync(again.out);
    expect(b.byteLength).toBeGreaterThan(1000);
    expect(b.equals(a)).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(first.dir, names[kind].replace(/\.(jsonl|tar\.gz)$/, ".manifest.json")), "utf8"));
    expect(again.manifest.files[0]!.sha256).toBe(manifest.files[0].sha256);
  });

  it("holds one .py file per environment, named <code_id>__<EnvName>.py, equal to the stored source", async () => {
    const dir = path.join(first.dir, "rt-sources");
    const envs = await first.db.prisma.environment.findMany({ select: { key: true, currentRevision: { select: { sourceCode: true } } } });
    expect(fs.readdirSync(dir).sort()).toEqual(envs.map((e) => `${e.key}.py`).sort());
    for (const e of envs) expect(fs.readFileSync(path.join(dir, `${e.key}.py`), "utf8")).toBe(e.currentRevision!.sourceCode);
  });
});

async function extractTarGz(file: string, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => void chunks.push(c as Buffer));
    stream.on("end", () => {
      expect(header.name).not.toContain("/");
      fs.writeFileSync(path.join(dir, header.name), Buffer.concat(chunks));
      next();
    });
  });
  await pipeline(fs.createReadStream(file), zlib.createGunzip(), extract);
}
