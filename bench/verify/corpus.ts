import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { z } from "zod";

// Only the fields verification needs of CodeGym's environment records.
const recordSchema = z.object({
  code_id: z.string(),
  env_name: z.string(),
  gym_env: z.string(),
  unit_test_list: z.array(z.object({ unit_test: z.string(), solve_fc_round: z.number().nullable().optional() })),
});

export interface CorpusEnvironment {
  key: string;
  code: string;
  configs: string[];
  /** solve_fc_round as recorded in the corpus, per configuration. */
  recordedSteps: (number | null)[];
}

/** Reads `<dir>/records.jsonl` line by line (paper-scale corpora are large). */
export async function readCorpus(dir: string, limit = Infinity): Promise<CorpusEnvironment[]> {
  const file = path.join(dir, "records.jsonl");
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const environments: CorpusEnvironment[] = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    if (environments.length >= limit) break;
    const parsed = recordSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${lineNumber}: ${parsed.error.message}`);
    const record = parsed.data;
    environments.push({
      key: `${record.code_id}__${record.env_name}`,
      code: record.gym_env,
      configs: record.unit_test_list.map((t) => t.unit_test),
      recordedSteps: record.unit_test_list.map((t) => t.solve_fc_round ?? null),
    });
  }
  lines.close();
  return environments;
}

/**
 * Whole environments spread evenly over the corpus, until about `count` configurations: the
 * unit of real work (a run verifies every configuration of one revision), so the pool's
 * load-once-per-environment counts as it does in production.
 */
export function sampleEnvironments(environments: CorpusEnvironment[], count: number): CorpusEnvironment[] {
  const total = environments.reduce((n, e) => n + e.configs.length, 0);
  if (count >= total) return environments;
  const every = Math.max(1, Math.floor(total / count));
  const sample: CorpusEnvironment[] = [];
  let picked = 0;
  for (let i = 0; i < environments.length && picked < count; i += every) {
    const environment = environments[i]!;
    sample.push(environment);
    picked += environment.configs.length;
  }
  return sample;
}

/** Every step-th configuration (spread over the corpus), keeping environments together. */
export function sampleConfigs(environments: CorpusEnvironment[], count: number): CorpusEnvironment[] {
  const total = environments.reduce((n, e) => n + e.configs.length, 0);
  if (count >= total) return environments;
  const step = total / count;
  let position = 0;
  let nextPick = 0;
  const sample: CorpusEnvironment[] = [];
  for (const environment of environments) {
    const picked: number[] = [];
    environment.configs.forEach((_, i) => {
      if (position + i >= nextPick) {
        picked.push(i);
        nextPick += step;
      }
    });
    position += environment.configs.length;
    if (picked.length === 0) continue;
    sample.push({
      ...environment,
      configs: picked.map((i) => environment.configs[i] ?? ""),
      recordedSteps: picked.map((i) => environment.recordedSteps[i] ?? null),
    });
  }
  return sample;
}
