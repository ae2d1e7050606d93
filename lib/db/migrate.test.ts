import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { checksumOf, ensureDatabase, migrate, MigrationError, readMigrations, type MigrationFile } from "@/lib/db/migrate";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");
/** The advisory lock id migrate() takes (Prisma's own). */
const PRISMA_ADVISORY_LOCK = 72707369;

const adminUrl = inject("pgAdminUrl");
const created: string[] = [];

/** An empty database of its own (createTestDatabase() would hand out an already migrated one). */
async function emptyDatabase(): Promise<string> {
  const name = `curator_migrate_${crypto.randomBytes(6).toString("hex")}`;
  await ensureDatabase(adminUrl, name);
  created.push(name);
  return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

function history(url: string): Promise<HistoryRow[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<HistoryRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    return rows;
  });
}

function tableExists(url: string, table: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ oid: string | null }>("SELECT to_regclass($1)::text AS oid", [`public."${table}"`]);
    return rows[0]?.oid != null;
  });
}

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterAll(async () => {
  await withClient(adminUrl, async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
});

describe("migrate", () => {
  const migrations = readMigrations(MIGRATIONS_DIR);
  const names = migrations.map((m) => m.name);

  it("finds the migrations on disk, in name order", () => {
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("20261202000000_init");
  });

  it("applies every migration to an empty database and records it as Prisma does", async () => {
    const url = await emptyDatabase();
    const result = await migrate(url, migrations);
    expect(result).toEqual({ applied: names, alreadyApplied: 0 });
    const rows = await history(url);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const bytes = fs.readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(checksumOf(bytes.toString("utf8")));
      expect(row.checksum).toBe(crypto.createHash("sha256").update(bytes).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tableExists(url, "Environment")).toBe(true);
  });

  it("applies nothing when run again", async () => {
    const url = await emptyDatabase();
    await migrate(url, migrations);
    const before = await history(url);
    expect(await migrate(url, migrations)).toEqual({ applied: [], alreadyApplied: names.length });
    expect(await history(url)).toEqual(before);
  });

  it("refuses to run when an applied migration has changed, naming its file", async () => {
    const url = await emptyDatabase();
    await migrate(url, migrations);
    const [first, ...rest] = migrations;
    if (!first) throw new Error("no migrations");
    const sql = `${first.sql}\n-- edited after it was applied\n`;
    const edited: MigrationFile[] = [{ ...first, sql, checksum: checksumOf(sql) }, ...rest];
    const attempt = migrate(url, edited);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(`prisma/migrations/${first.name}/migration.sql was changed after it was applied`);
    expect((await history(url)).map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
  });

  it("rolls a failing migration back entirely, records nothing for it and throws", async () => {
    const url = await emptyDatabase();
    await migrate(url, migrations);
    const brokenSql = `
      CREATE TABLE "HalfDone" ("id" INTEGER PRIMARY KEY);
      CREATE TYPE "HalfDoneKind" AS ENUM ('a');
      ALTER TABLE "Environment" ADD COLUMN "halfDone" INTEGER;
      SELECT * FROM "ThisTableDoesNotExist";`;
    const broken: MigrationFile = { name: "29990101000000_broken", sql: brokenSql, checksum: checksumOf(brokenSql) };
    const attempt = migrate(url, [...migrations, broken]);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/Migration 29990101000000_broken failed and was rolled back: .*ThisTableDoesNotExist/);
    expect((await history(url)).map((r) => r.migration_name)).toEqual(names);
    expect(await tableExists(url, "HalfDone")).toBe(false);
    const leftovers = await withClient(url, async (client) => {
      const type = await client.query("SELECT 1 FROM pg_type WHERE typname = 'HalfDoneKind'");
      const column = await client.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'Environment' AND column_name = 'halfDone'");
      return (type.rowCount ?? 0) + (column.rowCount ?? 0);
    });
    expect(leftovers).toBe(0);
    // The database is left as it was, so a corrected checkout migrates normally.
    expect(await migrate(url, migrations)).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it("rolls back a failing first migration on an empty database too", async () => {
    const url = await emptyDatabase();
    const brokenSql = `CREATE TABLE "HalfDone" ("id" INTEGER); SELECT 1/0;`;
    await expect(migrate(url, [{ name: "29990101000000_broken", sql: brokenSql, checksum: checksumOf(brokenSql) }])).rejects.toThrow(MigrationError);
    expect(await tableExists(url, "HalfDone")).toBe(false);
    expect(await history(url)).toEqual([]);
  });

  it("commits a migration only together with its history row", async () => {
    const url = await emptyDatabase();
    await migrate(url, migrations);
    // The SQL itself succeeds, but afterwards its history row cannot be inserted.
    const sql = `
      CREATE TABLE "HalfDone" ("id" INTEGER);
      ALTER TABLE "_prisma_migrations" ADD CONSTRAINT "no_more_rows" CHECK (false) NOT VALID;`;
    const attempt = migrate(url, [...migrations, { name: "29990101000000_unrecordable", sql, checksum: checksumOf(sql) }]);
    await expect(attempt).rejects.toThrow(/Migration 29990101000000_unrecordable failed and was rolled back: .*no_more_rows/);
    expect(await tableExists(url, "HalfDone")).toBe(false);
    expect((await history(url)).map((r) => r.migration_name)).toEqual(names);
  });

  it("lets two concurrent runs on a fresh database both succeed, applying each migration once", async () => {
    const url = await emptyDatabase();
    // Hold the lock until both runs are queued behind it, so they really overlap.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
      const runs = Promise.allSettled([migrate(url, migrations), migrate(url, migrations)]);
      try {
        await waitUntil(async () => {
          const { rows } = await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks
             WHERE locktype = 'advisory' AND NOT granted AND objid = $1
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            [PRISMA_ADVISORY_LOCK],
          );
          return rows[0]?.waiting === 2;
        }, "both migrate() calls wait for the advisory lock");
      } finally {
        await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
      }
      const results = await runs;
      const values = results.map((r) => {
        if (r.status === "rejected") throw r.reason;
        return r.value;
      });
      expect(values.flatMap((v) => v.applied).sort()).toEqual(names);
      expect(values.map((v) => v.applied.length + v.alreadyApplied)).toEqual([names.length, names.length]);
      expect((await history(url)).map((r) => r.migration_name)).toEqual(names);
    } finally {
      await holder.end();
    }
  });
});
