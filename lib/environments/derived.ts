import type { DbClient } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/** CodeGym's training split keeps configurations whose oracle needs 10 to 256 steps. */
export const TRAINING_WINDOW = { minSteps: 10, maxSteps: 256 } as const;

/**
 * Recomputes the stored per-environment figures the list filters and sorts on,
 * from the current revision's tools and configurations. A configuration's steps
 * are those of its latest verification, else the step count its files recorded.
 */
export async function refreshDerived(db: DbClient, environmentIds: number[]): Promise<void> {
  if (environmentIds.length === 0) return;
  await db.$executeRaw(refreshDerivedSql(environmentIds));
}

/** The statement behind refreshDerived, for callers on a plain pg connection (the importer). */
export function refreshDerivedSql(environmentIds: number[]): Prisma.Sql {
  return Prisma.sql`
    WITH cfg AS (
      SELECT e.id AS env_id,
             count(c.id)::int AS configs,
             count(c.id) FILTER (WHERE c."lastPassed")::int AS passed,
             count(c.id) FILTER (WHERE c."lastPassed" IS NOT NULL)::int AS checked,
             min(COALESCE(c."lastSteps", c."recordedSteps")) AS smin,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY COALESCE(c."lastSteps", c."recordedSteps")) AS smed,
             max(COALESCE(c."lastSteps", c."recordedSteps")) AS smax,
             bool_and(COALESCE(c."lastSteps", c."recordedSteps") BETWEEN ${TRAINING_WINDOW.minSteps} AND ${TRAINING_WINDOW.maxSteps}) AS in_window,
             avg(c."bo4Score") AS difficulty,
             COALESCE(array_agg(DISTINCT c."lastFailureKind") FILTER (WHERE c."lastFailureKind" IS NOT NULL), ARRAY[]::"FailureKind"[]) AS kinds
        FROM "Environment" e
        LEFT JOIN "TaskConfig" c ON c."revisionId" = e."currentRevisionId"
       WHERE e.id = ANY(${environmentIds}::int[])
       GROUP BY e.id
    ), tools AS (
      SELECT e.id AS env_id, count(t.id)::int AS tools
        FROM "Environment" e
        LEFT JOIN "Tool" t ON t."revisionId" = e."currentRevisionId"
       WHERE e.id = ANY(${environmentIds}::int[])
       GROUP BY e.id
    )
    UPDATE "Environment" e
       SET "configCount" = cfg.configs,
           "passCount" = cfg.passed,
           "passRate" = CASE WHEN cfg.checked > 0 THEN cfg.passed::float / cfg.configs END,
           "stepsMin" = cfg.smin,
           "stepsMedian" = cfg.smed,
           "stepsMax" = cfg.smax,
           "inTrainingWindow" = COALESCE(cfg.in_window, false),
           "difficulty" = cfg.difficulty,
           "failureKinds" = cfg.kinds,
           "toolCount" = tools.tools,
           "searchText" = lower(e.key || ' ' || COALESCE(r."taskDescription", '')),
           "updatedAt" = now()
      FROM cfg
      JOIN tools ON tools.env_id = cfg.env_id
      LEFT JOIN "Revision" r ON r.id = (SELECT "currentRevisionId" FROM "Environment" WHERE id = cfg.env_id)
     WHERE e.id = cfg.env_id`;
}
