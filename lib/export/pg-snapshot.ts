import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import QueryStream from "pg-query-stream";
import type { Prisma } from "@/lib/generated/prisma/client";
import { copyRowBatches, type CopyBatch } from "./copy-binary";
import { copyBinarySql } from "./copy-sql";

/**
 * A COPY stream starts with its query, before anyone reads it; one a consumer
 * leaves unread (a preview that stops early) fails when its connection ends,
 * and that must not be an uncaught error. Readers still see every error: the
 * stream's async iterator rejects with it.
 */
function started<S extends NodeJS.EventEmitter>(stream: S): S {
  stream.on("error", () => {});
  return stream;
}

/**
 * Three connections reading one snapshot of the database: the main one streams
 * the ordered (narrow) rows, the side one fetches the wide texts (sources,
 * docs blocks, task texts) for each batch of them, and the counting one runs
 * the whole-table counts alongside, so the first rows need not wait for them.
 * Sharing the snapshot (pg_export_snapshot) means counts, rows and texts all
 * agree even while imports, edits or verification write; streaming keeps
 * memory flat however many rows there are.
 */
export class SnapshotReader {
  private constructor(
    private readonly main: pg.Client,
    private readonly side: pg.Client,
    private readonly counting: pg.Client,
  ) {}

  static async open(url: string): Promise<SnapshotReader> {
    const [main, side, counting] = ["curator-export", "curator-export-side", "curator-export-count"].map(
      (name) => new pg.Client({ connectionString: url, application_name: name }),
    ) as [pg.Client, pg.Client, pg.Client];
    try {
      await Promise.all([main.connect(), side.connect(), counting.connect()]);
      await main.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      // The shuffled order is one sort of narrow rows; let it happen in memory rather than in temp files.
      await main.query("SET LOCAL work_mem = '64MB'");
      const { rows } = await main.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
      const snapshot = `SET TRANSACTION SNAPSHOT '${rows[0]!.id.replace(/'/g, "")}'`;
      await Promise.all([side, counting].map((c) => c.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${snapshot}`)));
      return new SnapshotReader(main, side, counting);
    } catch (error) {
      await Promise.allSettled([main.end(), side.end(), counting.end()]);
      throw error;
    }
  }

  /** A whole (small) result, read on the main connection before streaming starts. */
  async query<T extends pg.QueryResultRow>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.main.query<T>(sql.text, sql.values)).rows;
  }

  /** A whole (small) result from a query that reads whole tables (counts), on a connection of its own: it runs while rows stream. */
  async countQuery<T extends pg.QueryResultRow>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.counting.query<T>(sql.text, sql.values)).rows;
  }

  /** A result for one batch, read on the side connection while the cursor is open. */
  async sideQuery<T extends pg.QueryResultRow>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.side.query<T>(sql.text, sql.values)).rows;
  }

  /**
   * The rows of a query in batches made by `make`, streamed by a binary COPY
   * on the main connection and read where they are in its bytes (see copy-binary.ts).
   */
  copyRowBatches<B extends CopyBatch>(sql: Prisma.Sql, fields: number, batchRows: number, make: () => B): AsyncGenerator<B> {
    return copyRowBatches(started(this.main.query(copyTo(copyBinarySql(sql)))), fields, batchRows, make);
  }

  /** The rows of a query in batches by binary COPY on the side connection, alongside the main connection's stream. */
  sideCopyRowBatches<B extends CopyBatch>(sql: Prisma.Sql, fields: number, batchRows: number, make: () => B): AsyncGenerator<B> {
    return copyRowBatches(started(this.side.query(copyTo(copyBinarySql(sql)))), fields, batchRows, make);
  }

  /** The rows of a query in batches, pulled from a server-side cursor. */
  async *batches<T>(sql: Prisma.Sql, batchSize = 2000): AsyncGenerator<T[]> {
    const stream = this.main.query(new QueryStream(sql.text, sql.values, { batchSize, highWaterMark: batchSize }));
    let batch: T[] = [];
    try {
      for await (const row of stream) {
        batch.push(row as T);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      stream.destroy();
    }
  }

  /**
   * Ends both connections, which ends their read-only transactions. No
   * ROLLBACK first: a COPY left unread (a preview stops after a few rows) keeps
   * its connection busy, and a query sent after it would wait forever.
   */
  async close(): Promise<void> {
    await Promise.allSettled([this.main.end(), this.side.end(), this.counting.end()]);
  }
}
