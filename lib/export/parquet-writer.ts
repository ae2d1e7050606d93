import zlib from "node:zlib";
import type { DecodedArray } from "hyparquet";
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { writeColumn } from "hyparquet-writer/src/column.js";
import type { Compressors } from "hyparquet-writer/src/types.js";
import type { FileSink, WrittenFile } from "./file-sink";
import type { ResolvedExportOptions } from "./options";
import type { ExtraKey } from "./select-sql";
import { ANSWER_PLACEHOLDER, optionsBytes, REWARD_MODEL, type TrainingRowParts } from "./training-rows";

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

/** A hyparquet Writer that hands each encoded row group to a FileSink, waiting for it to drain. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: FileSink) {
    super(4 << 20);
  }

  flush(): Promise<void> {
    const chunk = new Uint8Array(this.buffer, 0, this.index); // FileSink.write copies it: the buffer is reused
    this.index = 0;
    return this.sink.write(chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

// Brotli at quality 1, from Node's own zlib: native, several times faster than
// the JavaScript snappy hyparquet-writer has built in, and smaller. pyarrow,
// DuckDB and Polars read it; our importer reads it with zlib (read-training.ts).
export const PARQUET_CODEC = "BROTLI" as const;
const compressors: Compressors = {
  BROTLI: (input) =>
    zlib.brotliCompressSync(input, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength },
    }),
};

/** One leaf column of the schema, with what writeColumn needs of it. */
interface Leaf {
  path: SchemaElement[];
  element: SchemaElement;
  name: string;
  maxDefinitionLevel: number;
  /** Prompt texts: always a dictionary (each revision's texts repeat over its rows). */
  prompt: boolean;
}

function leavesOf(schema: SchemaElement[]): Leaf[] {
  const leaves: Leaf[] = [];
  let at = 1;
  const walk = (parents: SchemaElement[], def: number) => {
    const element = schema[at++]!;
    const path = [...parents, element];
    const level = def + (element.repetition_type === "REQUIRED" ? 0 : 1);
    if (element.num_children) for (let i = 0; i < element.num_children; i++) walk(path, level);
    else leaves.push({ path, element, name: path.slice(1).map((e) => e.name).join("."), maxDefinitionLevel: level, prompt: path[1]!.name === "prompt" });
  };
  while (at < schema.length) walk([schema[0]!], 0);
  return leaves;
}

