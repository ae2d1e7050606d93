-- A configuration string can be far longer than a btree entry may be (CodeGym
-- configurations carry whole problem instances), so uniqueness per revision is
-- kept on its sha256 instead of the text itself.

-- DropIndex
DROP INDEX "TaskConfig_revisionId_configString_key";

-- AlterTable
ALTER TABLE "TaskConfig" ADD COLUMN "configSha256" TEXT NOT NULL DEFAULT '';
UPDATE "TaskConfig" SET "configSha256" = encode(sha256(convert_to("configString", 'UTF8')), 'hex');
ALTER TABLE "TaskConfig" ALTER COLUMN "configSha256" DROP DEFAULT;

-- CreateIndex
CREATE UNIQUE INDEX "TaskConfig_revisionId_configSha256_key" ON "TaskConfig"("revisionId", "configSha256");
