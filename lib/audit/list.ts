import type { DbClient } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { dayBound, type AuditQuery } from "./schema";

export interface AuditEventRow {
  id: number;
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  details: unknown;
  user: { id: number; username: string } | null;
  environment: { id: number; key: string } | null;
}

export interface AuditPage {
  events: AuditEventRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
  total: number;
}

function whereOf(q: Omit<AuditQuery, "limit" | "before">): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (q.action?.length) {
    and.push({ OR: q.action.flatMap((a) => (a.includes(".") ? [{ action: a }] : [{ action: a }, { action: { startsWith: `${a}.` } }])) });
  }
  if (q.user) and.push({ user: { username: q.user } });
  if (q.environment) and.push({ environment: { key: q.environment } });
  if (q.from) and.push({ at: { gte: dayBound(q.from, false) } });
  if (q.to) and.push({ at: { lte: dayBound(q.to, true) } });
  return and.length ? { AND: and } : {};
}

/** Newest first, keyset-paged on id (the events table only grows). */
export async function listAuditEvents({ db, query }: { db: DbClient; query: AuditQuery }): Promise<AuditPage> {
  const where = whereOf(query);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where: query.before ? { AND: [where, { id: { lt: query.before } }] } : where,
      orderBy: { id: "desc" },
      take: query.limit + 1,
      select: {
        id: true,
        at: true,
        action: true,
        entityType: true,
        entityId: true,
        before: true,
        after: true,
        details: true,
        user: { select: { id: true, username: true } },
        environment: { select: { id: true, key: true } },
      },
    }),
    db.auditEvent.count({ where }),
  ]);
  const events = rows.slice(0, query.limit);
  return { events, nextBefore: rows.length > query.limit ? (events.at(-1)?.id ?? null) : null, total };
}

/** The actions that occur, for the filter's choices. */
export async function listAuditActions({ db }: { db: DbClient }): Promise<string[]> {
  // In SQL: Prisma's `distinct` would read every event into memory first.
  const rows = await db.$queryRaw<{ action: string }[]>`SELECT DISTINCT action FROM "AuditEvent" ORDER BY action`;
  return rows.map((r) => r.action);
}
