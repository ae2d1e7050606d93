import { BULK_TRANSACTION, type Db } from "@/lib/db/client";
import { refreshDerived } from "@/lib/environments/derived";
import type { ParsedSource } from "@/lib/tools/parsed-source-schema";
import type { ConfigContribution, EnvContribution, ImportIssue, ReadItem } from "./contributions";
import { resolveInputs } from "./inputs";
import { writeConfigBatch } from "./write-training";
import { writeEnvBatch, type EnvOutcome } from "./write-envs";

export const ENV_BATCH_SIZE = 500;
export const CONFIG_BATCH_SIZE = 5000;

export interface ImportSummary {
  environments: { new: number; changed: number; unchanged: number };
  revisionsCreated: number;
  configurations: { added: number; updated: number; unchanged: number };
  itemsRead: number;
  rejected: number;
  issues: ImportIssue[];
}

export interface ImportProgress {
  file: string;
  itemsRead: number;
}

export interface ImportOptions {
  db: Db;
  paths: string[];
  parse: (source: string) => Promise<ParsedSource>;
  userId?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Issues beyond this many are counted but not kept, so a hopeless file cannot exhaust memory. */
  maxIssuesKept?: number;
}

/**
 * Imports any mix of CodeGym files, streaming each and writing in batches,
 * each batch in its own transaction: a bad line is reported and skipped, and
 * what was stored before (or in earlier batches) is never lost.
 */
export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const { db, parse } = opts;
  const maxIssues = opts.maxIssuesKept ?? 1000;
  const outcomes = new Map<string, EnvOutcome>();
  const summary: ImportSummary = {
    environments: { new: 0, changed: 0, unchanged: 0 },
    revisionsCreated: 0,
    configurations: { added: 0, updated: 0, unchanged: 0 },
    itemsRead: 0,
    rejected: 0,
    issues: [],
  };
  const report = (i: ImportIssue) => {
    summary.rejected++;
    if (summary.issues.length < maxIssues) summary.issues.push(i);
  };
  const recordOutcome = (key: string, outcome: EnvOutcome) => {
    const before = outcomes.get(key);
    if (before === "new" || (before === "changed" && outcome === "unchanged")) return;
    outcomes.set(key, outcome);
  };

  const { inputs, problems } = await resolveInputs(opts.paths);
  for (const p of problems) if (p.kind === "issue") report(p.issue);
  const missingReported = new Set<string>();

  for (const input of inputs) {
    const firstSeen = new Map<string, number | undefined>();
    let envBatch: EnvContribution[] = [];
    let configBatch: ConfigContribution[] = [];

    const flushEnvs = async () => {
      if (!envBatch.length) return;
      const batch = envBatch;
      envBatch = [];
      const result = await db.$transaction(async (tx) => {
        const r = await writeEnvBatch(tx, batch, parse);
        await refreshDerived(tx, r.touchedIds);
        return r;
      }, BULK_TRANSACTION);
      for (const [key, outcome] of result.outcomes) recordOutcome(key, outcome);
      summary.revisionsCreated += result.revisionsCreated;
      summary.configurations.added += result.configsAdded;
      summary.configurations.updated += result.configsUpdated;
    };
    const flushConfigs = async () => {
      if (!configBatch.length) return;
      const batch = configBatch;
      configBatch = [];
      const result = await db.$transaction(async (tx) => {
        const r = await writeConfigBatch(tx, batch, missingReported);
        await refreshDerived(tx, [...r.changedEnvIds]);
        return r;
      }, BULK_TRANSACTION);
      for (const key of new Set(batch.map((c) => c.key))) recordOutcome(key, result.changedKeys.has(key) ? "changed" : "unchanged");
      summary.configurations.added += result.configsAdded;
      summary.configurations.updated += result.configsUpdated;
      summary.configurations.unchanged += result.configsUnchanged;
      result.issues.forEach(report);
    };

    for await (const item of input.read() as AsyncGenerator<ReadItem>) {
      summary.itemsRead++;
      if (summary.itemsRead % 1000 === 0) opts.onProgress?.({ file: input.path, itemsRead: summary.itemsRead });
      if (item.kind === "issue") {
        report(item.issue);
      } else if (item.kind === "env") {
        const dupe = duplicateOf(firstSeen, item.key, item.origin.line);
        if (dupe) report({ ...item.origin, field: "code_id", message: `duplicate environment ${item.key}${dupe}; the first one is kept` });
        else {
          envBatch.push(item);
          if (envBatch.length >= ENV_BATCH_SIZE) await flushEnvs();
        }
      } else {
        const dupe = duplicateOf(firstSeen, `${item.key}\u0000${item.config.canonical}`, item.origin.line);
        if (dupe) report({ ...item.origin, field: "ability", message: `duplicate configuration ${item.config.configString} of ${item.key}${dupe}` });
        else {
          configBatch.push(item);
          if (configBatch.length >= CONFIG_BATCH_SIZE) await flushConfigs();
        }
      }
    }
    await flushEnvs();
    await flushConfigs();
    opts.onProgress?.({ file: input.path, itemsRead: summary.itemsRead });
  }

  for (const outcome of outcomes.values()) summary.environments[outcome]++;
  await db.auditEvent.create({
    data: {
      action: "import.run",
      userId: opts.userId ?? null,
      entityType: "import",
      entityId: opts.paths.join(" ").slice(0, 500),
      after: { environments: summary.environments, configurations: summary.configurations, rejected: summary.rejected },
      details: { paths: opts.paths },
    },
  });
  return summary;
}

function duplicateOf(firstSeen: Map<string, number | undefined>, id: string, line: number | undefined): string | null {
  if (!firstSeen.has(id)) {
    firstSeen.set(id, line);
    return null;
  }
  const first = firstSeen.get(id);
  return first !== undefined ? ` (first at line ${first})` : " (seen before in this input)";
}
