import { openDatabase, type OpenDatabase } from "@/lib/db/open-database";
import { createPrisma, type Db } from "@/lib/db/client";

export class UsageError extends Error {}

/**
 * Runs a command-line entry point with the database open and closes it after,
 * mapping errors to exit codes: 2 for bad usage, 1 for anything else.
 */
export async function runCli(main: (ctx: { db: Db; database: OpenDatabase }) => Promise<number>): Promise<never> {
  let database: OpenDatabase | null = null;
  let db: Db | null = null;
  let code = 1;
  try {
    database = await openDatabase({ log: (l) => console.error(l) });
    db = createPrisma(database.url);
    code = await main({ db, database });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      code = 2;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      code = 1;
    }
  } finally {
    await db?.$disconnect().catch(() => {});
    await database?.close().catch(() => {});
  }
  process.exit(code);
}

/** Writes a one-line status on a terminal, nothing elsewhere (logs stay clean in CI). */
export function statusLine(text: string) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

export function endStatusLine() {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
}
