import crypto from "node:crypto";
import pg from "pg";
import { connectionUrlOf, type Db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/raw-pg";
import type { ParsedSource } from "@/lib/tools/parsed-source-schema";
import type { ConfigContribution, EnvContribution, ImportIssue, ReadItem } from "./contributions";
import { resolveInputs, type Input } from "./inputs";
import { TrainingAhead, type TrainingAheadInput } from "./training-ahead";
import { WritePipeline } from "./write-pipeline";
import { writeConfigBatch } from "./write-training";
import { prepareEnvBatch, writeEnvBatch, type EnvOutcome } from "./write-envs";

export const ENV_BATCH_SIZE = 500;
export const CONFIG_BATCH_SIZE = 5000;
/** Batches read ahead of the one being written: parsing and reading overlap the writes. */
const PIPELINE_DEPTH = 3;
/** Re-running an import is safe, so a batch need not wait for its commit to reach disk; the
 * final audit event commits normally, which flushes every batch before it (WAL is sequential). */
const RELAXED = { relaxedCommit: true };

export interface ImportSummary {
  environments: { new: number; changed: number; unchanged: number };
  revisionsCreated: number;
  /** Sources sent to the Python parser: new or changed code only, never a source already stored. */
  sourcesParsed: number;
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
  /** The database's connection string, for the COPY connections; by default the one `db` was made with. */
  url?: string;
  paths: string[];
  parse: (source: string) => Promise<ParsedSource>;
  userId?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Issues beyond this many are counted but not kept, so a hopeless file cannot exhaust memory. */
  maxIssuesKept?: number;
  /** Bound of the training rows read ahead of the environments (TRAINING_AHEAD_BYTES by default). */
  trainingAheadBytes?: number;
}

/**
 * Imports any mix of CodeGym files, streaming each and writing in batches,
 * each batch in its own transaction: a bad line is reported and skipped, and
 * what was stored before (or in earlier batches) is never lost. Reading and
 * parsing run ahead of the writes by a few batches, no more.
 */
export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const pool = new pg.Pool({ connectionString: opts.url ?? connectionUrlOf(opts.db), max: 3, application_name: "curator-import" });
  const pipeline = new WritePipeline(PIPELINE_DEPTH);
  try {
    return await importInto(pool, pipeline, opts);
  } finally {
    await pipeline.settle();
    await pool.end();
  }
}

