-- Indexes for the environment list (lib/environments/queries.ts listEnvironments); bench/list
-- shows the plans they fix.

-- Descending sorts of nullable columns put unknown values (NULL) last, so they need their own
-- order: the ascending (column, id) indexes read backwards would give NULLS FIRST.
-- CreateIndex
CREATE INDEX "Environment_stepsMedian_desc_id_idx" ON "Environment"("stepsMedian" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "Environment_stepsMax_desc_id_idx" ON "Environment"("stepsMax" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "Environment_passRate_desc_id_idx" ON "Environment"("passRate" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "Environment_difficulty_desc_id_idx" ON "Environment"("difficulty" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "Environment_lastVerifiedAt_desc_id_idx" ON "Environment"("lastVerifiedAt" DESC NULLS LAST, "id" DESC);

-- Sorting by key at any offset, index-only (the unique index on key alone lacks the id).
-- CreateIndex
CREATE INDEX "Environment_key_id_idx" ON "Environment"("key", "id");

-- Every scalar filter column in one narrow index: counting under any mix of filters becomes an
-- index-only (skip) scan instead of a scan of the wide table (its rows carry the task text).
-- CreateIndex
CREATE INDEX "Environment_list_filter_idx" ON "Environment"("subset", "status", "reviewState", "toolCount", "configCount", "stepsMedian", "passRate", "difficulty", "inTrainingWindow", "currentRevisionId");

-- The tool-name filter and the stats page's tool names, index-only.
-- CreateIndex
CREATE INDEX "Tool_name_revisionId_idx" ON "Tool"("name", "revisionId");

-- The per-configuration oracle-step filter probes each environment's configurations index-only.
-- CreateIndex
CREATE INDEX "TaskConfig_revisionId_lastSteps_recordedSteps_idx" ON "TaskConfig"("revisionId", "lastSteps", "recordedSteps");
