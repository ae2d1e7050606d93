import { ByteWriter, type ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeRleBitPackedHybrid } from "hyparquet-writer/src/encoding.js";
import type { Compressors } from "hyparquet-writer/src/types.js";

// Column chunks of text columns from bytes the export's thread already laid
// out as Parquet's PLAIN encoding (parquet-group.ts): the encoder compresses
// them as they are, with no value objects, no copies into page buffers, and
// dictionaries known by position (a group holds each revision's texts once, and
// a row points at its revision) rather than found by hashing the texts.
// Every value is present (these columns have no nulls) and a chunk is one data
// page (v2), after its dictionary page if it has one; no statistics (min/max of
// texts help no reader of a training file).

// hyparquet-writer's own hyparquet types (it may hold another version of hyparquet than ours).
export type ColumnChunk = ParquetWriter["row_groups"][number]["columns"][number];
type ColumnMetaData = NonNullable<ColumnChunk["meta_data"]>;
type Encoding = ColumnMetaData["encodings"][number];

export interface TextLeaf {
  element: SchemaElement;
  /** From the schema's root to the leaf. */
  path: SchemaElement[];
  maxDefinitionLevel: number;
  maxRepetitionLevel: number;
}

export interface TextChunkCodec {
  codec: ColumnMetaData["codec"];
  compressors: Compressors;
}

/** The values of one chunk: PLAIN bytes, or a dictionary's PLAIN bytes and an index per value. */
export type TextValues = { plain: Uint8Array } | { dictionary: Uint8Array; entries: number; indexes: Int32Array };

export interface TextChunkShape {
  /** Values in the chunk (rows × values per row). */
  values: number;
  rows: number;
  /** Every value's definition level is the leaf's maximum; repetition levels are given for repeated leaves. */
  repetitionLevels?: Int32Array;
}

/** Writes one column chunk at the writer's position and returns its metadata. */
export function writeTextChunk(writer: ByteWriter, leaf: TextLeaf, codec: TextChunkCodec, shape: TextChunkShape, values: TextValues): ColumnChunk {
  const start = writer.offset;
  let uncompressed = 0;
  let dictionaryOffset: bigint | undefined;
  let encoding: Encoding = "PLAIN";
  let body: Uint8Array;
  if ("dictionary" in values) {
    dictionaryOffset = BigInt(writer.offset);
    uncompressed += writeDictionaryPage(writer, codec, values.dictionary, values.entries);
    encoding = "RLE_DICTIONARY";
    body = dictionaryIndexes(values.indexes);
  } else body = values.plain;
  const dataOffset = BigInt(writer.offset);
  uncompressed += writeDataPage(writer, leaf, codec, shape, encoding, body);
  return {
    meta_data: {
      type: "BYTE_ARRAY",
      encodings: dictionaryOffset === undefined ? ["PLAIN"] : ["PLAIN", "RLE_DICTIONARY"],
      path_in_schema: leaf.path.slice(1).map((e) => e.name),
      codec: codec.codec,
      num_values: BigInt(shape.values),
      total_uncompressed_size: BigInt(uncompressed),
      total_compressed_size: BigInt(writer.offset - start),
      data_page_offset: dataOffset,
      dictionary_page_offset: dictionaryOffset,
    },
    file_offset: BigInt(start),
  };
}

function compress(codec: TextChunkCodec, bytes: Uint8Array): Uint8Array {
  return codec.compressors[codec.codec]?.(bytes) ?? bytes;
}

/** Returns the page's uncompressed size, header included. */
function writeDictionaryPage(writer: ByteWriter, codec: TextChunkCodec, plain: Uint8Array, count: number): number {
  const compressed = compress(codec, plain);
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: "DICTIONARY_PAGE",
    uncompressed_page_size: plain.byteLength,
    compressed_page_size: compressed.byteLength,
    dictionary_page_header: { num_values: count, encoding: "PLAIN" },
  });
  const header = writer.offset - headerStart;
  writer.appendBytes(compressed);
  return header + plain.byteLength;
}

/** A dictionary data page's values: the indexes' bit width, then the indexes RLE/bit-packed. */
function dictionaryIndexes(indexes: Int32Array): Uint8Array {
  let max = 0;
  for (let i = 0; i < indexes.length; i++) if (indexes[i]! > max) max = indexes[i]!;
  const bitWidth = Math.ceil(Math.log2(max + 1));
  const out = new ByteWriter(16 + Math.ceil((indexes.length * bitWidth) / 8) + indexes.length / 4);
  out.appendUint8(bitWidth);
  writeRleBitPackedHybrid(out, indexes, bitWidth);
  return out.getBytes();
}

/** Returns the page's uncompressed size, header included. */
function writeDataPage(writer: ByteWriter, leaf: TextLeaf, codec: TextChunkCodec, shape: TextChunkShape, encoding: Encoding, body: Uint8Array): number {
  const levels = new ByteWriter(64 + shape.values / 4);
  const repetitionBytes = leaf.maxRepetitionLevel ? writeRleBitPackedHybrid(levels, shape.repetitionLevels!, bitWidthOf(leaf.maxRepetitionLevel)) : 0;
  const definitionBytes = leaf.maxDefinitionLevel ? writeConstantRun(levels, leaf.maxDefinitionLevel, shape.values) : 0;
  const compressed = compress(codec, body);
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: "DATA_PAGE_V2",
    uncompressed_page_size: levels.offset + body.byteLength,
    compressed_page_size: levels.offset + compressed.byteLength,
    data_page_header_v2: {
      num_values: shape.values,
      num_nulls: 0,
      num_rows: shape.rows,
      encoding,
      definition_levels_byte_length: definitionBytes,
      repetition_levels_byte_length: repetitionBytes,
      is_compressed: true,
    },
  });
  const header = writer.offset - headerStart;
  writer.appendBytes(levels.getBytes());
  writer.appendBytes(compressed);
  return header + levels.offset + body.byteLength;
}

function bitWidthOf(maxLevel: number): number {
  return Math.ceil(Math.log2(maxLevel + 1));
}

/** `count` times `level` as one RLE run (nothing for no values); returns the bytes written. */
function writeConstantRun(writer: ByteWriter, level: number, count: number): number {
  if (count === 0) return 0;
  const start = writer.offset;
  writer.appendVarInt(count << 1);
  const width = (bitWidthOf(level) + 7) >> 3;
  for (let j = 0; j < width; j++) writer.appendUint8((level >> (8 * j)) & 0xff);
  return writer.offset - start;
}
