import type { DbClient } from "@/lib/db/client";

/**
 * Environment.status from the latest run (cancelled ones aside) of its current revision:
 * queued/running while in flight, `verified` when every configuration passed (and there was
 * at least one), `failed` when any did not, `error` when the run itself failed, and
 * `unverified` when the current revision has no run. Every run transition calls this, so
 * the status has one definition and a run of an older revision never changes it.
 */
export async function refreshEnvironmentStatus(db: DbClient, environmentIds: number[]): Promise<void> {
  if (environmentIds.length === 0) return;
  await db.$executeRaw`
    WITH latest AS (
      SELECT e.id,
             COALESCE((
               SELECT CASE r.status
                        WHEN 'queued' THEN 'queued'
                        WHEN 'running' THEN 'running'
                        WHEN 'failed' THEN 'error'
                        ELSE CASE WHEN r.total > 0 AND r.passed = r.total THEN 'verified' ELSE 'failed' END
                      END
                 FROM "VerificationRun" r
                WHERE r."environmentId" = e.id AND r."revisionId" = e."currentRevisionId" AND r.status <> 'cancelled'
                ORDER BY r.id DESC
                LIMIT 1
             ), 'unverified')::"EnvStatus" AS status
        FROM "Environment" e
       WHERE e.id = ANY(${environmentIds}::int[])
    )
    UPDATE "Environment" e
       SET status = latest.status, "updatedAt" = now()
      FROM latest
     WHERE e.id = latest.id AND e.status IS DISTINCT FROM latest.status`;
}