function finite(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

/**
 * Writes veRL rows one row group at a time with hyparquet-writer's column
 * encoder (writeColumn), handing it each leaf column's values and levels
 * directly: every row has the same shape (a two-message prompt, the two
 * structs), so the levels are known without walking nested row objects, and
 * the prompt texts go in as the revision's UTF-8 bytes, shared by its rows
 * (the dictionary finds them by identity). ParquetWriter still writes the
 * header, the page indexes and the footer.
 */
export class TrainingParquetWriter {
  private file: { writer: ParquetWriter; leaves: Leaf[]; extras: ExtraColumn[] } | null = null;
  private readonly groupSize: number;
  private readonly constants: { dataSource: Uint8Array; maxRound: bigint };
  private readonly levels = new Map<string, number[]>();
  private rows: TrainingRowParts[] = [];

  constructor(
    private readonly sink: FileSink,
    options: ResolvedExportOptions,
    /** The extra_info columns: known before the first row group is written, not necessarily before the first rows. */
    private readonly extras: Promise<ExtraColumn[]>,
    private readonly opts: { rowGroupSize?: number; createdBy?: string } = {},
  ) {
    this.groupSize = opts.rowGroupSize ?? PARQUET_ROW_GROUP;
    this.constants = { dataSource: TEXT.encode(options.dataSource), maxRound: BigInt(options.pluginCallMaxRound) };
  }

  private async open() {
    if (this.file) return this.file;
    const extras = await this.extras;
    const schema = trainingParquetSchema(extras);
    const writer = new ParquetWriter({
      writer: new SinkWriter(this.sink),
      schema,
      codec: PARQUET_CODEC,
      compressors,
      createdBy: this.opts.createdBy ?? "codegym-curator (hyparquet-writer)",
    });
    this.file = { writer, leaves: leavesOf(schema), extras };
    return this.file;
  }

  async add(row: TrainingRowParts): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.groupSize) await this.writeGroup();
  }

  async commit(): Promise<WrittenFile> {
    await this.writeGroup();
    await (await this.open()).writer.finish();
    return this.sink.commit();
  }

  /** A level array of `n` times `value` (alternating 0/1 for "rep"), shared by the columns and groups that need it. */
  private filled(n: number, value: number | "rep"): number[] {
    const key = `${n}:${value}`;
    let levels = this.levels.get(key);
    if (!levels) {
      levels = value === "rep" ? Array.from({ length: n }, (_, i) => i & 1) : new Array<number>(n).fill(value);
      this.levels.set(key, levels);
    }
    return levels;
  }

  /** The values of one leaf for the group's rows (prompt leaves: two per row). */
  private values(leaf: Leaf, rows: TrainingRowParts[]): unknown[] {
    const n = rows.length;
    const each = <T>(f: (r: TrainingRowParts) => T) => rows.map(f);
    const pairs = (f: (r: TrainingRowParts, i: 0 | 1) => unknown) => {
      const v = new Array(2 * n);
      for (let i = 0; i < n; i++) {
        v[2 * i] = f(rows[i]!, 0);
        v[2 * i + 1] = f(rows[i]!, 1);
      }
      return v;
    };
    switch (leaf.name) {
      case "data_source":
        return new Array(n).fill(this.constants.dataSource);
      case "ability":
        return each((r) => Buffer.concat([r.pieces.parquet!.abilityPrefix, optionsBytes(r.cfg.configString)]));
      case "code_id":
        return each((r) => r.pieces.parquet!.codeId);
      case "prompt.list.element.role":
        return pairs((_, i) => (i ? USER : SYSTEM));
      case "prompt.list.element.name":
        return pairs((_, i) => (i ? EMPTY : FUNCTIONS));
      case "prompt.list.element.content":
        return pairs((r, i) => (i ? r.pieces.parquet!.user : r.pieces.parquet!.system));
      case "reward_model.style":
        return new Array(n).fill(STYLE);
      case "reward_model.ground_truth":
        return new Array(n).fill(null);
      case "answer":
        return new Array(n).fill(ANSWER);
      case "plugin_call_max_round":
        return new Array(n).fill(this.constants.maxRound);
      case "extra_info.index":
        return each((r) => r.cfg.index);
      case "extra_info.solve_fc_round":
        return each((r) => (r.cfg.steps === null ? null : BigInt(r.cfg.steps)));
      case "extra_info.qwen32b_Bo4_score":
        return each((r) => finite(r.cfg.bo4));
      case "extra_info.qwen32b_Bo8_score":
        return each((r) => finite(r.cfg.bo8));
    }
    throw new Error(`no values for Parquet column ${leaf.name}`);
  }

  /** The imported extra_info keys beyond CodeGym's four, parsed once per row that has any. */
  private extraValues(rows: TrainingRowParts[], extras: ExtraColumn[]): Map<string, unknown[]> {
    const columns = new Map(extras.map((x) => [`extra_info.${x.key}`, new Array<unknown>(rows.length).fill(null)]));
    rows.forEach((r, i) => {
      if (!r.cfg.extra) return;
      const extra = JSON.parse(r.cfg.extra.toString("utf8")) as Record<string, unknown>;
      for (const { key, type } of extras) columns.get(`extra_info.${key}`)![i] = extraValue(extra[key], type);
    });
    return columns;
  }

  private async writeGroup(): Promise<void> {
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    const n = rows.length;
    const file = await this.open();
    const pw = file.writer;
    const extras = file.extras.length ? this.extraValues(rows, file.extras) : null;
    const start = pw.writer.offset;
    const columns = [];
    for (const leaf of file.leaves) {
      const values = extras?.get(leaf.name) ?? this.values(leaf, rows);
      const max = leaf.maxDefinitionLevel;
      let definitionLevels: number[];
      let repetitionLevels: number[] = [];
      if (leaf.prompt) {
        definitionLevels = this.filled(2 * n, max);
        repetitionLevels = this.filled(2 * n, "rep");
      } else if (values.includes(null)) definitionLevels = values.map((v) => (v === null ? max - 1 : max));
      else definitionLevels = this.filled(n, max);
      const result = writeColumn({
        writer: pw.writer,
        column: {
          columnName: leaf.name,
          element: leaf.element,
          schemaPath: leaf.path,
          codec: PARQUET_CODEC,
          compressors: pw.compressors,
          // Min/max of texts cost byte-wise comparisons of every value and prune nothing a trainer reads; numbers' are cheap.
          stats: leaf.element.type !== "BYTE_ARRAY",
          pageSize: 1 << 20,
          columnIndex: false,
          offsetIndex: true,
          // The prompt's role, name and texts repeat within a group: skip the trial sampling, which hashes the texts.
          // Abilities and indexes differ from row to row: no dictionary to try.
          ...(leaf.prompt ? { encoding: "RLE_DICTIONARY" as const } : UNIQUE.has(leaf.name) ? { encoding: "PLAIN" as const } : {}),
        },
        pageData: { values: values as DecodedArray, definitionLevels, repetitionLevels, maxDefinitionLevel: max },
      });
      columns.push(result.chunk);
      pw.pendingIndexes.push(result);
    }
    const total_byte_size = columns.reduce((sum, c) => sum + (c.meta_data?.total_uncompressed_size ?? 0n), 0n);
    pw.num_rows += BigInt(n);
    pw.row_groups.push({ columns, total_byte_size, num_rows: BigInt(n), total_compressed_size: BigInt(pw.writer.offset - start) });
    await pw.writer.flush?.();
  }
}

/** Columns with a different text in every row: no dictionary to try. */
const UNIQUE = new Set(["ability", "extra_info.index"]);

const TEXT = new TextEncoder();
const SYSTEM = TEXT.encode("system");
const USER = TEXT.encode("user");
const FUNCTIONS = TEXT.encode("functions");
const EMPTY = TEXT.encode("");
const STYLE = TEXT.encode(REWARD_MODEL.style);
const ANSWER = TEXT.encode(ANSWER_PLACEHOLDER);

function extraValue(value: unknown, type: ExtraColumnType): unknown {
  if (value === undefined || value === null) return null;
  if (type === "int64") return typeof value === "number" ? BigInt(Math.trunc(value)) : null;
  return value;
}
