import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRAINING_ROW_KEYS, trainingRowSchema } from "@/lib/codegym/schemas";
import { PARQUET_DECOMPRESSORS } from "@/lib/import/parquet-codecs";
import { SEED_DIR } from "@/lib/setup/seed";
import { DEFAULT_INSTRUCTION_TEXT } from "./instruction-text";
import { expectManifestFile, exportTo, readJsonl, seededDatabase, type ExportFixture } from "./test-helpers";

// The seed's training rows, read independently of the importer.
const seedRows = readJsonl(path.join(SEED_DIR, "training.jsonl")) as unknown as SeedRow[];
interface SeedRow {
  data_source: string;
  ability: string;
  code_id: string;
  prompt: { role: string; name: string; content: string }[];
  extra_info: { index: string; solve_fc_round: number; qwen32b_Bo4_score: number | null; qwen32b_Bo8_score: number | null };
}

let fx: ExportFixture;

beforeAll(async () => {
  fx = await seededDatabase();
});
afterAll(async () => {
  await fx.close();
});

const byAbility = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [r.ability as string, r]));

describe("veRL training rows", () => {
  it("export nothing by default while no environment is approved", async () => {
    const { manifest, out } = await exportTo(fx, "none.jsonl", { format: "verl-jsonl" });
    expect(manifest.counts.items).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe("");
  });

  it("reproduce the seed's training rows (every field) for the configurations they came from", async () => {
    const { out, manifest } = await exportTo(fx, "all.jsonl", { format: "verl-jsonl", includeUnapproved: true });
    const rows = readJsonl(out);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([...TRAINING_ROW_KEYS]);
      expect(Object.keys(row.extra_info as object)).toEqual(["index", "solve_fc_round", "qwen32b_Bo4_score", "qwen32b_Bo8_score"]);
      trainingRowSchema.parse(row);
    }
    const exported = byAbility(rows);
    expect(seedRows.length).toBeGreaterThan(50);
    for (const seed of seedRows) {
      const row = exported.get(seed.ability);
      expect(row, seed.ability).toBeDefined();
      // Nothing is verified in this database, so even solve_fc_round is the imported one.
      expect(row).toEqual(seed);
    }
    // Configurations without a training row (timeouts, memory, syntax errors) are exported too, with new indexes.
    const configs = await fx.db.prisma.taskConfig.count({ where: { revision: { currentOf: { isNot: null } } } });
    expect(rows.length).toBe(configs);
    expect(manifest.counts.items).toBe(configs);
    const indexes = rows.map((r) => (r.extra_info as { index: string }).index);
    expect(new Set(indexes).size).toBe(indexes.length);
  });

  it("give configurations without an imported index a stable one derived from key and options", async () => {
    const a = readJsonl((await exportTo(fx, "idx-a.jsonl", { format: "verl-jsonl", includeUnapproved: true })).out);
    const seedAbilities = new Set(seedRows.map((r) => r.ability));
    const fresh = a.filter((r) => !seedAbilities.has(r.ability as string));
    expect(fresh.length).toBeGreaterThan(0);
    for (const row of fresh) {
      const key = (row.ability as string).split("@")[1]!;
      const configString = `${key.split("__")[1]}@${(row.ability as string).slice(`codegym_v1@${key}@`.length)}`;
      const digest = crypto.createHash("sha256").update(configString).digest("hex").slice(0, 16);
      expect((row.extra_info as { index: string }).index).toBe(`${key}#${digest}`);
    }
    const b = byAbility(readJsonl((await exportTo(fx, "idx-b.jsonl", { format: "verl-jsonl", includeUnapproved: true, shuffle: true, seed: 9 })).out));
    for (const row of fresh) expect((b.get(row.ability as string)!.extra_info as { index: string }).index).toBe((row.extra_info as { index: string }).index);
  });

  it("put the revision's docs block in the system message and the stored instruction text in the user message", async () => {
    const text = "Our own instructions for this test.";
    const rows = readJsonl((await exportTo(fx, "docs.jsonl", { format: "verl-jsonl", includeUnapproved: true }, text)).out);
    const revisions = await fx.db.prisma.revision.findMany({
      where: { currentOf: { isNot: null } },
      select: { docsBlock: true, taskDescription: true, environment: { select: { key: true } } },
    });
    const byKey = new Map(revisions.map((r) => [r.environment.key, r]));
    for (const row of rows) {
      const prompt = row.prompt as { role: string; name: string; content: string }[];
      const rev = byKey.get((row.ability as string).split("@")[1]!)!;
      expect(prompt[0]).toEqual({ role: "system", name: "functions", content: rev.docsBlock });
      expect(prompt[1]).toEqual({ role: "user", name: "", content: `${text}\n\nQuestion:\n\n${rev.taskDescription}` });
    }
  });

  it("apply CodeGym's training filter per configuration", async () => {
    const { out, manifest } = await exportTo(fx, "tf.jsonl", { format: "verl-jsonl", includeUnapproved: true, trainingFilter: true });
    const got = readJsonl(out).map((r) => r.ability as string).sort();
    // Independently: configurations of the seed whose rows say 10..256 steps and Bo4 <= 0.25 where known.
    const expected = seedRows
      .filter((r) => r.extra_info.solve_fc_round >= 10 && r.extra_info.solve_fc_round <= 256)
      .filter((r) => r.extra_info.qwen32b_Bo4_score === null || r.extra_info.qwen32b_Bo4_score <= 0.25)
      .map((r) => r.ability)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(got).toEqual(expected);
    expect(manifest.counts.droppedConfigurations).toBe(manifest.counts.selectedConfigurations - expected.length);
    // Environments whose every configuration was left out are not in the manifest's lists either.
    const keys = new Set(got.map((a) => a.split("@")[1]!));
    expect(keys.size).toBeLessThan(manifest.counts.selectedEnvironments);
    await expectManifestFile(fx, out, manifest, keys);
  });

  it("export approved environments only unless told otherwise", async () => {
    await fx.db.prisma.$executeRaw`UPDATE "Environment" SET "reviewState" = 'approved' WHERE key IN ('Leetcode_1873_I__TwoSumLookupEnv', 'Leetcode_3176_I__MergeIntervalsEnv')`;
    const rows = readJsonl((await exportTo(fx, "approved.jsonl", { format: "verl-jsonl" })).out);
    expect(new Set(rows.map((r) => r.code_id))).toEqual(new Set(["Leetcode_1873_I", "Leetcode_3176_I"]));
    const filtered = readJsonl((await exportTo(fx, "approved-q.jsonl", { format: "verl-jsonl", filter: "q=twosum" })).out);
    expect(new Set(filtered.map((r) => r.code_id))).toEqual(new Set(["Leetcode_1873_I"]));
    await fx.db.prisma.$executeRaw`UPDATE "Environment" SET "reviewState" = 'pending'`;
  });

  it("write the same rows as Parquet (nested columns), field by field", async () => {
    const jsonl = readJsonl((await exportTo(fx, "cmp.jsonl", { format: "verl-jsonl", includeUnapproved: true })).out);
    const { out, manifest } = await exportTo(fx, "cmp.parquet", { format: "verl-parquet", includeUnapproved: true });
    const file = await asyncBufferFromFile(out);
    const metadata = await parquetMetadataAsync(file);
    const schema = parquetSchema(metadata);
    expect(schema.children.map((c) => c.element.name)).toEqual([...TRAINING_ROW_KEYS]);
    const prompt = schema.children.find((c) => c.element.name === "prompt")!;
    expect(prompt.element.converted_type).toBe("LIST");
    expect(prompt.children[0]!.children[0]!.children.map((c) => c.element.name)).toEqual(["role", "name", "content"]);
    const rows = (await parquetReadObjects({ file, compressors: PARQUET_DECOMPRESSORS })).map(plain);
    expect(rows.length).toBe(jsonl.length);
    rows.forEach((row, i) => {
      for (const key of TRAINING_ROW_KEYS) expect(row[key], `row ${i} ${key}`).toEqual(jsonl[i]![key]);
    });
    expect(manifest.files[0]!.sha256).toBe(crypto.createHash("sha256").update(fs.readFileSync(out)).digest("hex"));
  });

  it("hold the same rows shuffled, in JSONL and Parquet alike (each row brings its revision's texts then)", async () => {
    const byAbilityOf = (rows: Record<string, unknown>[]) => [...rows].sort((x, y) => ((x.ability as string) < (y.ability as string) ? -1 : 1));
    const sorted = readJsonl((await exportTo(fx, "ord.jsonl", { format: "verl-jsonl", includeUnapproved: true, trainingFilter: true })).out);
    const shuffled = readJsonl((await exportTo(fx, "shuf.jsonl", { format: "verl-jsonl", includeUnapproved: true, trainingFilter: true, shuffle: true, seed: 5 })).out);
    expect(shuffled.map((r) => r.ability)).not.toEqual(sorted.map((r) => r.ability));
    expect(byAbilityOf(shuffled)).toEqual(byAbilityOf(sorted));
    const { out } = await exportTo(fx, "shuf.parquet", { format: "verl-parquet", includeUnapproved: true, trainingFilter: true, shuffle: true, seed: 5 });
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(out), compressors: PARQUET_DECOMPRESSORS })).map(plain);
    expect(rows.length).toBe(shuffled.length);
    rows.forEach((row, i) => {
      for (const key of TRAINING_ROW_KEYS) expect(row[key], `row ${i} ${key}`).toEqual(shuffled[i]![key]);
    });
  });

  it("use the data_source and step budget options", async () => {
    const rows = readJsonl((await exportTo(fx, "opts.jsonl", { format: "verl-jsonl", includeUnapproved: true, dataSource: "ours_v2", pluginCallMaxRound: 64 })).out);
    expect(rows.every((r) => r.data_source === "ours_v2" && r.plugin_call_max_round === 64)).toBe(true);
  });

  it("escape every character as JSON.stringify does, in JSONL and Parquet alike", async () => {
    // Quotes, backslashes, every control character, non-ASCII and U+2028 in the docs block, the task, an option and an index.
    const nasty = `q"b\\s/${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i === 0 ? 1 : i)).join("")}\u007f é ☃ 😀 \u2028 end`;
    const key = "Leetcode_1873_I__TwoSumLookupEnv";
    await fx.db.prisma.$executeRaw`UPDATE "Revision" r SET "docsBlock" = ${`docs ${nasty}`}, "taskDescription" = ${`task ${nasty}`} FROM "Environment" e WHERE e."currentRevisionId" = r.id AND e.key = ${key}`;
    const config = `TwoSumLookupEnv@{"s": ${JSON.stringify(nasty)}}`;
    await fx.db.prisma.$executeRaw`UPDATE "TaskConfig" c SET "configString" = ${config}, "trainingIndex" = ${`idx ${nasty}`} FROM "Environment" e WHERE e."currentRevisionId" = c."revisionId" AND e.key = ${key} AND c.position = 0`;
    const text = `Instructions ${nasty}`;
    const { out } = await exportTo(fx, "nasty.jsonl", { format: "verl-jsonl", includeUnapproved: true, filter: "q=twosum" }, text);
    const lines = fs.readFileSync(out, "utf8").split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toBe(dumpsLikePython(JSON.parse(line)));
    const row = JSON.parse(lines.find((l) => l.includes("idx "))!) as { ability: string; prompt: { content: string }[]; extra_info: { index: string } };
    expect(row.ability).toBe(`codegym_v1@${key}@{"s": ${JSON.stringify(nasty)}}`);
    expect(row.extra_info.index).toBe(`idx ${nasty}`);
    expect(row.prompt[0]!.content).toBe(`docs ${nasty}`);
    expect(row.prompt[1]!.content).toBe(`${text}\n\nQuestion:\n\ntask ${nasty}`);
    const parquet = await exportTo(fx, "nasty.parquet", { format: "verl-parquet", includeUnapproved: true, filter: "q=twosum" }, text);
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(parquet.out), compressors: PARQUET_DECOMPRESSORS })).map(plain);
    expect(rows).toEqual(lines.map((l) => JSON.parse(l)));
  });

  it("keep the instruction default equal to the seed's text", () => {
    const user = seedRows[0]!.prompt[1]!.content;
    expect(user.slice(0, user.indexOf("\n\nQuestion:\n\n"))).toBe(DEFAULT_INSTRUCTION_TEXT);
  });
});

/** JSON as Python's json.dumps(ensure_ascii=False) writes it (CodeGym's files), strings escaped by JSON.stringify. */
function dumpsLikePython(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumpsLikePython).join(", ")}]`;
  if (value && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${dumpsLikePython(v)}`).join(", ")}}`;
  return JSON.stringify(value);
}

/** Parquet's int64 arrive as bigint; JSONL has plain numbers. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
}
