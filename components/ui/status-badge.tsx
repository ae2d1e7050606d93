const LABELS: Record<string, string> = {
  unverified: "unverified",
  queued: "queued",
  running: "running",
  verified: "verified",
  failed: "failed",
  error: "error",
  pending: "pending",
  approved: "approved",
  rejected: "rejected",
  passed: "passed",
  succeeded: "succeeded",
  cancelled: "cancelled",
};

/** A coloured status word; colours come from app/globals.css `.badge.<status>`. */
export function StatusBadge({ status, title }: { status: string; title?: string }) {
  return (
    <span className={`badge ${status}`} title={title}>
      {LABELS[status] ?? status.replaceAll("_", " ")}
    </span>
  );
}
