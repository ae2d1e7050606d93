import zlib from "node:zlib";
import type { DecodedArray } from "hyparquet";
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { writeColumn } from "hyparquet-writer/src/column.js";
import type { Compressors } from "hyparquet-writer/src/types.js";
import { runBytes, textsOf, type PackedGroup } from "./parquet-group";
import { writeTextChunk, type ColumnChunk, type TextChunkCodec, type TextLeaf, type TextValues } from "./parquet-text-chunks";
import type { ExtraKey } from "./select-sql";
import { ANSWER_PLACEHOLDER, REWARD_MODEL } from "./training-rows";

// The Parquet file of a veRL export, encoded on a thread of its own
// (parquet-encoder.worker.ts) from row groups the export's thread packs
// (parquet-writer.ts): column encoding and compression take as long as reading
// the rows, so the two run side by side.
//
// veRL rows as Parquet with real nested columns, laid out as pyarrow writes a
// pandas frame of these rows (so pyarrow, DuckDB and `datasets` read the same
// logical rows as the JSONL): every column OPTIONAL; prompt a 3-level LIST of
// struct<role, name, content>; reward_model struct<style, ground_truth: null
// type>; extra_info struct<index, solve_fc_round int64, qwen32b_Bo4_score
// double, qwen32b_Bo8_score double, then any other imported keys>. An extra key
// whose values are all integers is int64, all numbers double, all strings
// string, all booleans boolean; mixed or nested values are JSON text.

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
interface Leaf extends TextLeaf {
  name: string;
  /** Under prompt: two values per row. */
  prompt: boolean;
}

function leavesOf(schema: SchemaElement[]): Leaf[] {
  const leaves: Leaf[] = [];
  let at = 1;
  const walk = (parents: SchemaElement[], def: number, rep: number) => {
    const element = schema[at++]!;
    const path = [...parents, element];
    const level = def + (element.repetition_type === "REQUIRED" ? 0 : 1);
    const repeated = rep + (element.repetition_type === "REPEATED" ? 1 : 0);
    if (element.num_children) for (let i = 0; i < element.num_children; i++) walk(path, level, repeated);
    else
      leaves.push({
        path,
        element,
        name: path.slice(1).map((e) => e.name).join("."),
        maxDefinitionLevel: level,
        maxRepetitionLevel: repeated,
        prompt: path[1]!.name === "prompt",
      });
  };
  while (at < schema.length) walk([schema[0]!], 0, 0);
  return leaves;
}

/** What the encoder needs to know of the file before its first row group. */
export interface ParquetFileSpec {
  extras: ExtraColumn[];
  dataSource: string;
  pluginCallMaxRound: number;
  createdBy: string;
}

/**
 * Encodes the file one packed row group (parquet-group.ts) at a time. The
 * text columns are written from the group's bytes (parquet-text-chunks.ts);
 * the numbers and the extra keys by hyparquet-writer's column encoder
 * (writeColumn), handed each leaf's values and levels directly: every row has
 * the same shape (a two-message prompt, the two structs), so the levels are
 * known without walking nested row objects. ParquetWriter still writes the
 * header, the page indexes and the footer. Each call returns the bytes it
 * added to the file.
 */
export class ParquetFileEncoder {
  private readonly writer = new ByteWriter(4 << 20);
  private readonly pw: ParquetWriter;
  private readonly leaves: Leaf[];
  private readonly codec: TextChunkCodec = { codec: PARQUET_CODEC, compressors };
  /** The PLAIN dictionaries of the columns whose values are the same in every row (pair, under prompt). */
  private readonly fixed: Map<string, { dictionary: Uint8Array; entries: number }>;
  private readonly maxRound: bigint;
  private readonly levels = new Map<number, number[]>();
  private readonly patterns = { zeros: new Int32Array(0), alternating: new Int32Array(0) };

  constructor(private readonly spec: ParquetFileSpec) {
    const schema = trainingParquetSchema(spec.extras);
    this.pw = new ParquetWriter({ writer: this.writer, schema, codec: PARQUET_CODEC, compressors, createdBy: spec.createdBy });
    this.leaves = leavesOf(schema);
    const dictionary = (...texts: string[]) => ({ dictionary: plainTexts(texts), entries: texts.length });
    this.fixed = new Map([
      ["data_source", dictionary(spec.dataSource)],
      ["prompt.list.element.role", dictionary("system", "user")],
      ["prompt.list.element.name", dictionary("functions", "")],
      ["reward_model.style", dictionary(REWARD_MODEL.style)],
      ["answer", dictionary(ANSWER_PLACEHOLDER)],
    ]);
    this.maxRound = BigInt(spec.pluginCallMaxRound);
  }

  /** The bytes written since the last call; the file's offsets keep counting. */
  private take(): Uint8Array {
    const bytes = new Uint8Array(this.writer.getBuffer());
    this.writer.index = 0;
    return bytes;
  }

