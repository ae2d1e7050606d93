// Verification throughput: CodeGym's way (a fresh sandboxed interpreter per configuration)
// against our pool of persistent workers, on the same configurations, with the verdicts and
// oracle step counts checked to be identical.
//
//   npx tsx bench/verify/run.ts [--dir DIR ...] [--workers N] [--limit ENVS]
//                               [--baseline-limit CONFIGS] [--whole-envs] [--full] [--rounds N] [--fork-each]
//
// --dir holds records.jsonl (default prisma/seed; repeat it to compare on several corpora in one
// run, e.g. the sample environments and bench/out/corpus); --limit reads only its first ENVS records;
// --baseline-limit compares on a sample of CONFIGS spread over the corpus (the baseline is
// slow); --whole-envs samples whole environments instead (every configuration of each, as a
// run verifies them); --full then verifies the whole corpus with the pool alone; --fork-each makes
// the pool fork a child for every configuration (no runs in the host). Exits 1 on a mismatch.
// Baseline and pool take turns over --rounds slices of the sample (default 3), so load from
// other processes on a shared machine weighs on both alike.
import os from "node:os";
import { parseArgs } from "node:util";
import { createBaselineVerifier, createSandboxPool, type Verifier } from "../../lib/sandbox";
import { countKinds, describeVerdict, sameVerdict, verdictOf, type Mismatch, type Verdict } from "./compare";
import { readCorpus, sampleConfigs, sampleEnvironments, type CorpusEnvironment } from "./corpus";

const MAX_MISMATCHES_SHOWN = 20;

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", multiple: true, default: ["prisma/seed"] },
    workers: { type: "string" },
    limit: { type: "string" },
    "baseline-limit": { type: "string" },
    full: { type: "boolean", default: false },
    "whole-envs": { type: "boolean", default: false },
    rounds: { type: "string" },
    "fork-each": { type: "boolean", default: false },
  },
});

interface Timed {
  /** By environment index in the sample. */
  verdicts: Verdict[][];
  seconds: number;
}

/** Verifies the environments at `indices`, a few jobs in flight so memory stays flat. */
async function verifySome(
  verifier: Verifier,
  environments: CorpusEnvironment[],
  indices: number[],
  into: Timed,
  inFlight: number,
): Promise<void> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < indices.length) {
      const index = indices[next++] ?? 0;
      const environment = environments[index];
      if (!environment) continue;
      const results = await verifier.run({ code: environment.code, configs: environment.configs });
      into.verdicts[index] = results.map(verdictOf);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  into.seconds += (performance.now() - started) / 1000;
}

function emptyTimed(): Timed {
  return { verdicts: [], seconds: 0 };
}

function configCount(environments: CorpusEnvironment[]): number {
  return environments.reduce((n, e) => n + e.configs.length, 0);
}

function rate(configs: number, seconds: number): string {
  return `${configs} configs in ${seconds.toFixed(2)} s = ${(configs / seconds).toFixed(1)} configs/s`;
}

function findMismatches(environments: CorpusEnvironment[], baseline: Timed, pool: Timed): Mismatch[] {
  const mismatches: Mismatch[] = [];
  environments.forEach((environment, e) => {
    environment.configs.forEach((config, c) => {
      const a = baseline.verdicts[e]?.[c];
      const b = pool.verdicts[e]?.[c];
      if (a && b && sameVerdict(a, b)) return;
      const missing: Verdict = { failureKind: null, steps: null };
      mismatches.push({ key: environment.key, config, baseline: a ?? missing, pool: b ?? missing });
    });
  });
  return mismatches;
}

function recordedStepsAgreement(environments: CorpusEnvironment[], run: Timed): string {
  let recorded = 0;
  let equal = 0;
  environments.forEach((environment, e) => {
    environment.recordedSteps.forEach((steps, c) => {
      const verdict = run.verdicts[e]?.[c];
      if (steps === null || !verdict || verdict.failureKind !== null) return;
      recorded++;
      if (verdict.steps === steps) equal++;
    });
  });
  return `${equal}/${recorded} passing configurations match the corpus's recorded solve_fc_round`;
}

