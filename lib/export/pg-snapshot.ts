import pg from "pg";
import QueryStream from "pg-query-stream";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Two connections reading one snapshot of the database: the main one streams
 * the ordered (narrow) rows through a cursor, the side one fetches the wide
 * texts (sources, docs blocks, task texts) for each batch of them. Sharing the
 * snapshot (pg_export_snapshot) means counts, rows and texts all agree even
 * while imports, edits or verification write; the cursor keeps memory flat
 * however many rows there are.
 */
export class SnapshotReader {
  private constructor(
    private readonly main: pg.Client,
    private readonly side: pg.Client,
  ) {}

  static async open(url: string): Promise<SnapshotReader> {
    const main = new pg.Client({ connectionString: url, application_name: "curator-export" });
    const side = new pg.Client({ connectionString: url, application_name: "curator-export-side" });
    await Promise.all([main.connect(), side.connect()]);
    try {
      await main.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      // The row order is one sort of narrow rows; let it happen in memory rather than in temp files.
      await main.query("SET LOCAL work_mem = '64MB'");
      const { rows } = await main.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
      await side.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      await side.query(`SET TRANSACTION SNAPSHOT '${rows[0]!.id.replace(/'/g, "")}'`);
      return new SnapshotReader(main, side);
    } catch (error) {
      await Promise.all([main.end(), side.end()]).catch(() => {});
      throw error;
    }
  }

  /** A whole (small) result, read on the main connection before streaming starts. */
  async query<T extends pg.QueryResultRow>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.main.query<T>(sql.text, sql.values)).rows;
  }

  /** A result for one batch, read on the side connection while the cursor is open. */
  async sideQuery<T extends pg.QueryResultRow>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.side.query<T>(sql.text, sql.values)).rows;
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

  async close(): Promise<void> {
    await Promise.allSettled([this.main.query("ROLLBACK"), this.side.query("ROLLBACK")]);
    await Promise.allSettled([this.main.end(), this.side.end()]);
  }
}
