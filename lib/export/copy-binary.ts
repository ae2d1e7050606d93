import type { Readable } from "node:stream";

// PostgreSQL's binary COPY format (COPY … TO STDOUT (FORMAT binary)), read
// straight from the byte stream: an 11-byte signature, flags, a header
// extension, then per row a 16-bit field count and per field a 32-bit length
// (-1 = NULL) followed by that many bytes; a field count of -1 ends the data.
// Text arrives as its UTF-8 bytes, int4 and float8 as big-endian numbers. No
// per-row protocol objects and no text parsing: this is what lets an export read
// rows several times faster than through row-by-row query results.

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;

/** Where the row being read is: its buffer (a stream chunk, or a row put together across two) and each field's place in it. */
export class CopyRow {
  buffer: Buffer = Buffer.alloc(0);
  /** Start of each field's bytes, -1 for NULL. */
  readonly starts: Int32Array;
  readonly lengths: Int32Array;

  constructor(readonly fields: number) {
    this.starts = new Int32Array(fields);
    this.lengths = new Int32Array(fields);
  }
}

/** The length of the row at `at` in `buf`, or -1 when `buf` ends inside it. */
function rowLength(buf: Buffer, at: number, fields: number): number {
  let p = at + 2;
  for (let i = 0; i < fields; i++) {
    if (p + 4 > buf.length) return -1;
    const length = buf.readInt32BE(p);
    p += 4 + (length > 0 ? length : 0);
    if (p > buf.length) return -1;
  }
  return p - at;
}

/** Points `row` at the fields of the complete row at `at` (see rowLength). */
function locate(row: CopyRow, buf: Buffer, at: number, fields: number): void {
  row.buffer = buf;
  let p = at + 2;
  for (let i = 0; i < fields; i++) {
    const length = buf.readInt32BE(p);
    p += 4;
    if (length === -1) {
      row.starts[i] = -1;
      row.lengths[i] = 0;
    } else {
      row.starts[i] = p;
      row.lengths[i] = length;
      p += length;
    }
  }
}

/**
 * Reads a binary COPY stream of rows of `fields` columns into CopyBatches of
 * up to `batchRows` rows each, made by `make`. A row split between two chunks
 * is put together from the end of one and as little of the next as it needs,
 * so chunks are never copied whole. The batches point into the chunks, which
 * nothing writes to once read (pg-copy-streams hands over fresh buffers).
 */
export async function* copyRowBatches<B extends CopyBatch>(stream: Readable, fields: number, batchRows: number, make: () => B): AsyncGenerator<B> {
  let batch = make();
  const row = new CopyRow(fields);
  let rest: Buffer | null = null;
  let headerRead = false;
  let ended = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (ended) continue; // only the end of the stream follows the trailer
    let buf: Buffer = chunk;
    let at = 0;
    if (!headerRead) {
      buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      rest = null;
      const extension = buf.length >= HEADER_BYTES ? buf.readUInt32BE(SIGNATURE.length + 4) : 0;
      if (buf.length < HEADER_BYTES + extension) {
        rest = buf;
        continue;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
      at = HEADER_BYTES + extension;
      headerRead = true;
    } else if (rest) {
      // The row split at the end of the last chunk, completed from a growing prefix of this one.
      const before = rest.length;
      let joined: Buffer = rest;
      let length = -1;
      for (let take = 256; ; take *= 4) {
        joined = Buffer.concat([rest, chunk.subarray(0, Math.min(take, chunk.length))]);
        length = joined.length >= 2 && joined.readInt16BE(0) === -1 ? 2 : rowLength(joined, 0, fields);
        if (length >= 0 || take >= chunk.length) break;
      }
      if (length < 0) {
        rest = joined; // still incomplete: this chunk was all inside the row
        continue;
      }
      rest = null;
      if (joined.readInt16BE(0) === -1) {
        ended = true;
        continue;
      }
      if (joined.readInt16BE(0) !== fields) throw new Error(`binary COPY row has ${joined.readInt16BE(0)} fields, expected ${fields}`);
      locate(row, joined, 0, fields);
      batch.push(row);
      at = length - before;
    }
    while (at + 2 <= buf.length) {
      if (buf.readInt16BE(at) === -1) {
        ended = true;
        break;
      }
      const count = buf.readInt16BE(at);
      if (count !== fields) throw new Error(`binary COPY row has ${count} fields, expected ${fields}`);
      const length = rowLength(buf, at, fields);
      if (length < 0) break;
      locate(row, buf, at, fields);
      batch.push(row);
      at += length;
      if (batch.length >= batchRows) {
        yield batch;
        batch = make();
      }
    }
    if (!ended && at < buf.length) rest = buf.subarray(at);
  }
  if (!ended) throw new Error("binary COPY stream ended without its trailer");
  if (batch.length) yield batch;
}

