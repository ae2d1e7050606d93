import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";

export interface TestDatabase {
  url: string;
  name: string;
  prisma: Db;
  drop(): Promise<void>;
}

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host})`);
  }
}

/** A fresh migrated database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  assertLocal(adminUrl);
  const name = `curator_test_${crypto.randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplateDatabase")}`));
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const prisma = createPrisma(url);
  return {
    url,
    name,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
