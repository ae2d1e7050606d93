import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { refreshDerived } from "@/lib/environments/derived";
import { runImport } from "@/lib/import/run-import";
import { SEED_DIR } from "@/lib/setup/seed";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { createSourceParser } from "@/lib/tools/parse-sources";
import type { FailureKind } from "@/lib/generated/prisma/enums";

// Test support for the read-side tests (lib/environments, lib/stats): a real
// database holding our seed environments, and a way to store a finished
// verification run the way the verifier stores one.

export interface SeedRecord {
  key: string;
  codeId: string;
  subset: string;
  steps: (number | null)[];
}

/** The seed environments, read independently of the importer. */
export function readSeedRecords(): SeedRecord[] {
  return fs
    .readFileSync(path.join(SEED_DIR, "records.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { code_id: string; env_name: string; unit_test_list: { solve_fc_round: number | null }[] };
      return { key: `${r.code_id}__${r.env_name}`, codeId: r.code_id, subset: r.code_id.replace(/_\d+_I$/, ""), steps: r.unit_test_list.map((u) => u.solve_fc_round) };
    });
}

export async function seededTestDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const parser = createSourceParser();
  try {
    // The three CodeGym artifacts only: the folder also holds the seed's build inputs.
    const paths = ["records.jsonl", "sources", "training.jsonl"].map((p) => path.join(SEED_DIR, p));
    const summary = await runImport({ db: db.prisma, paths, parse: (s) => parser.parse(s) });
    if (summary.rejected) throw new Error(`the seed did not import cleanly: ${JSON.stringify(summary.issues)}`);
  } finally {
    await parser.close();
  }
  return db;
}

export interface StoredOutcome {
  passed: boolean;
  steps: number | null;
  failureKind?: FailureKind;
  message?: string;
  calls?: { tool: string; parameters: string; observation: string }[];
  omitted?: number;
}

/** Stores a succeeded run of the current revision with one result per configuration, in position order. */
export async function storeRun(db: Db, key: string, outcomes: StoredOutcome[]): Promise<number> {
  const env = await db.environment.findUniqueOrThrow({
    where: { key },
    select: { id: true, currentRevisionId: true, currentRevision: { select: { configs: { orderBy: { position: "asc" }, select: { id: true } } } } },
  });
  const configs = env.currentRevision!.configs;
  if (configs.length !== outcomes.length) throw new Error(`${key} has ${configs.length} configurations, not ${outcomes.length}`);
  const passed = outcomes.filter((o) => o.passed).length;
  return db.$transaction(async (tx) => {
    const run = await tx.verificationRun.create({
      data: { environmentId: env.id, revisionId: env.currentRevisionId!, status: "succeeded", total: configs.length, done: configs.length, passed, startedAt: new Date(), finishedAt: new Date() },
    });
    for (const [i, o] of outcomes.entries()) {
      const configId = configs[i]!.id;
      await tx.verificationResult.create({
        data: {
          runId: run.id,
          configId,
          passed: o.passed,
          steps: o.steps,
          seconds: 0.01 * (i + 1),
          peakMemory: BigInt(1_000_000 + i),
          failureKind: o.failureKind ?? null,
          message: o.message ?? (o.passed ? "Result: Correct, reward=1" : "Result: Incorrect, reward=0"),
          trace: o.calls ? { calls: o.calls, omitted: o.omitted ?? 0 } : undefined,
        },
      });
      await tx.taskConfig.update({ where: { id: configId }, data: { lastPassed: o.passed, lastSteps: o.steps, lastFailureKind: o.failureKind ?? null, lastRunId: run.id } });
    }
    await tx.environment.update({ where: { id: env.id }, data: { status: passed === configs.length ? "verified" : "failed", lastVerifiedAt: new Date() } });
    await refreshDerived(tx, [env.id]);
    return run.id;
  });
}