/**
 * Rows of a binary COPY stream, each field found by its offset in the
 * stream's chunk that holds its row (chunks are never reused, see
 * copyRowBatches). A batch costs a few allocations however many rows it holds:
 * no object per row and no view per field, so nothing made per row lives long
 * enough for the garbage collector to promote it to the old generation, and
 * the chunks go with their batch (which is what lets an export's memory stay
 * flat however long it runs).
 */
export class CopyBatch {
  length = 0;
  /** The buffers the rows are in, each listed once. */
  private readonly buffers: Buffer[] = [];
  /** Per row: its buffer's place in `buffers`. */
  private rowBuffer: Int32Array;
  /** Per row and field: where its bytes start in the row's buffer (-1 for NULL), and how many. */
  private starts: Int32Array;
  private lengths: Int32Array;

  constructor(
    readonly fields: number,
    capacityRows = 1024,
  ) {
    this.rowBuffer = new Int32Array(capacityRows);
    this.starts = new Int32Array(capacityRows * fields);
    this.lengths = new Int32Array(capacityRows * fields);
  }

  /** Takes the row in (CopyRow's buffer is kept, not copied). */
  push(row: CopyRow): void {
    if (row.fields !== this.fields) throw new Error(`a row of ${row.fields} fields in a batch of ${this.fields}`);
    if (this.length === this.rowBuffer.length) {
      this.rowBuffer = grown(this.rowBuffer, 2 * this.length + 1);
      this.starts = grown(this.starts, this.rowBuffer.length * this.fields);
      this.lengths = grown(this.lengths, this.rowBuffer.length * this.fields);
    }
    if (this.buffers[this.buffers.length - 1] !== row.buffer) this.buffers.push(row.buffer);
    this.rowBuffer[this.length] = this.buffers.length - 1;
    const base = this.length * this.fields;
    this.starts.set(row.starts, base);
    this.lengths.set(row.lengths, base);
    this.length++;
  }

  private buffer(i: number): Buffer {
    return this.buffers[this.rowBuffer[i]!]!;
  }

  isNull(i: number, f: number): boolean {
    return this.starts[i * this.fields + f] === -1;
  }

  int4(i: number, f: number): number | null {
    const at = this.starts[i * this.fields + f]!;
    return at === -1 ? null : this.buffer(i).readInt32BE(at);
  }

  float8(i: number, f: number): number | null {
    const at = this.starts[i * this.fields + f]!;
    return at === -1 ? null : this.buffer(i).readDoubleBE(at);
  }

  text(i: number, f: number): string | null {
    const at = this.starts[i * this.fields + f]!;
    return at === -1 ? null : this.buffer(i).toString("utf8", at, at + this.lengths[i * this.fields + f]!);
  }

  /** The field's bytes as a view (valid as long as the batch), null for NULL. */
  bytes(i: number, f: number): Buffer | null {
    const at = this.starts[i * this.fields + f]!;
    return at === -1 ? null : this.buffer(i).subarray(at, at + this.lengths[i * this.fields + f]!);
  }

  /** The field's length in bytes (0 for NULL). */
  byteLengthOf(i: number, f: number): number {
    return this.lengths[i * this.fields + f]!;
  }

  /** Copies the field's bytes, less `trim` at each end, into `target` at `at`; returns how many it copied. */
  copyTo(i: number, f: number, target: Uint8Array, at: number, trim = 0): number {
    const start = this.starts[i * this.fields + f]!;
    if (start === -1) return 0;
    return this.buffer(i).copy(target, at, start + trim, start + this.lengths[i * this.fields + f]! - trim);
  }
}

function grown(a: Int32Array, length: number): Int32Array {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/** A value as binary COPY sends it: int4 and float8 fields are tagged, text fields are their UTF-8 bytes, null is NULL. */
export type CopyValue = { int4: number } | { float8: number } | Uint8Array | null;

/** One row in binary COPY's row format (for building rows that did not come from the database, as tests do). */
export function encodeCopyRow(values: CopyValue[]): CopyRow {
  const parts: Buffer[] = [Buffer.alloc(2)];
  parts[0]!.writeInt16BE(values.length);
  for (const v of values) {
    const head = Buffer.alloc(4);
    if (v === null) {
      head.writeInt32BE(-1);
      parts.push(head);
      continue;
    }
    let body: Buffer;
    if (v instanceof Uint8Array) body = Buffer.from(v);
    else if ("int4" in v) (body = Buffer.alloc(4)).writeInt32BE(v.int4);
    else (body = Buffer.alloc(8)).writeDoubleBE(v.float8);
    head.writeInt32BE(body.length);
    parts.push(head, body);
  }
  const row = new CopyRow(values.length);
  locate(row, Buffer.concat(parts), 0, values.length);
  return row;
}
