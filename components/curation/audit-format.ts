// How an audit event reads in a list: one line of what happened, the rest on demand.

export interface AuditLike {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  details: unknown;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function summarize(e: AuditLike): string {
  const a = obj(e.after);
  const b = obj(e.before);
  const d = obj(e.details);
  switch (e.action) {
    case "revision.create":
    case "revision.restore":
      return `revision ${String(b.number ?? "?")} → ${String(a.number ?? "?")}${d.message ? `: ${String(d.message)}` : ""}`;
    case "decision.approve":
      return `approved${a.override ? " (override: not verified)" : ""}; review ${String(b.reviewState)} → ${String(a.reviewState)}`;
    case "decision.reject":
      return `rejected as ${String(a.reasonCategory)}${a.reason ? `: ${String(a.reason)}` : ""}; review ${String(b.reviewState)} → ${String(a.reviewState)}`;
    case "tag.add":
      return `tagged ${e.entityId}`;
    case "tag.remove":
      return `untagged ${e.entityId}`;
    case "note.update":
      return "notes changed";
    case "user.create":
      return `created user ${String(a.username)} (${String(a.role)})`;
    case "user.update":
      return `user ${String(d.username ?? e.entityId)}: ${[b.role !== a.role ? `role ${String(b.role)} → ${String(a.role)}` : "", b.disabled !== a.disabled ? (a.disabled ? "disabled" : "enabled") : "", d.passwordReset ? "password reset" : ""].filter(Boolean).join(", ") || "no change"}`;
    case "setting.update":
      return `${e.entityId}: ${JSON.stringify(b.value)} → ${JSON.stringify(a.value)}`;
    case "bulk.start":
      return `bulk ${String(a.kind)} on ${String(a.total)} environments (filter ${String(a.filter) || "none"})`;
    case "bulk.finish":
      return `bulk ${String(a.kind)} finished: ${String(a.changed)} changed, ${String(a.skipped)} skipped`;
    case "import.create":
      return `imported (revision ${String(a.number ?? 1)}, ${String(a.configs ?? "?")} configurations)`;
    case "import.revision":
      return `import changed the source (revision ${String(a.number)})`;
    case "import.configs":
      return `import added ${String(a.added)} configurations`;
    default:
      return Object.keys(a).length ? JSON.stringify(a).slice(0, 160) : `${e.entityType} ${e.entityId}`;
  }
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
