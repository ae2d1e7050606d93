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

/**
 * What a row needs of its revision, made once per revision: the two prompt
 * texts (Parquet, preview), or for JSONL only the environment's two encoded
 * pieces of the line (which hold the prompt), so the cache holds no more than it must.
 */
export interface PromptTexts {
  system: string;
  user: string;
  jsonl: JsonlPieces | null;
  /** Bytes it holds, for the cache's budget. */
  size: number;
}

/** Everything one veRL row holds: its environment, its configuration's values, its revision's prompt. */
export interface TrainingRowParts {
  env: EnvRef;
  cfg: ConfigFields;
  prompt: PromptTexts;
}

/** Revisions' prompts held at most: enough for every environment of most corpora, so even a shuffled export reads each text once. */
export const PROMPT_CACHE_BYTES = 64 << 20;

/**
 * The prompts of the revisions of batches of rows, fetching those it does not
 * hold in one query per batch. Bounded by bytes (least recently used
 * revisions are dropped), so memory stays flat over any number of
 * environments, in sorted or shuffled order.
 */
export class PromptCache {
  private readonly cache = new Map<number, PromptTexts>();
  private bytes = 0;

  constructor(
    private readonly reader: SnapshotReader,
    private readonly instructionText: string,
    private readonly mode: "fields" | "jsonl",
    private readonly options: ResolvedExportOptions,
    private readonly budget = PROMPT_CACHE_BYTES,
  ) {}

  async rows(batch: { env: EnvRef; cfg: ConfigFields }[]): Promise<TrainingRowParts[]> {
    // This batch's prompts are held here, not looked up in the cache afterwards: a batch completed
    // concurrently (see lookahead) may evict entries from the cache in the meantime.
    const local = new Map<number, PromptTexts>();
    const missing = new Map<number, EnvRef>();
    for (const { env } of batch) {
      if (local.has(env.rev) || missing.has(env.rev)) continue;
      const hit = this.cache.get(env.rev);
      if (hit) {
        local.set(env.rev, hit);
        this.cache.delete(env.rev); // refresh its place in the LRU order
        this.cache.set(env.rev, hit);
      } else missing.set(env.rev, env);
    }
    if (missing.size) {
      const texts = await this.reader.sideQuery<RevisionTexts>(revisionTextsSql([...missing.keys()]));
      for (const t of texts) {
        const prompt = this.make(missing.get(t.id)!, t);
        local.set(t.id, prompt);
        this.put(t.id, prompt);
      }
    }
    return batch.map(({ env, cfg }) => {
      const prompt = local.get(env.rev);
      if (!prompt) throw new Error(`revision ${env.rev} of ${env.key} vanished during the export`);
      return { env, cfg, prompt };
    });
  }

  private make(env: EnvRef, t: RevisionTexts): PromptTexts {
    const { system, user } = promptTexts(this.instructionText, t.docsBlock, t.taskDescription);
    if (this.mode === "fields") return { system, user, jsonl: null, size: 2 * (system.length + user.length) };
    const text = jsonlEnvPieces(env, promptJson(system, user), this.options);
    const jsonl = { head: Buffer.from(text.head, "utf8"), mid: Buffer.from(text.mid, "utf8") };
    return { system: "", user: "", jsonl, size: jsonl.head.byteLength + jsonl.mid.byteLength };
  }

  private put(rev: number, texts: PromptTexts) {
    this.cache.set(rev, texts);
    this.bytes += texts.size;
    while (this.bytes > this.budget && this.cache.size > 1) {
      const [oldest, entry] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.bytes -= entry.size;
    }
  }
}

export function promptTexts(instructionText: string, docsBlock: string, task: string): { system: string; user: string } {
  return { system: docsBlock, user: `${instructionText}${QUESTION_MARKER}${task}` };
}

/** The row's `prompt` value as JSON. */
export function promptJson(system: string, user: string): string {
  return `[{"role": "system", "name": "functions", "content": ${JSON.stringify(system)}}, {"role": "user", "name": "", "content": ${JSON.stringify(user)}}]`;
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

export function jsonlEnvPieces(env: EnvRef, promptJsonText: string, o: ResolvedExportOptions): { head: string; mid: string } {
  return {
    head: `{"data_source": ${JSON.stringify(o.dataSource)}, "ability": ${JSON.stringify(formatAbility(env.key, "")).slice(0, -1)}`,
    mid:
      `", "code_id": ${JSON.stringify(env.codeId)}, "prompt": ${promptJsonText}, "reward_model": {"style": "agent_env", "ground_truth": null}, ` +
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

/** The line exactly as the JSONL writer writes it (preview, tests). */
export function trainingJsonLine(row: TrainingRowParts, o: ResolvedExportOptions): string {
  const { jsonl, system, user } = row.prompt;
  const { head, mid } = jsonl ? { head: jsonl.head.toString("utf8"), mid: jsonl.mid.toString("utf8") } : jsonlEnvPieces(row.env, promptJson(system, user), o);
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
