import zlib from "node:zlib";
import type { DecodedArray } from "hyparquet";
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { writeColumn } from "hyparquet-writer/src/column.js";
import type { Compressors } from "hyparquet-writer/src/types.js";
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

/**
 * Texts in one transferable buffer: text i is blob[starts[i], starts[i] + lengths[i]),
 * or null where lengths[i] is -1.
 */
export interface TextPack {
  blob: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
}

/** Packs texts (null allowed) into a TextPack. */
export function packTexts(texts: (Uint8Array | null)[]): TextPack {
  let total = 0;
  for (const t of texts) total += t?.byteLength ?? 0;
  const blob = new Uint8Array(total);
  const starts = new Int32Array(texts.length);
  const lengths = new Int32Array(texts.length);
  let at = 0;
  texts.forEach((t, i) => {
    starts[i] = at;
    if (t === null) lengths[i] = -1;
    else {
      blob.set(t, at);
      lengths[i] = t.byteLength;
      at += t.byteLength;
    }
  });
  return { blob, starts, lengths };
}

function textAt(pack: TextPack, i: number): Uint8Array | null {
  const length = pack.lengths[i]!;
  return length < 0 ? null : pack.blob.subarray(pack.starts[i]!, pack.starts[i]! + length);
}

/** The buffers a PackedGroup hands over to the encoder thread (transferred, not copied). */
export function transferablesOf(group: PackedGroup): ArrayBuffer[] {
  const { revisions: r, texts: t } = group;
  return [r.blob, r.starts, r.lengths, t.blob, t.starts, t.lengths, group.rowRevision, group.steps, group.bo4, group.bo8].map((a) => a.buffer as ArrayBuffer);
}

/** Texts per revision in PackedGroup.revisions, in this order. */
export const REVISION_TEXTS = ["system", "user", "codeId", "abilityPrefix"] as const;
/** Texts per row in PackedGroup.texts, in this order (extra: the other extra_info keys as JSON object text, or null). */
export const ROW_TEXTS = ["options", "index", "extra"] as const;

/** One row group as the export's thread packs it: each revision's texts once, each row's values in flat arrays. */
export interface PackedGroup {
  rows: number;
  revisions: TextPack;
  /** Per row, its revision's position in `revisions`. */
  rowRevision: Int32Array;
  texts: TextPack;
  /** NaN for null (and for scores that are not finite numbers, which the file holds as null). */
  steps: Float64Array;
  bo4: Float64Array;
  bo8: Float64Array;
}

/** What the encoder needs to know of the file before its first row group. */
export interface ParquetFileSpec {
  extras: ExtraColumn[];
  dataSource: string;
  pluginCallMaxRound: number;
  createdBy: string;
}


/**
 * Encodes the file one packed row group at a time with hyparquet-writer's
 * column encoder (writeColumn), handing it each leaf column's values and
 * levels directly: every row has the same shape (a two-message prompt, the
 * two structs), so the levels are known without walking nested row objects,
 * and the prompt texts are views of the revision's bytes shared by its rows
 * (the dictionary finds them by identity). ParquetWriter still writes the
 * header, the page indexes and the footer. Each call returns the bytes it
 * added to the file.
 */
export class ParquetFileEncoder {
  private readonly writer = new ByteWriter(4 << 20);
  private readonly pw: ParquetWriter;
  private readonly leaves: Leaf[];
  private readonly constants: { dataSource: Uint8Array; maxRound: bigint };
  private readonly levels = new Map<string, number[]>();

  constructor(private readonly spec: ParquetFileSpec) {
    const schema = trainingParquetSchema(spec.extras);
    this.pw = new ParquetWriter({ writer: this.writer, schema, codec: PARQUET_CODEC, compressors, createdBy: spec.createdBy });
    this.leaves = leavesOf(schema);
    this.constants = { dataSource: TEXT.encode(spec.dataSource), maxRound: BigInt(spec.pluginCallMaxRound) };
  }

  /** The bytes written since the last call; the file's offsets keep counting. */
  private take(): Uint8Array {
    const bytes = new Uint8Array(this.writer.getBuffer());
    this.writer.index = 0;
    return bytes;
  }

