import { formatAbility } from "@/lib/codegym/config-string";
import { QUESTION_MARKER } from "@/lib/codegym/schemas";
import type { ResolvedExportOptions } from "./options";
import type { SnapshotReader } from "./pg-snapshot";
import { revisionTextsSql, type ConfigFields, type EnvRef, type RevisionTexts } from "./select-sql";

export const REWARD_MODEL = { style: "agent_env", ground_truth: null } as const;
export const ANSWER_PLACEHOLDER = "There is no answer";

/** The JSONL text of a row around its configuration's own values, fixed per environment (see jsonlEnvPieces). */
export interface JsonlPieces {
  head: Buffer;
  mid: Buffer;
}

/** A revision's two prompt texts, plain and as the row's JSON `prompt` value (serialised once per revision, not per row). */
export interface PromptTexts {
  system: string;
  user: string;
  json: string;
  /** Made by the JSONL writer on first use; the current revision belongs to one environment, so these are that environment's. */
  jsonl: JsonlPieces | null;
}

/** Everything one veRL row holds: its environment, its configuration's values, its revision's prompt. */
export interface TrainingRowParts {
  env: EnvRef;
  cfg: ConfigFields;
  prompt: PromptTexts;
}

/**
 * The prompt texts of the revisions of batches of rows, fetching those it has
 * not seen recently in one query per batch. Bounded (least recently used
 * revisions are dropped), so memory stays flat over any number of
 * environments, in sorted or shuffled order.
 */
export class PromptCache {
  private readonly cache = new Map<number, PromptTexts>();

  constructor(
    private readonly reader: SnapshotReader,
    private readonly instructionText: string,
    private readonly capacity = 4096,
  ) {}

  async rows(batch: { env: EnvRef; cfg: ConfigFields }[]): Promise<TrainingRowParts[]> {
    const missing: number[] = [];
    let last = -1;
    for (const { env } of batch) {
      if (env.rev !== last && !this.cache.has(env.rev)) missing.push(env.rev);
      last = env.rev;
    }
    if (missing.length) {
      const texts = await this.reader.sideQuery<RevisionTexts>(revisionTextsSql([...new Set(missing)]));
      for (const t of texts) this.put(t.id, promptTexts(this.instructionText, t.docsBlock, t.taskDescription));
    }
    last = -1;
    let prompt: PromptTexts | undefined;
    return batch.map(({ env, cfg }) => {
      if (env.rev !== last) {
        prompt = this.cache.get(env.rev);
        if (!prompt) throw new Error(`revision ${env.rev} of ${env.key} vanished during the export`);
        // Refresh its place in the LRU order.
        this.cache.delete(env.rev);
        this.cache.set(env.rev, prompt);
        last = env.rev;
      }
      return { env, cfg, prompt: prompt! };
    });
  }

  private put(rev: number, texts: PromptTexts) {
    this.cache.set(rev, texts);
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
  }
}

export function promptTexts(instructionText: string, docsBlock: string, task: string): PromptTexts {
  const user = `${instructionText}${QUESTION_MARKER}${task}`;
  const json = `[{"role": "system", "name": "functions", "content": ${JSON.stringify(docsBlock)}}, {"role": "user", "name": "", "content": ${JSON.stringify(user)}}]`;
  return { system: docsBlock, user, json, jsonl: null };
}

/** The configuration's original options text: everything after the first '@'. */
export function optionsText(configString: string): string {
  const at = configString.indexOf("@");
  return at < 0 ? configString : configString.slice(at + 1);
}

export function abilityOf(row: TrainingRowParts): string {
  return formatAbility(row.env.key, optionsText(row.cfg.configString));
}

function num(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "null" : String(value);
}

// A JSONL line, the eight keys in CodeGym's order and spaced as Python's
// json.dumps spaces them (as CodeGym's files are), is written in four pieces:
//   head (per environment)  {"data_source": …, "ability": "codegym_v1@<key>@
//   options (per row)       the configuration's options text, JSON-escaped
//   mid (per environment)   ", "code_id": …, "prompt": […], "reward_model": …, "answer": …, "plugin_call_max_round": N, "extra_info": {"index":
//   tail (per row)          <index>, "solve_fc_round": …, "qwen32b_Bo4_score": …, "qwen32b_Bo8_score": …<other keys>}}
// so the big prompt texts are escaped and UTF-8-encoded once per environment
// rather than once per row; that is what lets the export run at disk speed.

export function jsonlEnvPieces(env: EnvRef, prompt: PromptTexts, o: ResolvedExportOptions): { head: string; mid: string } {
  return {
    head: `{"data_source": ${JSON.stringify(o.dataSource)}, "ability": ${JSON.stringify(formatAbility(env.key, "")).slice(0, -1)}`,
    mid:
      `", "code_id": ${JSON.stringify(env.codeId)}, "prompt": ${prompt.json}, "reward_model": {"style": "agent_env", "ground_truth": null}, ` +
      `"answer": ${JSON.stringify(ANSWER_PLACEHOLDER)}, "plugin_call_max_round": ${o.pluginCallMaxRound}, "extra_info": {"index": `,
  };
}

export function jsonlOptions(cfg: ConfigFields): string {
  return JSON.stringify(optionsText(cfg.configString)).slice(1, -1);
}

export function jsonlTail(cfg: ConfigFields): string {
  const extra = cfg.extra ? `, ${cfg.extra.slice(1, -1)}` : "";
  return `${JSON.stringify(cfg.index)}, "solve_fc_round": ${num(cfg.steps)}, "qwen32b_Bo4_score": ${num(cfg.bo4)}, "qwen32b_Bo8_score": ${num(cfg.bo8)}${extra}}}\n`;
}

export function trainingJsonLine(row: TrainingRowParts, o: ResolvedExportOptions): string {
  const { head, mid } = jsonlEnvPieces(row.env, row.prompt, o);
  return head + jsonlOptions(row.cfg) + mid + jsonlTail(row.cfg);
}

/** The row as a plain object (preview, tests): the same values as the JSONL line and the Parquet row. */
export function trainingRowObject(row: TrainingRowParts, o: ResolvedExportOptions) {
  const { cfg, prompt } = row;
  const finite = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  return {
    data_source: o.dataSource,
    ability: abilityOf(row),
    code_id: row.env.codeId,
    prompt: [
      { role: "system", name: "functions", content: prompt.system },
      { role: "user", name: "", content: prompt.user },
    ],
    reward_model: { ...REWARD_MODEL },
    answer: ANSWER_PLACEHOLDER,
    plugin_call_max_round: o.pluginCallMaxRound,
    extra_info: {
      index: cfg.index,
      solve_fc_round: cfg.steps,
      qwen32b_Bo4_score: finite(cfg.bo4),
      qwen32b_Bo8_score: finite(cfg.bo8),
      ...(cfg.extra ? (JSON.parse(cfg.extra) as Record<string, unknown>) : {}),
    },
  };
}

export type TrainingRowObject = ReturnType<typeof trainingRowObject>;