  group(g: PackedGroup): Uint8Array {
    const n = g.rows;
    const pw = this.pw;
    const extras = this.spec.extras.length ? extraValues(g, this.spec.extras) : null;
    const start = pw.writer.offset;
    const columns: ColumnChunk[] = [];
    for (const leaf of this.leaves) {
      const texts = this.texts(leaf, g);
      if (texts) {
        const shape = leaf.prompt ? { values: 2 * n, rows: n, repetitionLevels: this.pattern("alternating", 2 * n) } : { values: n, rows: n };
        columns.push(writeTextChunk(this.writer, leaf, this.codec, shape, texts));
        continue;
      }
      const values = extras?.get(leaf.name) ?? this.values(leaf, g);
      const max = leaf.maxDefinitionLevel;
      const definitionLevels = values.includes(null) ? values.map((v) => (v === null ? max - 1 : max)) : this.filled(n, max);
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
        },
        pageData: { values: values as DecodedArray, definitionLevels, repetitionLevels: [], maxDefinitionLevel: max },
      });
      columns.push(result.chunk);
      // Only an index of several pages is written (see writeIndexes): the file's metadata holds no more than it must.
      if (result.offsetIndex || result.columnIndex || result.bloomFilter) pw.pendingIndexes.push(result);
    }
    const total_byte_size = columns.reduce((sum, c) => sum + (c.meta_data?.total_uncompressed_size ?? 0n), 0n);
    pw.num_rows += BigInt(n);
    pw.row_groups.push({ columns, total_byte_size, num_rows: BigInt(n), total_compressed_size: BigInt(pw.writer.offset - start) });
    return this.take();
  }

  /** The page indexes and the footer. */
  finish(): Uint8Array {
    this.pw.finish();
    return this.take();
  }

  /** A text column's values as the group holds them (null for the other columns). */
  private texts(leaf: Leaf, g: PackedGroup): TextValues | null {
    const n = g.rows;
    const fixed = this.fixed.get(leaf.name);
    if (fixed) return { ...fixed, indexes: fixed.entries === 1 ? this.pattern("zeros", n) : this.pattern("alternating", 2 * n) };
    switch (leaf.name) {
      case "ability":
        return { plain: runBytes(g.abilities) };
      case "extra_info.index":
        return { plain: runBytes(g.indexes) };
      case "code_id":
        return { dictionary: runBytes(g.codeIds), entries: g.codeIds.count, indexes: g.rowRevision.subarray(0, n) };
      case "prompt.list.element.content":
        return { dictionary: runBytes(g.prompts), entries: g.prompts.count, indexes: promptIndexes(g) };
    }
    return null;
  }

  /** `length` of 0, 0, … or 0, 1, 0, 1, …, from one array that grows as needed. */
  private pattern(kind: "zeros" | "alternating", length: number): Int32Array {
    if (this.patterns[kind].length < length) {
      const a = new Int32Array(length);
      if (kind === "alternating") for (let i = 1; i < length; i += 2) a[i] = 1;
      this.patterns[kind] = a;
    }
    return this.patterns[kind].subarray(0, length);
  }

  /** A level array of `n` times `value`, kept for the next group of the same size. */
  private filled(n: number, value: number): number[] {
    let levels = this.levels.get(value);
    if (levels?.length !== n) {
      levels = new Array<number>(n).fill(value);
      this.levels.set(value, levels);
    }
    return levels;
  }

  /** The values of a leaf hyparquet-writer encodes. */
  private values(leaf: Leaf, g: PackedGroup): unknown[] {
    const n = g.rows;
    const each = (f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
    const orNull = (v: number) => (Number.isNaN(v) ? null : v);
    switch (leaf.name) {
      case "reward_model.ground_truth":
        return new Array(n).fill(null);
      case "plugin_call_max_round":
        return new Array(n).fill(this.maxRound);
      case "extra_info.solve_fc_round":
        return each((i) => (Number.isNaN(g.steps[i]) ? null : BigInt(g.steps[i]!)));
      case "extra_info.qwen32b_Bo4_score":
        return each((i) => orNull(g.bo4[i]!));
      case "extra_info.qwen32b_Bo8_score":
        return each((i) => orNull(g.bo8[i]!));
    }
    throw new Error(`no values for Parquet column ${leaf.name}`);
  }
}

/** Per row, the positions of its revision's two prompt texts in the group's dictionary. */
function promptIndexes(g: PackedGroup): Int32Array {
  const indexes = new Int32Array(2 * g.rows);
  for (let i = 0; i < g.rows; i++) {
    const r = g.rowRevision[i]!;
    indexes[2 * i] = 2 * r;
    indexes[2 * i + 1] = 2 * r + 1;
  }
  return indexes;
}

const TEXT = new TextEncoder();

/** Texts in PLAIN BYTE_ARRAY encoding. */
function plainTexts(texts: string[]): Uint8Array {
  const w = new ByteWriter();
  for (const t of texts) {
    const bytes = TEXT.encode(t);
    w.appendUint32(bytes.byteLength);
    w.appendBytes(bytes);
  }
  return w.getBytes();
}

const DECODER = new TextDecoder();

/** The imported extra_info keys beyond CodeGym's four, parsed once per row that has any. */
function extraValues(g: PackedGroup, extras: ExtraColumn[]): Map<string, unknown[]> {
  const columns = new Map(extras.map((x) => [`extra_info.${x.key}`, new Array<unknown>(g.rows).fill(null)]));
  let i = 0;
  for (const text of textsOf(g.extras)) {
    if (text) {
      const extra = JSON.parse(DECODER.decode(text)) as Record<string, unknown>;
      for (const { key, type } of extras) columns.get(`extra_info.${key}`)![i] = extraValue(extra[key], type);
    }
    i++;
  }
  return columns;
}

function extraValue(value: unknown, type: ExtraColumnType): unknown {
  if (value === undefined || value === null) return null;
  if (type === "int64") return typeof value === "number" ? BigInt(Math.trunc(value)) : null;
  return value;
}
