import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { refreshDerived } from "@/lib/environments/derived";
import { runImport } from "@/lib/import/run-import";
import { createSandboxPool } from "@/lib/sandbox";
import { SEED_DIR } from "@/lib/setup/seed";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { createSourceParser, type SourceParser } from "@/lib/tools/parse-sources";
import { DEFAULT_INSTRUCTION_TEXT } from "./instruction-text";
import { expect } from "vitest";
import { manifestFile } from "./formats";
import type { ExportManifest, ExportSummary } from "./manifest";
import { parseExportOptions, type ExportOptionsInput } from "./options";
import { runExport } from "./run-export";

// Shared by the export tests: a real database holding the imported sample
// environments, and a one-call export into a scratch folder.

export interface ExportFixture {
  db: TestDatabase;
  parser: SourceParser;
  dir: string;
  close(): Promise<void>;
}

/** The seed's CodeGym files (the folder also holds build inputs the importer would reject). */
export const SEED_FILES = ["records.jsonl", "sources", "training.jsonl"].map((f) => path.join(SEED_DIR, f));

export async function seededDatabase(paths: string[] = SEED_FILES): Promise<ExportFixture> {
  const db = await createTestDatabase();
  const parser = createSourceParser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-test-"));
  const summary = await runImport({ db: db.prisma, paths, parse: (s) => parser.parse(s) });
  if (summary.rejected > 0) throw new Error(`the seed import rejected ${summary.rejected} items`);
  return {
    db,
    parser,
    dir,
    async close() {
      await parser.close();
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function approveAll(db: TestDatabase): Promise<void> {
  await db.prisma.$executeRaw`UPDATE "Environment" SET "reviewState" = 'approved'`;
}

export async function exportTo(fx: { db: TestDatabase; dir: string }, name: string, input: ExportOptionsInput, instructionText = DEFAULT_INSTRUCTION_TEXT): Promise<{ manifest: ExportSummary; out: string }> {
  const { options, filter } = parseExportOptions(input);
  const out = path.join(fx.dir, name);
  const manifest = await runExport({ url: fx.db.url, options, filter, out, instructionText, who: { userId: null, username: "test", via: "cli" } });
  return { manifest, out };
}

/**
 * Verifies environments for real (the sandbox runs each oracle) and stores the
 * outcome as a verification run does: a run, its results, each configuration's
 * latest figures, the derived columns. The verification service owns this in
 * the app; the export only reads what it leaves behind.
 */
export async function verifyForReal(db: TestDatabase, keys: string[]): Promise<void> {
  const sandbox = await createSandboxPool({ workers: 2 });
  try {
    for (const key of keys) {
      const env = await db.prisma.environment.findUniqueOrThrow({
        where: { key },
        select: { id: true, currentRevision: { select: { id: true, sourceCode: true, configs: { orderBy: { position: "asc" } } } } },
      });
      const rev = env.currentRevision!;
      const results = await sandbox.run({ code: rev.sourceCode, configs: rev.configs.map((c) => c.configString) });
      const run = await db.prisma.verificationRun.create({
        data: { environmentId: env.id, revisionId: rev.id, status: "succeeded", total: results.length, done: results.length, passed: results.filter((r) => r.passed).length, finishedAt: new Date() },
      });
      for (const r of results) {
        const config = rev.configs[r.configIndex]!;
        await db.prisma.verificationResult.create({
          data: { runId: run.id, configId: config.id, passed: r.passed, steps: r.steps, seconds: r.seconds, peakMemory: r.peakMemory === null ? null : BigInt(r.peakMemory), failureKind: r.failureKind, message: r.message },
        });
        await db.prisma.taskConfig.update({ where: { id: config.id }, data: { lastPassed: r.passed, lastSteps: r.steps, lastFailureKind: r.failureKind, lastRunId: run.id } });
      }
      await refreshDerived(db.prisma, [env.id]);
    }
  } finally {
    await sandbox.close();
  }
}

export function readJsonl(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * Reads the manifest file of an export to `out` and checks it against what
 * runExport returned and against the database: the summary plus the two lists,
 * `revisions` naming exactly `keys` (the environments the files hold) with
 * their current revisions, sorted by key, and `revisionIds` the same ids in
 * order; laid out as JSON.stringify(manifest, null, 2) lays it out.
 */
export async function expectManifestFile(fx: { db: TestDatabase }, out: string, summary: ExportSummary, keys: Iterable<string>): Promise<ExportManifest> {
  const text = fs.readFileSync(manifestFile(out), "utf8");
  const manifest = JSON.parse(text) as ExportManifest;
  expect(text).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
  const { revisions, revisionIds, ...rest } = manifest;
  expect(rest).toEqual(summary);
  const wanted = [...new Set(keys)].sort();
  const envs = await fx.db.prisma.environment.findMany({ where: { key: { in: wanted } }, select: { key: true, currentRevisionId: true } });
  const current = new Map(envs.map((e) => [e.key, e.currentRevisionId]));
  expect(Object.entries(revisions)).toEqual(wanted.map((k) => [k, current.get(k)]));
  expect(revisionIds).toEqual(Object.values(revisions).sort((a, b) => a - b));
  expect(revisionIds).toHaveLength(summary.counts.environments);
  return manifest;
}
