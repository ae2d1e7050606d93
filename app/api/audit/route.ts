import { route } from "@/lib/api/route";
import { listAuditEvents } from "@/lib/audit/list";
import { auditQuerySchema } from "@/lib/audit/schema";
import { prisma } from "@/lib/db/client";

/** Audit events, newest first: ?action=decision,tag.add&user=&environment=<key>&from=&to=&before=<id>&limit= */
export const GET = route({ role: "viewer", query: auditQuerySchema }, async ({ query }) => listAuditEvents({ db: prisma(), query }));