function count(option: string, value: string | undefined, otherwise: number): number {
  if (value === undefined) return otherwise;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${option} wants a positive integer, not ${value}`);
  return n;
}

/** Compares on one corpus; true when every verdict matched. */
async function compareOn(dir: string, workers: number): Promise<boolean> {
  const all = await readCorpus(dir, count("limit", args.limit, Infinity));
  const sampleSize = count("baseline-limit", args["baseline-limit"], Infinity);
  const sample = sampleSize === Infinity ? all : args["whole-envs"] ? sampleEnvironments(all, sampleSize) : sampleConfigs(all, sampleSize);
  console.log(`corpus ${dir}: ${all.length} environments, ${configCount(all)} configurations`);
  console.log(`comparing on ${configCount(sample)} configurations of ${sample.length} environments, ${workers} cores\n`);

  const inFlight = workers * 4;
  const rounds = Math.min(count("rounds", args.rounds, 3), sample.length);
  const startedPool = performance.now();
  const pool = await createSandboxPool({ workers, runInHost: !args["fork-each"] });
  console.log(`pool start (${workers} workers): ${((performance.now() - startedPool) / 1000).toFixed(2)} s`);
  const baselineVerifier = createBaselineVerifier({ concurrency: workers });
  const baseline = emptyTimed();
  const pooled = emptyTimed();
  for (let round = 0; round < rounds; round++) {
    const indices = sample.map((_, i) => i).filter((i) => i % rounds === round);
    await verifySome(baselineVerifier, sample, indices, baseline, inFlight);
    await verifySome(pool, sample, indices, pooled, inFlight);
  }
  await baselineVerifier.close();
  const compared = configCount(sample);
  console.log(`baseline (fresh interpreter per configuration, ${workers} at a time): ${rate(compared, baseline.seconds)}`);
  const { configs: poolConfigs, inHost } = pool.stats();
  console.log(`pool (${workers} persistent workers): ${rate(compared, pooled.seconds)}`);
  console.log(`  ${inHost} of ${poolConfigs} configurations run by their environment's host itself (the rest in a forked child each)`);
  console.log(`speed-up: ${(baseline.seconds / pooled.seconds).toFixed(1)}x (over ${rounds} alternating rounds)\n`);

  const mismatches = findMismatches(sample, baseline, pooled);
  const total = configCount(sample);
  console.log(`verdicts and step counts identical: ${total - mismatches.length}/${total}`);
  console.log(`  baseline: ${countKinds(baseline.verdicts.flat())}`);
  console.log(`  pool:     ${countKinds(pooled.verdicts.flat())}`);
  console.log(`  ${recordedStepsAgreement(sample, pooled)}`);
  for (const m of mismatches.slice(0, MAX_MISMATCHES_SHOWN)) {
    const verdicts = `baseline ${describeVerdict(m.baseline)}; pool ${describeVerdict(m.pool)}`;
    console.log(`  MISMATCH ${m.key} ${m.config.slice(0, 80)}: ${verdicts}`);
  }
  if (mismatches.length > MAX_MISMATCHES_SHOWN) console.log(`  ... and ${mismatches.length - MAX_MISMATCHES_SHOWN} more`);

  if (args.full) {
    const full = emptyTimed();
    const before = pool.stats();
    await verifySome(pool, all, all.map((_, i) => i), full, inFlight);
    const after = pool.stats();
    console.log(`\nfull corpus, pool only: ${rate(configCount(all), full.seconds)}`);
    console.log(`  ${after.inHost - before.inHost} of ${after.configs - before.configs} configurations run by their environment's host itself`);
    console.log(`  ${countKinds(full.verdicts.flat())}`);
  }
  await pool.close();
  return mismatches.length === 0;
}

async function main(): Promise<void> {
  const workers = count("workers", args.workers, os.availableParallelism());
  let identical = true;
  for (const [i, dir] of args.dir.entries()) {
    if (i > 0) console.log("");
    identical = (await compareOn(dir, workers)) && identical;
  }
  process.exitCode = identical ? 0 : 1;
}

await main();
