import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { formatAbility } from "@/lib/codegym/config-string";
import { PARQUET_DECOMPRESSORS } from "@/lib/import/parquet-codecs";
import { parseExportOptions } from "./options";
import { ParquetFileEncoder, type ExtraColumn } from "./parquet-encoding";
import { GroupPacker, type PackedGroup } from "./parquet-group";
import { TrainingRowBatch } from "./training-row-batch";
import { trainingRowObject, type TrainingRowParts } from "./training-rows";

// The encoder on its own, over many row groups (the export tests' seed fits in
// one): groups cut by rows and by bytes, their buffers filled again, a
// revision's rows apart from each other as a shuffled export has them, nulls
// and extra keys. Read back by hyparquet and by DuckDB.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parquet-encoding-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const { options } = parseExportOptions({ format: "verl-parquet" });
const extras: ExtraColumn[] = [
  { key: "source", type: "string" },
  { key: "level", type: "int64" },
];

function revision(rev: number, docsBytes: number) {
  const key = `Leetcode_${rev}_I__Env${rev}`;
  const parquet = {
    system: Buffer.from(`Docs ${rev} ü ` + "x".repeat(docsBytes)),
    instruction: Buffer.from("Solve it.\n\nQuestion:\n\n"),
    task: Buffer.from(`Task ${rev} "quoted"`),
    codeId: Buffer.from(`Leetcode_${rev}_I`),
    abilityPrefix: Buffer.from(formatAbility(key, "")),
  };
  return { env: { envId: rev, key, codeId: `Leetcode_${rev}_I`, envName: `Env${rev}`, rev, split: "all" as const }, pieces: { jsonl: null, parquet } };
}

function row(rev: ReturnType<typeof revision>, i: number): TrainingRowParts {
  const extra = i % 3 === 0 ? null : i % 3 === 1 ? { source: `s${i}` } : { source: null, level: i };
  return {
    env: rev.env,
    pieces: rev.pieces,
    cfg: {
      configString: Buffer.from(`${rev.env.envName}@{"n": ${i}}`),
      index: Buffer.from(`${rev.env.codeId}-${i}`),
      steps: i % 5 === 0 ? null : i,
      bo4: i % 7 === 0 ? null : (i % 4) / 4,
      bo8: i % 11 === 0 ? Number.NaN : (i % 8) / 8,
      extra: extra && Buffer.from(JSON.stringify(extra)),
      json: null,
    },
  };
}

/** The row as the file holds it: every extra key, null where the row has none. */
function expected(r: TrainingRowParts) {
  const o = trainingRowObject(r, options);
  const info = o.extra_info as Record<string, unknown>;
  return { ...o, extra_info: { ...info, ...Object.fromEntries(extras.map(({ key }) => [key, info[key] ?? null])) } };
}

/** Encodes the rows as the writer does (groups cut by `limits`, buffers handed back), into a file. */
function encode(name: string, rows: TrainingRowParts[], limits: { rows: number; bytes: number }): string {
  const encoder = new ParquetFileEncoder({ extras, dataSource: options.dataSource, pluginCallMaxRound: options.pluginCallMaxRound, createdBy: "test" });
  const parts: Uint8Array[] = [];
  let packer = new GroupPacker(undefined, limits);
  const flush = () => {
    const group: PackedGroup = packer.group;
    parts.push(encoder.group(group));
    packer = new GroupPacker(group, limits);
  };
  const batch = TrainingRowBatch.of(rows);
  for (let i = 0; i < batch.length; i++) {
    packer.add(batch, i);
    if (packer.full) flush();
  }
  if (packer.rows) flush();
  parts.push(encoder.finish());
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

/** Parquet's int64 arrive as bigint. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));

describe("Parquet row groups", () => {
  const revisions = Array.from({ length: 40 }, (_, r) => revision(r + 1, r % 10 === 0 ? 25_000 : 50));
  // Each revision's rows in order, then the same rows interleaved across revisions (as shuffled).
  const ordered = revisions.flatMap((rev, r) => Array.from({ length: 8 }, (_, i) => row(rev, 8 * r + i)));
  const interleaved = [...ordered].sort((a, b) => (a.cfg.index.toString() + a.env.rev).localeCompare(b.cfg.index.toString() + b.env.rev)).reverse();

  it.each([
    ["ordered", ordered],
    ["interleaved", interleaved],
  ])("hold every row (%s) across groups cut by rows and by bytes, as hyparquet and DuckDB read them", async (name, rows) => {
    const file = encode(`${name}.parquet`, rows, { rows: 50, bytes: 20_000 });
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
    const sizes = metadata.row_groups.map((g) => Number(g.num_rows));
    expect(sizes.length).toBeGreaterThan(6);
    expect(Math.max(...sizes)).toBe(50);
    // Besides the last, groups that the big docs blocks ended early.
    expect(sizes.slice(0, -1).some((n) => n < 50)).toBe(true);
    const want = rows.map(expected);
    expect((await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors: PARQUET_DECOMPRESSORS })).map(plain)).toEqual(want);

    const duck = await DuckDBInstance.create(":memory:");
    try {
      const connection = await duck.connect();
      const read = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
      expect(read.getRowObjectsJS().map(plain)).toEqual(want);
    } finally {
      duck.closeSync();
    }
  });
});
