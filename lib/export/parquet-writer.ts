import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from "hyparquet-writer";
import type { FileSink, WrittenFile } from "./file-sink";
import type { ResolvedExportOptions } from "./options";
import type { ExtraKey } from "./select-sql";
import { abilityOf, type TrainingRowParts } from "./training-rows";

// veRL rows as Parquet with real nested columns, laid out as pyarrow writes a
// pandas frame of these rows (so pyarrow, DuckDB and `datasets` read the same
// logical rows as the JSONL): every column OPTIONAL; prompt a 3-level LIST of
// struct<role, name, content>; reward_model struct<style, ground_truth: null
// type>; extra_info struct<index, solve_fc_round int64, qwen32b_Bo4_score
// double, qwen32b_Bo8_score double, then any other imported keys>. An extra key
// whose values are all integers is int64, all numbers double, all strings
// string, all booleans boolean; mixed or nested values are JSON text.

/** Rows per row group: bounds memory (one group is held before it is encoded) while keeping groups large enough to scan fast. */
export const PARQUET_ROW_GROUP = 5000;

const string = (name: string): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" });
const int64 = (name: string): SchemaElement => ({ name, type: "INT64", repetition_type: "OPTIONAL" });
const double = (name: string): SchemaElement => ({ name, type: "DOUBLE", repetition_type: "OPTIONAL" });

export type ExtraColumnType = "int64" | "double" | "string" | "boolean" | "json";

export interface ExtraColumn {
  key: string;
  type: ExtraColumnType;
}

export function extraColumns(keys: ExtraKey[]): ExtraColumn[] {
  return keys.map(({ key, types, integral }) => {
    const kinds = types.filter((t) => t !== "null");
    const only = kinds.length === 1 ? kinds[0] : kinds.length === 0 ? "string" : null;
    const type: ExtraColumnType =
      only === "number" ? (integral ? "int64" : "double") : only === "string" ? "string" : only === "boolean" ? "boolean" : "json";
    return { key, type };
  });
}

function extraElement({ key, type }: ExtraColumn): SchemaElement {
  if (type === "int64") return int64(key);
  if (type === "double") return double(key);
  if (type === "boolean") return { name: key, type: "BOOLEAN", repetition_type: "OPTIONAL" };
  if (type === "json") return { name: key, type: "BYTE_ARRAY", converted_type: "JSON", repetition_type: "OPTIONAL" };
  return string(key);
}

export function trainingParquetSchema(extras: ExtraColumn[]): SchemaElement[] {
  return [
    { name: "schema", num_children: 8 },
    string("data_source"),
    string("ability"),
    string("code_id"),
    { name: "prompt", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL", num_children: 3 },
    string("role"),
    string("name"),
    string("content"),
    { name: "reward_model", repetition_type: "OPTIONAL", num_children: 2 },
    string("style"),
    { name: "ground_truth", type: "INT32", repetition_type: "OPTIONAL", logical_type: { type: "NULL" } },
    string("answer"),
    int64("plugin_call_max_round"),
    { name: "extra_info", repetition_type: "OPTIONAL", num_children: 4 + extras.length },
    string("index"),
    int64("solve_fc_round"),
    double("qwen32b_Bo4_score"),
    double("qwen32b_Bo8_score"),
    ...extras.map(extraElement),
  ];
}

const COLUMNS = ["data_source", "ability", "code_id", "prompt", "reward_model", "answer", "plugin_call_max_round", "extra_info"] as const;

/** A hyparquet Writer that hands each encoded row group to a FileSink, waiting for it to drain. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: FileSink) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    const chunk = Buffer.from(new Uint8Array(this.buffer, 0, this.index)); // copied: the buffer is reused
    this.index = 0;
    return this.sink.write(chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

function finite(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

function bigint(v: number | null): bigint | null {
  return v === null ? null : BigInt(v);
}

export class TrainingParquetWriter {
  private readonly writer: ParquetWriter;
  private readonly groupSize: number;
  private rows: TrainingRowParts[] = [];

  constructor(
    private readonly sink: FileSink,
    private readonly options: ResolvedExportOptions,
    private readonly extras: ExtraColumn[],
    opts: { rowGroupSize?: number; createdBy?: string } = {},
  ) {
    this.groupSize = opts.rowGroupSize ?? PARQUET_ROW_GROUP;
    this.writer = new ParquetWriter({
      writer: new SinkWriter(sink),
      schema: trainingParquetSchema(extras),
      createdBy: opts.createdBy ?? "codegym-curator (hyparquet-writer)",
    });
  }

  async add(row: TrainingRowParts): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.groupSize) await this.writeGroup();
  }

  async commit(): Promise<WrittenFile> {
    await this.writeGroup();
    await this.writer.finish();
    return this.sink.commit();
  }

  private async writeGroup(): Promise<void> {
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    const o = this.options;
    const prompt = rows.map((r) => [
      { role: "system", name: "functions", content: r.prompt.system },
      { role: "user", name: "", content: r.prompt.user },
    ]);
    const extraInfo = rows.map((r) => {
      const info: Record<string, unknown> = {
        index: r.cfg.index,
        solve_fc_round: bigint(r.cfg.steps),
        qwen32b_Bo4_score: finite(r.cfg.bo4),
        qwen32b_Bo8_score: finite(r.cfg.bo8),
      };
      if (this.extras.length) {
        const extra = r.cfg.extra ? (JSON.parse(r.cfg.extra) as Record<string, unknown>) : {};
        for (const { key, type } of this.extras) info[key] = extraValue(extra[key], type);
      }
      return info;
    });
    const data: Record<(typeof COLUMNS)[number], unknown[]> = {
      data_source: rows.map(() => o.dataSource),
      ability: rows.map(abilityOf),
      code_id: rows.map((r) => r.env.codeId),
      prompt,
      reward_model: rows.map(() => ({ style: "agent_env", ground_truth: null })),
      answer: rows.map(() => "There is no answer"),
      plugin_call_max_round: rows.map(() => BigInt(o.pluginCallMaxRound)),
      extra_info: extraInfo,
    };
    // Min/max statistics of multi-kilobyte prompt texts cost more than the rest of the row group and help no reader.
    const columnData: ColumnSource[] = COLUMNS.map((name) => ({ name, data: data[name], ...(name === "prompt" ? { statistics: false } : {}) }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
  }
}

function extraValue(value: unknown, type: ExtraColumnType): unknown {
  if (value === undefined || value === null) return null;
  if (type === "int64") return typeof value === "number" ? BigInt(Math.trunc(value)) : null;
  if (type === "json") return value;
  return value;
}
