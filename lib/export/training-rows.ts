import { formatAbility } from "@/lib/codegym/config-string";
import { QUESTION_MARKER } from "@/lib/codegym/schemas";
import type { ResolvedExportOptions } from "./options";
import type { ConfigFields, EnvRef } from "./select-sql";

export const REWARD_MODEL = { style: "agent_env", ground_truth: null } as const;
export const ANSWER_PLACEHOLDER = "There is no answer";

/** The JSONL text of a row around its configuration's own values, fixed per environment (see jsonl-writer.ts). */
export interface JsonlPieces {
  head: Buffer;
  /** The middle, in parts written one after another (views of the revision's texts among them, so they are not copied per revision). */
  mid: Buffer[];
  midLength: number;
}

/** A revision's texts as the Parquet writer takes them: UTF-8, shared by the revision's rows. */
export interface ParquetPieces {
  system: Buffer;
  /** The user message is these two one after the other: the instruction text with the question marker (the same in every row), and the task. */
  instruction: Buffer;
  task: Buffer;
  codeId: Buffer;
  /** `codegym_v1@<key>@`, to which each row's options text is appended. */
  abilityPrefix: Buffer;
}

/**
 * What a row needs of its revision, made once per revision in the form its
 * writer takes: the two encoded pieces of a JSONL line (which hold the
 * prompt), or the Parquet texts; only one of them, so memory holds no more than it must.
 */
export interface RevisionPieces {
  jsonl: JsonlPieces | null;
  parquet: ParquetPieces | null;
}

/** Everything one veRL row holds: its environment, its configuration's values, its revision's texts. */
export interface TrainingRowParts {
  env: EnvRef;
  cfg: ConfigFields;
  pieces: RevisionPieces;
}

export function promptTexts(instructionText: string, docsBlock: string, task: string): { system: string; user: string } {
  return { system: docsBlock, user: `${instructionText}${QUESTION_MARKER}${task}` };
}

// The row's `prompt` value as JSON is these three texts around the two escaped contents.
export const PROMPT_JSON = {
  open: '[{"role": "system", "name": "functions", "content": "',
  between: '"}, {"role": "user", "name": "", "content": "',
  close: '"}]',
};

/** The row's `prompt` value as JSON. */
export function promptJson(system: string, user: string): string {
  return `${PROMPT_JSON.open}${JSON.stringify(system).slice(1, -1)}${PROMPT_JSON.between}${JSON.stringify(user).slice(1, -1)}${PROMPT_JSON.close}`;
}

/** The configuration's original options text: everything after the first '@'. */
export function optionsText(configString: string): string {
  const at = configString.indexOf("@");
  return at < 0 ? configString : configString.slice(at + 1);
}

/** optionsText on the configuration string's bytes: a view of them after the first '@'. */
export function optionsBytes(configString: Buffer): Buffer {
  const at = configString.indexOf(0x40);
  return at < 0 ? configString : configString.subarray(at + 1);
}

export function abilityOf(row: TrainingRowParts): string {
  return formatAbility(row.env.key, optionsText(row.cfg.configString.toString("utf8")));
}

// A JSONL line: the eight keys in CodeGym's order, spaced as Python's
// json.dumps spaces them (as CodeGym's files are). jsonl-writer.ts writes it
// from bytes; these functions build the same text from strings, for the
// preview, the tests and as the reference the writer must match.

export function jsonlEnvPieces(env: EnvRef, promptJsonText: string, o: ResolvedExportOptions): { head: string; mid: string } {
  return {
    head: `{"data_source": ${JSON.stringify(o.dataSource)}, "ability": ${JSON.stringify(formatAbility(env.key, "")).slice(0, -1)}`,
    mid: `${jsonlBeforePrompt(env)}${promptJsonText}${jsonlAfterPrompt(o)}`,
  };
}

/** What comes between the row's options text and its prompt. */
export function jsonlBeforePrompt(env: EnvRef): string {
  return `", "code_id": ${JSON.stringify(env.codeId)}, "prompt": `;
}

/** What follows the prompt in every line, up to the row's index. */
export function jsonlAfterPrompt(o: ResolvedExportOptions): string {
  return (
    `, "reward_model": {"style": "agent_env", "ground_truth": null}, ` +
    `"answer": ${JSON.stringify(ANSWER_PLACEHOLDER)}, "plugin_call_max_round": ${o.pluginCallMaxRound}, "extra_info": {"index": `
  );
}

/** The line of a row, from strings. */
export function trainingJsonLine(row: TrainingRowParts, o: ResolvedExportOptions): string {
  const { system, user } = promptStrings(row);
  const { head, mid } = jsonlEnvPieces(row.env, promptJson(system, user), o);
  const cfg = row.cfg;
  const extra = cfg.extra ? `, ${cfg.extra.toString("utf8").slice(1, -1)}` : "";
  return (
    head +
    JSON.stringify(optionsText(cfg.configString.toString("utf8"))).slice(1, -1) +
    mid +
    `${JSON.stringify(cfg.index.toString("utf8"))}, "solve_fc_round": ${num(cfg.steps)}, "qwen32b_Bo4_score": ${num(cfg.bo4)}, "qwen32b_Bo8_score": ${num(cfg.bo8)}${extra}}}\n`
  );
}

/** The two prompt texts of a row, from whichever pieces it carries. */
function promptStrings(row: TrainingRowParts): { system: string; user: string } {
  const { parquet, jsonl } = row.pieces;
  if (parquet) return { system: parquet.system.toString("utf8"), user: `${parquet.instruction.toString("utf8")}${parquet.task.toString("utf8")}` };
  // The JSONL pieces hold the prompt as JSON; with a null index they make a line of their own.
  const prompt = JSON.parse(`${jsonl!.head.toString("utf8")}${Buffer.concat(jsonl!.mid).toString("utf8")}null}}`).prompt as { content: string }[];
  return { system: prompt[0]!.content, user: prompt[1]!.content };
}

/**
 * A number as JSON writes it, null for null and for what is not a finite
 * number. JSON.stringify, not String(): String() keeps each result in V8's
 * number-to-string cache, a long-lived table, so every row's numbers would
 * outlive the row and pile up in the old generation until a full collection.
 */
export function num(value: number | null): string {
  return JSON.stringify(value);
}

/** The row as a plain object (preview, tests): the same values as the JSONL line and the Parquet row. */
export function trainingRowObject(row: TrainingRowParts, o: ResolvedExportOptions) {
  const { cfg } = row;
  const { system, user } = promptStrings(row);
  const finite = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  return {
    data_source: o.dataSource,
    ability: abilityOf(row),
    code_id: row.env.codeId,
    prompt: [
      { role: "system", name: "functions", content: system },
      { role: "user", name: "", content: user },
    ],
    reward_model: { ...REWARD_MODEL },
    answer: ANSWER_PLACEHOLDER,
    plugin_call_max_round: o.pluginCallMaxRound,
    extra_info: {
      index: cfg.index.toString("utf8"),
      solve_fc_round: cfg.steps,
      qwen32b_Bo4_score: finite(cfg.bo4),
      qwen32b_Bo8_score: finite(cfg.bo8),
      ...(cfg.extra ? (JSON.parse(cfg.extra.toString("utf8")) as Record<string, unknown>) : {}),
    },
  };
}

export type TrainingRowObject = ReturnType<typeof trainingRowObject>;
