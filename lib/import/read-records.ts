import fs from "node:fs";
import type { z } from "zod";
import { canonicalOptions, parseConfigString } from "@/lib/codegym/config-string";
import { envKey } from "@/lib/codegym/identity";
import { envRecordSchema, type EnvRecord } from "@/lib/codegym/schemas";
import { issue, type IncomingConfig, type Origin, type ReadItem } from "./contributions";
import { formatBytes, readLines } from "./lines";

/** A .json file is parsed whole, so it is capped; JSONL has no such limit. */
export const MAX_JSON_FILE_BYTES = 256 * 1024 * 1024;

export async function* readRecordsJsonl(file: string): AsyncGenerator<ReadItem> {
  for await (const line of readLines(file)) {
    const origin = { file, line: line.line };
    if ("error" in line) {
      yield issue(origin, line.error);
      continue;
    }
    const value = parseJson(line.text);
    if (!value.ok) yield issue(origin, value.error);
    else yield* recordItems(value.value, origin);
  }
}

/** A .json file holding one record or a list of them; `field` paths start with the list index. */
export async function* readRecordsJson(file: string): AsyncGenerator<ReadItem> {
  const size = fs.statSync(file).size;
  if (size > MAX_JSON_FILE_BYTES) {
    yield issue({ file }, `file is ${formatBytes(size)}, over the ${formatBytes(MAX_JSON_FILE_BYTES)} limit for .json; write it as JSONL (one record per line)`);
    return;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    yield issue({ file }, "not valid UTF-8");
    return;
  }
  const value = parseJson(text);
  if (!value.ok) {
    yield issue({ file }, value.error);
    return;
  }
  const list = Array.isArray(value.value) ? value.value : [value.value];
  for (const [i, item] of list.entries()) {
    yield* recordItems(item, { file }, Array.isArray(value.value) ? `[${i}]` : "");
  }
}

function* recordItems(value: unknown, origin: Origin, fieldPrefix = ""): Generator<ReadItem> {
  const parsed = envRecordSchema.safeParse(value);
  if (!parsed.success) {
    yield* zodIssues(parsed.error, origin, fieldPrefix);
    return;
  }
  const record = parsed.data;
  const { configs, problems } = recordConfigs(record);
  for (const p of problems) yield issue(origin, p.message, join(fieldPrefix, p.field));
  yield {
    kind: "env",
    key: envKey(record.code_id, record.env_name),
    codeId: record.code_id,
    envName: record.env_name,
    source: record.gym_env,
    task: record.gym_task,
    configs,
    origin,
  };
}

function recordConfigs(record: EnvRecord) {
  const configs: IncomingConfig[] = [];
  const problems: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  record.unit_test_list.forEach((test, i) => {
    const field = `unit_test_list.${i}.unit_test`;
    const parsed = parseConfigString(test.unit_test);
    if (!parsed.ok) return problems.push({ field, message: parsed.error });
    if (parsed.envName !== record.env_name) {
      return problems.push({ field, message: `configuration names class ${parsed.envName}, but the record's env_name is ${record.env_name}` });
    }
    const canonical = canonicalOptions(parsed.options);
    const first = seen.get(canonical);
    if (first !== undefined) return problems.push({ field, message: `duplicate configuration (same options as unit_test_list.${first})` });
    seen.set(canonical, i);
    configs.push({
      configString: test.unit_test,
      canonical,
      options: parsed.options,
      refAnswer: test.ref_answer,
      recordedSteps: test.solve_fc_round ?? null,
      recordedTime: test.time ?? null,
      recordedMem: test.mem ?? null,
    });
  });
  return { configs, problems };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `malformed JSON: ${(error as Error).message}` };
  }
}

export function* zodIssues(error: z.ZodError, origin: Origin, fieldPrefix = ""): Generator<ReadItem> {
  for (const i of error.issues.slice(0, 5)) {
    yield issue(origin, i.message, join(fieldPrefix, i.path.join(".")) || undefined);
  }
}

function join(prefix: string, field: string): string {
  if (!prefix) return field;
  return field ? `${prefix}.${field}` : prefix;
}