async function importInto(pool: pg.Pool, pipeline: WritePipeline, opts: ImportOptions): Promise<ImportSummary> {
  const { parse } = opts;
  const maxIssues = opts.maxIssuesKept ?? 1000;
  const outcomes = new Map<string, EnvOutcome>();
  const summary: ImportSummary = {
    environments: { new: 0, changed: 0, unchanged: 0 },
    revisionsCreated: 0,
    sourcesParsed: 0,
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

  const ahead = new TrainingAhead(opts.trainingAheadBytes);
  const readAhead = await readTrainingAhead(inputs, ahead, summary, report, opts.onProgress);

  for (const input of inputs) {
    const early = readAhead.get(input);
    const firstSeen = early?.firstSeen ?? new Map<string, number | undefined>();
    let envBatch: EnvContribution[] = [];
    let configBatch: ConfigContribution[] = [];

    const flushEnvs = async () => {
      if (!envBatch.length) return;
      const batch = envBatch;
      envBatch = [];
      await pipeline.add(prepareEnvBatch(pool, batch, parse), async (prepared) => {
        const result = await inTransaction(pool, (tx) => writeEnvBatch(tx, prepared, parse), RELAXED);
        for (const [key, outcome] of result.outcomes) recordOutcome(key, outcome);
        summary.revisionsCreated += result.revisionsCreated;
        summary.sourcesParsed += result.sourcesParsed;
        summary.configurations.added += result.configsAdded;
        summary.configurations.updated += result.configsUpdated;
        summary.configurations.unchanged += result.configsUnchanged;
      });
    };
    const flushConfigs = async () => {
      if (!configBatch.length) return;
      const batch = configBatch;
      configBatch = [];
      await pipeline.add(Promise.resolve(batch), async (batch) => {
        const result = await inTransaction(pool, (tx) => writeConfigBatch(tx, batch, missingReported), RELAXED);
        for (const key of new Set(batch.map((c) => c.key))) {
          // A key with no stored environment is no environment of the summary, only a rejected row.
          if (!missingReported.has(key)) recordOutcome(key, result.changedKeys.has(key) ? "changed" : "unchanged");
        }
        summary.configurations.added += result.configsAdded;
        summary.configurations.updated += result.configsUpdated;
        summary.configurations.unchanged += result.configsUnchanged;
        result.issues.forEach(report);
      });
    };
    const addConfig = async (item: ConfigContribution) => {
      configBatch.push(item);
      if (configBatch.length >= CONFIG_BATCH_SIZE) await flushConfigs();
    };

    // Rows read ahead were counted and checked then; those an environment of this run took are written already.
    if (early) for (const row of ahead.leftOver(early.first, early.end)) await addConfig(row);
    for await (const item of early?.rest ?? (input.read() as AsyncGenerator<ReadItem>)) {
      summary.itemsRead++;
      if (summary.itemsRead % 1000 === 0) opts.onProgress?.({ file: input.path, itemsRead: summary.itemsRead });
      if (item.kind === "issue") {
        report(item.issue);
      } else if (item.kind === "env") {
        const dupe = duplicateOf(firstSeen, item.key, item.origin.line);
        if (dupe) report({ ...item.origin, field: "code_id", message: `duplicate environment ${item.key}${dupe}; the first one is kept` });
        else {
          envBatch.push(ahead.mergeInto(item));
          if (envBatch.length >= ENV_BATCH_SIZE) await flushEnvs();
        }
      } else {
        const dupe = checkConfigDuplicate(firstSeen, item, report);
        if (!dupe) await addConfig(item);
      }
    }
    await flushEnvs();
    await flushConfigs();
    // The next input's lookups must see everything this one wrote.
    await pipeline.drain();
    opts.onProgress?.({ file: input.path, itemsRead: summary.itemsRead });
  }

  for (const outcome of outcomes.values()) summary.environments[outcome]++;
  // On the import's own connection: the CLI then never starts Prisma's query engine at all.
  await pool.query(
    `INSERT INTO "AuditEvent" (action, "userId", "entityType", "entityId", after, details) VALUES ('import.run', $1, 'import', $2, $3, $4)`,
    [
      opts.userId ?? null,
      opts.paths.join(" ").slice(0, 500),
      JSON.stringify({ environments: summary.environments, configurations: summary.configurations, rejected: summary.rejected }),
      JSON.stringify({ paths: opts.paths }),
    ],
  );
  return summary;
}

/**
 * When a run imports environments as well as training rows, reads the training
 * inputs first (up to TRAINING_AHEAD_LIMIT rows), reporting their bad lines and
 * duplicates as it goes, so the environments can take their rows in their one
 * insert. What is not read yet stays in each input's reader for its turn.
 */
async function readTrainingAhead(
  inputs: Input[],
  ahead: TrainingAhead,
  summary: ImportSummary,
  report: (i: ImportIssue) => void,
  onProgress: ImportOptions["onProgress"],
): Promise<Map<Input, TrainingAheadInput>> {
  const started = new Map<Input, TrainingAheadInput>();
  if (!inputs.some((i) => i.kind !== "training")) return started;
  for (const input of inputs.filter((i) => i.kind === "training")) {
    if (ahead.full) break;
    const state: TrainingAheadInput = { input, firstSeen: new Map(), first: ahead.seal(), end: 0, rest: input.read() };
    started.set(input, state);
    while (!ahead.full) {
      const next = await state.rest.next();
      if (next.done) break;
      const item = next.value;
      summary.itemsRead++;
      if (summary.itemsRead % 1000 === 0) onProgress?.({ file: input.path, itemsRead: summary.itemsRead });
      if (item.kind === "issue") report(item.issue);
      else if (item.kind === "config" && !checkConfigDuplicate(state.firstSeen, item, report)) ahead.hold(item);
    }
    state.end = ahead.seal();
  }
  return started;
}

/** Reports a configuration seen before in the same input; true when it is such a duplicate. */
function checkConfigDuplicate(firstSeen: Map<string, number | undefined>, item: ConfigContribution, report: (i: ImportIssue) => void): boolean {
  const dupe = duplicateOf(firstSeen, configIdentity(item), item.origin.line);
  if (dupe) report({ ...item.origin, field: "ability", message: `duplicate configuration ${item.config.configString} of ${item.key}${dupe}` });
  return dupe !== null;
}

/** A digest rather than the options text, so the duplicate check stays small for a file of any size. */
function configIdentity(item: ConfigContribution): string {
  return crypto.createHash("sha1").update(item.key).update("\u0000").update(item.config.canonical).digest("base64");
}

function duplicateOf(firstSeen: Map<string, number | undefined>, id: string, line: number | undefined): string | null {
  if (!firstSeen.has(id)) {
    firstSeen.set(id, line);
    return null;
  }
  const first = firstSeen.get(id);
  return first !== undefined ? ` (first at line ${first})` : " (seen before in this input)";
}
