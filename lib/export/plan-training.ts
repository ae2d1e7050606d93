import { TrainingJsonlWriter } from "./jsonl-writer";
import { extraColumns, type ExtraColumn } from "./parquet-encoding";
import { TrainingParquetWriter } from "./parquet-writer";
import { completeSplits, type FormatPlan, type PlanContext, type PlanCounts } from "./plan";
import { extraKeysSql, trainingCountsSql, type ExtraKey, type TrainingCount } from "./select-sql";
import { trainingRowBatches } from "./training-batches";
import type { TrainingRowBatch } from "./training-row-batch";
import { trainingJsonLine, trainingRowObject } from "./training-rows";

export async function trainingCounts(ctx: PlanContext): Promise<PlanCounts> {
  const rows = await ctx.reader.countQuery<TrainingCount>(trainingCountsSql(ctx.filter, ctx.options));
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

/** veRL training rows, one per kept configuration of each selected environment's current revision. */
export async function trainingPlan(ctx: PlanContext, format: "verl-jsonl" | "verl-parquet"): Promise<FormatPlan<TrainingRowBatch>> {
  const { reader, filter, options } = ctx;
  // The Parquet schema needs the extra keys before the first row group, not before the first rows: read them alongside.
  const extras: Promise<ExtraColumn[]> =
    format === "verl-parquet" ? reader.countQuery<ExtraKey>(extraKeysSql(filter, options)).then(extraColumns) : Promise.resolve([]);
  extras.catch(() => {}); // awaited by the writer
  return {
    counts: () => trainingCounts(ctx),
    items: () => trainingRowBatches(ctx, format === "verl-jsonl" ? "jsonl" : "fields"),
    open: (sink) => (format === "verl-parquet" ? new TrainingParquetWriter(sink, options, extras) : new TrainingJsonlWriter(sink, options)),
    preview: (batch, i) => (format === "verl-jsonl" ? JSON.parse(trainingJsonLine(batch.row(i), options)) : trainingRowObject(batch.row(i), options)),
  };
}
