import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Prisma } from "@/lib/generated/prisma/client";

// Plain pg for bulk writes: COPY and set-based SQL without an ORM round trip per row.

export type Sql = pg.ClientBase;
/** Anything that runs a plain query: a connection or a pool (COPY needs a connection). */
export type Queryable = pg.ClientBase | pg.Pool;

/** A Prisma.sql fragment run on a plain pg connection (Prisma.Sql renders $n placeholders). */
export async function run<T extends pg.QueryResultRow = pg.QueryResultRow>(db: Sql, sql: Prisma.Sql): Promise<T[]> {
  return (await db.query<T>(sql.text, sql.values as unknown[])).rows;
}

/**
 * Runs `work` in a transaction on a connection of its own. `relaxedCommit`
 * skips waiting for the commit's WAL flush: for work that is safe to redo
 * (an idempotent import), a crash loses at most the last moments, never consistency.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>, opts: { relaxedCommit?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    if (opts.relaxedCommit) await client.query("SET LOCAL synchronous_commit = off");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * `n` fresh ids of a serial column, taken from its sequence: COPY cannot return
 * the ids it assigns, and rows that point at each other need them up front.
 */
export async function allocateIds(db: Queryable, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence($1, 'id'))::int AS id FROM generate_series(1, $2::int)`,
    [`"${table}"`, n],
  );
  return rows.map((r) => r.id);
}

/** A value of a jsonb column: JSON text, or NULL for undefined/null. */
export class JsonValue {
  constructor(readonly value: unknown) {}
}
export const json = (value: unknown) => new JsonValue(value);

/**
 * Streams rows into a table with COPY ... FROM STDIN (text format), encoding a
 * chunk of rows at a time so memory stays bounded by the chunk, not the rows.
 */
export async function copyRows(db: Sql, table: string, columns: string[], rows: unknown[][]): Promise<number> {
  if (rows.length === 0) return 0;
  const statement = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
  const stream = db.query(copyFrom(statement));
  await pipeline(Readable.from(encodeChunks(rows, columns.length)), stream);
  return stream.rowCount;
}

const CHUNK_CHARS = 1 << 20;

function* encodeChunks(rows: Iterable<unknown[]>, width: number): Generator<string> {
  let chunk = "";
  for (const row of rows) {
    if (row.length !== width) throw new Error(`COPY row has ${row.length} values for ${width} columns`);
    for (let i = 0; i < row.length; i++) chunk += (i ? "\t" : "") + copyField(row[i]);
    chunk += "\n";
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/** One field of COPY's text format: \N is NULL; backslash, tab, newline and CR are escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (value instanceof JsonValue) return value.value === null || value.value === undefined ? "\\N" : escapeCopy(JSON.stringify(value.value));
  if (typeof value === "string") return escapeCopy(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`COPY cannot store the number ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  throw new Error(`COPY field of unsupported type ${typeof value}`);
}

const SPECIAL = /[\\\t\n\r]/;

function escapeCopy(text: string): string {
  if (!SPECIAL.test(text)) return text;
  // Backslash first, so the escapes added after it stay single. (Native replaceAll: sources are long.)
  return text.replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r");
}
