import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

// Every change writes one AuditEvent: who, when, what, before and after.
// Actions are `<area>.<verb>`: import.*, revision.*, verify.*, decision.*,
// tag.*, note.*, bulk.*, user.*, setting.* (the area is what /audit filters on).

export interface AuditInput {
  action: string;
  userId: number | null;
  environmentId?: number | null;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

function toRow(e: AuditInput): Prisma.AuditEventCreateManyInput {
  return {
    action: e.action,
    userId: e.userId,
    environmentId: e.environmentId ?? null,
    entityType: e.entityType,
    entityId: String(e.entityId),
    before: json(e.before),
    after: json(e.after),
    details: (e.details ?? {}) as Prisma.InputJsonValue,
  };
}

/** undefined and null both mean "nothing" (a JSON null column would read back as null anyway). */
function json(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (value as Prisma.InputJsonValue);
}

export async function recordAudit({ db, event }: { db: DbClient; event: AuditInput }): Promise<void> {
  await db.auditEvent.create({ data: toRow(event) });
}

export async function recordAudits({ db, events }: { db: DbClient; events: AuditInput[] }): Promise<void> {
  if (events.length) await db.auditEvent.createMany({ data: events.map(toRow) });
}
