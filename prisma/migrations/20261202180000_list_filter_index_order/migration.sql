-- The list's counting index with its low-cardinality columns first (training window, status,
-- review state, subset): equality filters on them become index conditions that a skip scan can
-- use, so counts under combined filters stay index-only and clearly cheaper than a table scan
-- (bench/list: the planner had chosen a scan of the wide table for window=in&pass_min=1).

-- DropIndex
DROP INDEX "Environment_list_filter_idx";

-- CreateIndex
CREATE INDEX "Environment_list_filter_idx" ON "Environment"("inTrainingWindow", "status", "reviewState", "subset", "toolCount", "configCount", "passRate", "difficulty", "stepsMedian", "currentRevisionId");
