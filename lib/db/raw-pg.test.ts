import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { allocateIds, copyField, copyRows, inTransaction, json } from "./raw-pg";

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query(`CREATE TABLE "CopyProbe" (id serial PRIMARY KEY, t text, j jsonb, n float8, b boolean)`);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe("copyRows", () => {
  it("stores text and JSON with backslashes, tabs, newlines and carriage returns unchanged, and NULLs as NULL", async () => {
    const tricky = 'a\\b\tc\nd\r\ne \\N "quoted" \\\\ end\\';
    const value = { s: tricky, list: [1, "x\ty"], nested: { back: "\\" } };
    const rows = [
      [tricky, json(value), 1.5, true],
      ["\\N", json(null), null, false],
      ["", json([]), -0.25, null],
    ];
    const stored = await inTransaction(pool, (tx) => copyRows(tx, "CopyProbe", ["t", "j", "n", "b"], rows));
    expect(stored).toBe(3);
    const { rows: back } = await pool.query(`SELECT t, j, n, b FROM "CopyProbe" ORDER BY id`);
    expect(back).toEqual([
      { t: tricky, j: value, n: 1.5, b: true },
      { t: "\\N", j: null, n: null, b: false },
      { t: "", j: [], n: -0.25, b: null },
    ]);
  });

  it("streams many rows in chunks and writes nothing for an empty list", async () => {
    const before = Number((await pool.query(`SELECT count(*) AS n FROM "CopyProbe"`)).rows[0].n);
    const big = "x".repeat(5000);
    const rows = Array.from({ length: 1000 }, (_, i) => [`${i}:${big}`, json({ i }), i, i % 2 === 0]);
    await inTransaction(pool, async (tx) => {
      expect(await copyRows(tx, "CopyProbe", ["t", "j", "n", "b"], [])).toBe(0);
      expect(await copyRows(tx, "CopyProbe", ["t", "j", "n", "b"], rows)).toBe(1000);
    });
    const { rows: counted } = await pool.query(`SELECT count(*)::int AS n, sum(length(t))::int AS chars FROM "CopyProbe"`);
    expect(counted[0].n).toBe(before + 1000);
    expect(counted[0].chars).toBeGreaterThan(1000 * 5000);
  });

  it("rolls the whole transaction back when a row is rejected", async () => {
    const before = Number((await pool.query(`SELECT count(*) AS n FROM "CopyProbe"`)).rows[0].n);
    await expect(inTransaction(pool, (tx) => copyRows(tx, "CopyProbe", ["t", "n"], [["fine", 1], ["bad", "not a number"]]))).rejects.toThrow();
    expect(Number((await pool.query(`SELECT count(*) AS n FROM "CopyProbe"`)).rows[0].n)).toBe(before);
  });

  it("refuses values COPY's text format cannot carry, aborting the COPY and leaving the connection usable", async () => {
    expect(() => copyField(Number.NaN)).toThrow(/cannot store/);
    expect(() => copyField({ an: "object" })).toThrow(/unsupported/);
    const before = Number((await pool.query(`SELECT count(*) AS n FROM "CopyProbe"`)).rows[0].n);
    await expect(inTransaction(pool, (tx) => copyRows(tx, "CopyProbe", ["t", "n"], [["fine", 1], ["bad", Number.NaN]]))).rejects.toThrow(/cannot store/);
    expect(await inTransaction(pool, (tx) => copyRows(tx, "CopyProbe", ["t"], [["after"]]))).toBe(1);
    expect(Number((await pool.query(`SELECT count(*) AS n FROM "CopyProbe"`)).rows[0].n)).toBe(before + 1);
  });
});

describe("allocateIds", () => {
  it("hands out fresh ids of the table's own sequence, so later inserts never collide with them", async () => {
    const ids = await allocateIds(pool, "CopyProbe", 3);
    expect(new Set(ids).size).toBe(3);
    await inTransaction(pool, (tx) => copyRows(tx, "CopyProbe", ["id", "t"], ids.map((id) => [id, "allocated"])));
    const { rows } = await pool.query<{ id: number }>(`INSERT INTO "CopyProbe" (t) VALUES ('after') RETURNING id`);
    expect(ids).not.toContain(rows[0]!.id);
    expect(await allocateIds(pool, "CopyProbe", 0)).toEqual([]);
  });
});
