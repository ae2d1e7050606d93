import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/env";

export type Db = PrismaClient;
/** A client or an interactive transaction; data-access functions accept either. */
export type DbClient = Prisma.TransactionClient;

/** Bulk work runs in long transactions; Prisma's 5 s default is for request paths. */
export const BULK_TRANSACTION = { timeout: 600_000, maxWait: 60_000 } as const;

// Bulk writers (the importer's COPY) need a plain pg connection to the same database.
const urls = new WeakMap<PrismaClient, string>();

export function createPrisma(url: string): PrismaClient {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  urls.set(client, url);
  return client;
}

/** The connection string a client made by createPrisma was opened with. */
export function connectionUrlOf(db: PrismaClient): string {
  const url = urls.get(db);
  if (!url) throw new Error("this Prisma client was not made by createPrisma, so its connection string is unknown");
  return url;
}

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { curatorPrisma?: PrismaClient };

export function prisma(): PrismaClient {
  globalForPrisma.curatorPrisma ??= createPrisma(databaseUrl());
  return globalForPrisma.curatorPrisma;
}