  group(packed: PackedGroup): Uint8Array {
    const rows = unpack(packed);
    const n = rows.length;
    const pw = this.pw;
    const extras = this.spec.extras.length ? extraValues(rows, this.spec.extras) : null;
    const start = pw.writer.offset;
    const columns = [];
    for (const leaf of this.leaves) {
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
    return this.take();
  }

  /** The page indexes and the footer. */
  finish(): Uint8Array {
    this.pw.finish();
    return this.take();
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
  private values(leaf: Leaf, rows: UnpackedRow[]): unknown[] {
    const n = rows.length;
    const each = <T>(f: (r: UnpackedRow) => T) => rows.map(f);
    const pairs = (f: (r: UnpackedRow, i: 0 | 1) => unknown) => {
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
        return abilities(rows);
      case "code_id":
        return each((r) => r.revision.codeId);
      case "prompt.list.element.role":
        return pairs((_, i) => (i ? USER : SYSTEM));
      case "prompt.list.element.name":
        return pairs((_, i) => (i ? EMPTY : FUNCTIONS));
      case "prompt.list.element.content":
        return pairs((r, i) => (i ? r.revision.user : r.revision.system));
      case "reward_model.style":
        return new Array(n).fill(STYLE);
      case "reward_model.ground_truth":
        return new Array(n).fill(null);
      case "answer":
        return new Array(n).fill(ANSWER);
      case "plugin_call_max_round":
        return new Array(n).fill(this.constants.maxRound);
      case "extra_info.index":
        return each((r) => r.index);
      case "extra_info.solve_fc_round":
        return each((r) => (r.steps === null ? null : BigInt(r.steps)));
      case "extra_info.qwen32b_Bo4_score":
        return each((r) => r.bo4);
      case "extra_info.qwen32b_Bo8_score":
        return each((r) => r.bo8);
    }
    throw new Error(`no values for Parquet column ${leaf.name}`);
  }
}

interface RevisionTexts {
  system: Uint8Array;
  user: Uint8Array;
  codeId: Uint8Array;
  abilityPrefix: Uint8Array;
}

interface UnpackedRow {
  revision: RevisionTexts;
  options: Uint8Array;
  index: Uint8Array;
  extra: Uint8Array | null;
  steps: number | null;
  bo4: number | null;
  bo8: number | null;
}

const orNull = (v: number) => (Number.isNaN(v) ? null : v);

function unpack(g: PackedGroup): UnpackedRow[] {
  const per = REVISION_TEXTS.length;
  const revisions: RevisionTexts[] = [];
  for (let i = 0; i * per < g.revisions.lengths.length; i++) {
    const [system, user, codeId, abilityPrefix] = REVISION_TEXTS.map((_, j) => textAt(g.revisions, i * per + j)!);
    revisions.push({ system: system!, user: user!, codeId: codeId!, abilityPrefix: abilityPrefix! });
  }
  const rows: UnpackedRow[] = new Array(g.rows);
  const t = ROW_TEXTS.length;
  for (let i = 0; i < g.rows; i++) {
    rows[i] = {
      revision: revisions[g.rowRevision[i]!]!,
      options: textAt(g.texts, i * t)!,
      index: textAt(g.texts, i * t + 1)!,
      extra: textAt(g.texts, i * t + 2),
      steps: orNull(g.steps[i]!),
      bo4: orNull(g.bo4[i]!),
      bo8: orNull(g.bo8[i]!),
    };
  }
  return rows;
}

/** `codegym_v1@<key>@<options>` per row, as views of one buffer (no allocation per row). */
function abilities(rows: UnpackedRow[]): Uint8Array[] {
  let total = 0;
  for (const r of rows) total += r.revision.abilityPrefix.byteLength + r.options.byteLength;
  const blob = new Uint8Array(total);
  let at = 0;
  return rows.map((r) => {
    const start = at;
    blob.set(r.revision.abilityPrefix, at);
    at += r.revision.abilityPrefix.byteLength;
    blob.set(r.options, at);
    at += r.options.byteLength;
    return blob.subarray(start, at);
  });
}

const DECODER = new TextDecoder();

/** The imported extra_info keys beyond CodeGym's four, parsed once per row that has any. */
function extraValues(rows: UnpackedRow[], extras: ExtraColumn[]): Map<string, unknown[]> {
  const columns = new Map(extras.map((x) => [`extra_info.${x.key}`, new Array<unknown>(rows.length).fill(null)]));
  rows.forEach((r, i) => {
    if (!r.extra) return;
    const extra = JSON.parse(DECODER.decode(r.extra)) as Record<string, unknown>;
    for (const { key, type } of extras) columns.get(`extra_info.${key}`)![i] = extraValue(extra[key], type);
  });
  return columns;
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
