import { ByteChunker } from "./file-sink";
import { extraColumns, TrainingParquetWriter, type ExtraColumn } from "./parquet-writer";
import { completeSplits, lookahead, type FormatPlan, type PlanContext, type PlanCounts } from "./plan";
import {
  batchRowsSql,
  environmentsSql,
  extraKeysSql,
  trainingCountsSql,
  trainingRowsSql,
  type BatchConfig,
  type ConfigFields,
  type EnvRef,
  type ExtraKey,
  type TrainingCount,
  type TrainingRowRef,
} from "./select-sql";
import { jsonlOptions, jsonlTail, PromptCache, trainingJsonLine, trainingRowObject, type TrainingRowParts } from "./training-rows";

export async function trainingCounts(ctx: PlanContext): Promise<PlanCounts> {
  const rows = await ctx.reader.query<TrainingCount>(trainingCountsSql(ctx.filter, ctx.options));
  const sum = (f: (r: TrainingCount) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    splits: completeSplits(
      ctx.options,
      rows.map((r) => ({ split: r.split, environments: r.rowEnvironments, items: r.rows })),
    ),
    selectedEnvironments: sum((r) => r.environments),
    selectedConfigurations: sum((r) => r.configurations),
    droppedConfigurations: sum((r) => r.configurations - r.rows),
  };
}

/** Environments per batch of the unshuffled export (about 2,000 rows at CodeGym's ~7 configurations each). */
const ENV_BATCH = 256;

type RowRef = { env: EnvRef; cfg: ConfigFields };

/**
 * The rows in export order. Shuffled: one cursor over every row, sorted once
 * by the database. Unshuffled: a cursor over the environments, whose rows are
 * read batch by batch through the (revisionId, position) index, so the first
 * rows are written at once instead of after a sort of all of them.
 */
function rowBatches(ctx: PlanContext): AsyncGenerator<RowRef[]> {
  const { reader, filter, options } = ctx;
  if (options.shuffle) {
    return (async function* () {
      for await (const rows of reader.batches<TrainingRowRef>(trainingRowsSql(filter, options))) {
        yield rows.map((r) => ({ env: { envId: r.envId, key: r.key, codeId: r.codeId, envName: r.envName, rev: r.rev, split: r.split }, cfg: r }));
      }
    })();
  }
  return (async function* () {
    for await (const envs of reader.batches<EnvRef>(environmentsSql(filter, options), ENV_BATCH)) {
      const rows = await reader.sideQuery<BatchConfig>(batchRowsSql(envs, options));
      if (rows.length) yield rows.map((cfg) => ({ env: envs[cfg.at]!, cfg }));
    }
  })();
}

/** veRL training rows, one per kept configuration of each selected environment's current revision. */
export async function trainingPlan(ctx: PlanContext, format: "verl-jsonl" | "verl-parquet"): Promise<FormatPlan<TrainingRowParts>> {
  const { reader, filter, options } = ctx;
  const extras: ExtraColumn[] = format === "verl-parquet" ? extraColumns(await reader.query<ExtraKey>(extraKeysSql(filter, options))) : [];
  return {
    counts: () => trainingCounts(ctx),
    items() {
      const cache = new PromptCache(reader, ctx.instructionText, format === "verl-jsonl" ? "jsonl" : "fields", options);
      return lookahead(rowBatches(ctx), (b) => cache.rows(b));
    },
    open(sink) {
      if (format === "verl-parquet") return new TrainingParquetWriter(sink, options, extras);
      const out = new ByteChunker(sink);
      return {
        async add({ cfg, prompt }) {
          const pieces = prompt.jsonl!;
          await out.writeBytes(pieces.head);
          await out.writeString(jsonlOptions(cfg));
          await out.writeBytes(pieces.mid);
          await out.writeString(jsonlTail(cfg));
        },
        commit: () => out.commit(),
      };
    },
    preview: (item) => (format === "verl-jsonl" ? JSON.parse(trainingJsonLine(item, options)) : trainingRowObject(item, options)),
  };
}
