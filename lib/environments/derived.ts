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

/**
 * The statement behind refreshDerived, for callers on a plain pg connection (the
 * importer). `currentRevisionIds`, parallel to the ids (null: keep), moves
 * environments to a new current revision in the same row update: every column
 * of Environment is indexed, so one update instead of two halves the index work.
 */
export function refreshDerivedSql(environmentIds: number[], currentRevisionIds?: (number | null)[]): Prisma.Sql {
  const revisions = currentRevisionIds ?? environmentIds.map(() => null);
  return Prisma.sql`
    WITH target AS (
      SELECT DISTINCT ON (t.id) t.id, COALESCE(t.rev, e."currentRevisionId") AS rev
        FROM unnest(${environmentIds}::int[], ${revisions}::int[]) AS t(id, rev)
        JOIN "Environment" e ON e.id = t.id
       ORDER BY t.id, t.rev NULLS LAST
    ), cfg AS (
      SELECT t.id AS env_id,
             count(c.id)::int AS configs,
             count(c.id) FILTER (WHERE c."lastPassed")::int AS passed,
             count(c.id) FILTER (WHERE c."lastPassed" IS NOT NULL)::int AS checked,
             min(COALESCE(c."lastSteps", c."recordedSteps")) AS smin,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY COALESCE(c."lastSteps", c."recordedSteps")) AS smed,
             max(COALESCE(c."lastSteps", c."recordedSteps")) AS smax,
             bool_and(COALESCE(c."lastSteps", c."recordedSteps") BETWEEN ${TRAINING_WINDOW.minSteps} AND ${TRAINING_WINDOW.maxSteps}) AS in_window,
             avg(c."bo4Score") AS difficulty,
             COALESCE(array_agg(DISTINCT c."lastFailureKind") FILTER (WHERE c."lastFailureKind" IS NOT NULL), ARRAY[]::"FailureKind"[]) AS kinds
        FROM target t
        LEFT JOIN "TaskConfig" c ON c."revisionId" = t.rev
       GROUP BY t.id
    ), tools AS (
      SELECT t.id AS env_id, count(tl.id)::int AS tools
        FROM target t
        LEFT JOIN "Tool" tl ON tl."revisionId" = t.rev
       GROUP BY t.id
    )
    UPDATE "Environment" e
       SET "currentRevisionId" = t.rev,
           "configCount" = cfg.configs,
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
      FROM target t
      JOIN cfg ON cfg.env_id = t.id
      JOIN tools ON tools.env_id = t.id
      LEFT JOIN "Revision" r ON r.id = t.rev
     WHERE e.id = t.id`;
}
