-- Trigram search over environment names, code ids and task text.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'curator', 'admin');

-- CreateEnum
CREATE TYPE "EnvStatus" AS ENUM ('unverified', 'queued', 'running', 'verified', 'failed', 'error');

-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('pending', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('approve', 'reject');

-- CreateEnum
CREATE TYPE "RejectReason" AS ENUM ('broken_oracle', 'leaks_answer', 'trivial', 'too_hard', 'duplicate', 'unclear_task', 'other');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "FailureKind" AS ENUM ('wrong_answer', 'exception', 'timeout', 'memory', 'syntax_error', 'no_class', 'bad_config', 'crash');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Environment" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "codeId" TEXT NOT NULL,
    "envName" TEXT NOT NULL,
    "subset" TEXT NOT NULL,
    "originalProblem" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "currentRevisionId" INTEGER,
    "status" "EnvStatus" NOT NULL DEFAULT 'unverified',
    "reviewState" "ReviewState" NOT NULL DEFAULT 'pending',
    "searchText" TEXT NOT NULL DEFAULT '',
    "toolCount" INTEGER NOT NULL DEFAULT 0,
    "configCount" INTEGER NOT NULL DEFAULT 0,
    "passCount" INTEGER NOT NULL DEFAULT 0,
    "passRate" DOUBLE PRECISION,
    "stepsMin" INTEGER,
    "stepsMedian" DOUBLE PRECISION,
    "stepsMax" INTEGER,
    "inTrainingWindow" BOOLEAN NOT NULL DEFAULT false,
    "difficulty" DOUBLE PRECISION,
    "failureKinds" "FailureKind"[] DEFAULT ARRAY[]::"FailureKind"[],
    "lastVerifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" SERIAL NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "parentId" INTEGER,
    "sourceCode" TEXT NOT NULL,
    "sourceSha256" TEXT NOT NULL,
    "taskDescription" TEXT NOT NULL,
    "docsBlock" TEXT NOT NULL,
    "className" TEXT,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "authorId" INTEGER,
    "message" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tool" (
    "id" SERIAL NOT NULL,
    "revisionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "actionCode" JSONB,
    "description" TEXT NOT NULL DEFAULT '',
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "returns" TEXT NOT NULL DEFAULT '',
    "exampleOutput" TEXT NOT NULL DEFAULT '',
    "signature" TEXT NOT NULL DEFAULT '',
    "lineStart" INTEGER,
    "lineEnd" INTEGER,

    CONSTRAINT "Tool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskConfig" (
    "id" SERIAL NOT NULL,
    "revisionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "configString" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "refAnswer" JSONB,
    "recordedSteps" INTEGER,
    "recordedTime" DOUBLE PRECISION,
    "recordedMem" DOUBLE PRECISION,
    "bo4Score" DOUBLE PRECISION,
    "bo8Score" DOUBLE PRECISION,
    "trainingIndex" TEXT,
    "dataSource" TEXT,
    "extraInfo" JSONB NOT NULL DEFAULT '{}',
    "lastPassed" BOOLEAN,
    "lastSteps" INTEGER,
    "lastFailureKind" "FailureKind",
    "lastRunId" INTEGER,

    CONSTRAINT "TaskConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationRun" (
    "id" SERIAL NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "revisionId" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "limits" JSONB NOT NULL DEFAULT '{}',
    "requestedById" INTEGER,
    "bulkActionId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "VerificationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationResult" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "configId" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "steps" INTEGER,
    "seconds" DOUBLE PRECISION,
    "peakMemory" BIGINT,
    "failureKind" "FailureKind",
    "message" TEXT NOT NULL DEFAULT '',
    "findings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trace" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewDecision" (
    "id" SERIAL NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "revisionId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "decision" "Decision" NOT NULL,
    "reasonCategory" "RejectReason",
    "reason" TEXT NOT NULL DEFAULT '',
    "override" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnvironmentTag" (
    "environmentId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnvironmentTag_pkey" PRIMARY KEY ("environmentId","tagId")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER,
    "action" TEXT NOT NULL,
    "environmentId" INTEGER,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkAction" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportJob" (
    "id" SERIAL NOT NULL,
    "format" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "manifest" JSONB,
    "filePath" TEXT,
    "error" TEXT,
    "userId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ExportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Environment_key_key" ON "Environment"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Environment_currentRevisionId_key" ON "Environment"("currentRevisionId");

-- CreateIndex
CREATE INDEX "Environment_codeId_idx" ON "Environment"("codeId");

-- CreateIndex
CREATE INDEX "Environment_subset_id_idx" ON "Environment"("subset", "id");

-- CreateIndex
CREATE INDEX "Environment_status_id_idx" ON "Environment"("status", "id");

-- CreateIndex
CREATE INDEX "Environment_reviewState_id_idx" ON "Environment"("reviewState", "id");

-- CreateIndex
CREATE INDEX "Environment_toolCount_id_idx" ON "Environment"("toolCount", "id");

-- CreateIndex
CREATE INDEX "Environment_configCount_id_idx" ON "Environment"("configCount", "id");

-- CreateIndex
CREATE INDEX "Environment_stepsMedian_id_idx" ON "Environment"("stepsMedian", "id");

-- CreateIndex
CREATE INDEX "Environment_stepsMax_id_idx" ON "Environment"("stepsMax", "id");

-- CreateIndex
CREATE INDEX "Environment_passRate_id_idx" ON "Environment"("passRate", "id");

-- CreateIndex
CREATE INDEX "Environment_difficulty_id_idx" ON "Environment"("difficulty", "id");

-- CreateIndex
CREATE INDEX "Environment_lastVerifiedAt_id_idx" ON "Environment"("lastVerifiedAt", "id");

-- CreateIndex
CREATE INDEX "Environment_searchText_idx" ON "Environment" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Environment_failureKinds_idx" ON "Environment" USING GIN ("failureKinds");

-- CreateIndex
CREATE INDEX "Revision_parentId_idx" ON "Revision"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Revision_environmentId_number_key" ON "Revision"("environmentId", "number");

-- CreateIndex
CREATE INDEX "Tool_name_idx" ON "Tool"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Tool_revisionId_position_key" ON "Tool"("revisionId", "position");

-- CreateIndex
CREATE INDEX "TaskConfig_lastSteps_idx" ON "TaskConfig"("lastSteps");

-- CreateIndex
CREATE UNIQUE INDEX "TaskConfig_revisionId_configString_key" ON "TaskConfig"("revisionId", "configString");

-- CreateIndex
CREATE UNIQUE INDEX "TaskConfig_revisionId_position_key" ON "TaskConfig"("revisionId", "position");

-- CreateIndex
CREATE INDEX "VerificationRun_environmentId_id_idx" ON "VerificationRun"("environmentId", "id");

-- CreateIndex
CREATE INDEX "VerificationRun_revisionId_id_idx" ON "VerificationRun"("revisionId", "id");

-- CreateIndex
CREATE INDEX "VerificationRun_status_idx" ON "VerificationRun"("status");

-- CreateIndex
CREATE INDEX "VerificationResult_configId_idx" ON "VerificationResult"("configId");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationResult_runId_configId_key" ON "VerificationResult"("runId", "configId");

-- CreateIndex
CREATE INDEX "ReviewDecision_environmentId_revisionId_idx" ON "ReviewDecision"("environmentId", "revisionId");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

-- CreateIndex
CREATE INDEX "EnvironmentTag_tagId_idx" ON "EnvironmentTag"("tagId");

-- CreateIndex
CREATE INDEX "AuditEvent_environmentId_id_idx" ON "AuditEvent"("environmentId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_id_idx" ON "AuditEvent"("userId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Environment" ADD CONSTRAINT "Environment_currentRevisionId_fkey" FOREIGN KEY ("currentRevisionId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tool" ADD CONSTRAINT "Tool_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskConfig" ADD CONSTRAINT "TaskConfig_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationRun" ADD CONSTRAINT "VerificationRun_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationRun" ADD CONSTRAINT "VerificationRun_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationRun" ADD CONSTRAINT "VerificationRun_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationRun" ADD CONSTRAINT "VerificationRun_bulkActionId_fkey" FOREIGN KEY ("bulkActionId") REFERENCES "BulkAction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationResult" ADD CONSTRAINT "VerificationResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "VerificationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationResult" ADD CONSTRAINT "VerificationResult_configId_fkey" FOREIGN KEY ("configId") REFERENCES "TaskConfig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewDecision" ADD CONSTRAINT "ReviewDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentTag" ADD CONSTRAINT "EnvironmentTag_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentTag" ADD CONSTRAINT "EnvironmentTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkAction" ADD CONSTRAINT "BulkAction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
