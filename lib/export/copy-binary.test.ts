import { Readable } from "node:stream";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { CopyBatch, copyRowBatches, encodeCopyRow } from "./copy-binary";
import { copyBinarySql, inlineParameters } from "./copy-sql";

// The binary COPY reader against what PostgreSQL really sends, cut into
// chunks at every possible place (rows and even length words split between
// chunks), and the parameters written into a COPY query meaning what they mean as bind parameters.

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const ROWS = Prisma.sql`
  SELECT n::int4, CASE WHEN n % 3 = 0 THEN NULL ELSE 'row ' || n || repeat(' ☃😀"\\', n) END::text, (n / 4.0)::float8, CASE WHEN n = 2 THEN '' END::text
    FROM generate_series(1, ${40}::int) n`;

async function copyBytes(query: Prisma.Sql): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(copyBinarySql(query)))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `bytes` in chunks of `size` bytes (each a buffer of its own, as a socket's reads are). */
function cut(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(Buffer.from(bytes.subarray(at, at + size)));
  return chunks;
}

/** The rows through CopyBatches that start far too small (two rows), so each grows as rows come. */
async function readAll(chunks: Buffer[], batchRows: number): Promise<{ rows: unknown[]; sizes: number[] }> {
  const rows: unknown[] = [];
  const batches: CopyBatch[] = [];
  for await (const batch of copyRowBatches(Readable.from(chunks), 4, batchRows, () => new CopyBatch(4, 2))) batches.push(batch);
  // Read once every batch is in: a batch stays valid after the stream has moved on.
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      const inner = Buffer.alloc(Math.max(0, b.byteLengthOf(i, 1) - 2));
      expect(b.copyTo(i, 1, inner, 0, 1)).toBe(b.isNull(i, 1) ? 0 : inner.length);
      expect(b.isNull(i, 1) ? null : inner.toString("utf8")).toBe(b.text(i, 1)?.slice(1, -1) ?? null);
      rows.push([b.int4(i, 0), b.text(i, 1), b.float8(i, 2), b.bytes(i, 3)?.toString("utf8") ?? null]);
    }
  }
  return { rows, sizes: batches.map((b) => b.length) };
}

describe("binary COPY", () => {
  it("reads every row and field however the stream is cut", async () => {
    const expected = (await client.query({ text: inlineParameters(ROWS), rowMode: "array" })).rows.map((r) => [r[0], r[1], Number(r[2]), r[3]]);
    expect(expected).toHaveLength(40);
    expect(expected[1]![3]).toBe("");
    const bytes = await copyBytes(ROWS);
    for (let size = 1; size <= 700; size += size < 40 ? 1 : 37) {
      const { rows } = await readAll(cut(bytes, size), 7);
      expect(rows, `chunks of ${size} bytes`).toEqual(expected);
    }
    const { rows, sizes } = await readAll([bytes], 16);
    expect(rows).toEqual(expected);
    expect(sizes).toEqual([16, 16, 8]);
  });

  it("refuses a stream cut short", async () => {
    const bytes = await copyBytes(ROWS);
    await expect(readAll(cut(bytes.subarray(0, bytes.length - 2), 100), 10)).rejects.toThrow(/without its trailer/);
  });

  it("builds a row by hand as the database sends it", () => {
    const batch = new CopyBatch(4, 1);
    batch.push(encodeCopyRow([{ int4: -7 }, Buffer.from("ü"), { float8: 0.5 }, null]));
    batch.push(encodeCopyRow([null, Buffer.alloc(0), null, Buffer.from("x")]));
    expect([batch.int4(0, 0), batch.text(0, 1), batch.float8(0, 2), batch.isNull(0, 3)]).toEqual([-7, "ü", 0.5, true]);
    expect([batch.int4(1, 0), batch.text(1, 1), batch.float8(1, 2), batch.text(1, 3)]).toEqual([null, "", null, "x"]);
    expect(() => batch.push(encodeCopyRow([null]))).toThrow(/1 fields in a batch of 4/);
  });

  it("writes parameters in as pg would send them, quotes and backslashes included", async () => {
    const values = ["it's", "back\\slash", "two''quotes", "$1 inside", "☃"];
    const query = Prisma.sql`SELECT ${values}::text[] AS a, ${"x'y"} AS b, ${42} AS c, ${null}::text AS d, ${true} AS e, ('$1 ' || ${"z"}) AS f`;
    const bound = (await client.query(query.text, query.values)).rows[0];
    const inlined = (await client.query(inlineParameters(query))).rows[0];
    expect(inlined).toEqual(bound);
    expect(inlined.a).toEqual(values);
  });
});
