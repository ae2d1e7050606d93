import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRAINING_ROW_KEYS } from "@/lib/codegym/schemas";
import { exportTo, readJsonl, seededDatabase, type ExportFixture } from "./test-helpers";

// Our Parquet files are read by trainers through pyarrow or DuckDB, not by
// the JavaScript reader the other tests use. DuckDB is an independent,
// native Parquet implementation (its own Brotli, its own nested-column
// assembly): it must read the same rows the JSONL export holds.

let fx: ExportFixture;

beforeAll(async () => {
  fx = await seededDatabase();
});
afterAll(async () => {
  await fx.close();
});

/** DuckDB's values as JSON would hold them: BIGINT arrives as bigint. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

describe("veRL Parquet read by DuckDB", () => {
  it("holds the JSONL export's rows, in order, every field, with CodeGym's column types", async () => {
    const jsonl = readJsonl((await exportTo(fx, "duck.jsonl", { format: "verl-jsonl", includeUnapproved: true })).out);
    const { out } = await exportTo(fx, "duck.parquet", { format: "verl-parquet", includeUnapproved: true });
    const duck = await DuckDBInstance.create(":memory:");
    try {
      const connection = await duck.connect();
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${out.replace(/'/g, "''")}')`);
      expect(reader.columnNames()).toEqual([...TRAINING_ROW_KEYS]);
      const types = Object.fromEntries(reader.columnNames().map((name, i) => [name, String(reader.columnTypes()[i])]));
      expect(types.prompt).toBe('STRUCT("role" VARCHAR, "name" VARCHAR, "content" VARCHAR)[]');
      expect(types.plugin_call_max_round).toBe("BIGINT");
      expect(types.extra_info).toBe('STRUCT("index" VARCHAR, "solve_fc_round" BIGINT, "qwen32b_Bo4_score" DOUBLE, "qwen32b_Bo8_score" DOUBLE)');
      const rows = reader.getRowObjectsJS().map(plain) as Record<string, unknown>[];
      expect(jsonl.length).toBeGreaterThan(50);
      expect(rows.length).toBe(jsonl.length);
      rows.forEach((row, i) => {
        // The JSONL's null ground truth is an all-null column of Parquet's NULL type.
        expect(row, `row ${i}`).toEqual(jsonl[i]);
      });
      const codec = await connection.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${out.replace(/'/g, "''")}')`);
      expect(codec.getRowObjectsJS().map((r) => r.compression)).toEqual(["BROTLI"]);
    } finally {
      duck.closeSync();
    }
  });
});
