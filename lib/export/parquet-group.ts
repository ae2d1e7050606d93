import { CONFIG, type TrainingRowBatch } from "./training-row-batch";
import { optionsBytes } from "./training-rows";

// One row group of a Parquet export as the export's thread hands it to the
// encoder thread (parquet-writer.ts → parquet-encoder.worker.ts): a few flat
// buffers, transferred (not copied), and handed back with the encoded bytes to
// be filled again. Rows are packed as they arrive, so a group holds no row
// objects and no views into the database's stream; the texts are laid out as
// Parquet's PLAIN encoding stores them, so the encoder compresses them as they are.

/**
 * A group ends at 5,000 rows or once its texts reach 2 MB, whichever comes
 * first. Rows vary (a shuffled group holds a revision's prompt for nearly
 * every row, an unshuffled one for every eight or so), so the bytes are what
 * bound the memory a group takes in either thread; and an export of 10,000
 * rows already fills every group buffer a long one goes on reusing.
 */
export const GROUP_LIMITS = { rows: 5000, bytes: 2 << 20 };
export type GroupLimits = typeof GROUP_LIMITS;

const NULL_TEXT = 0xffffffff;

/**
 * Texts one after another, each as its 4-byte little-endian length and its
 * UTF-8 bytes (a null as length 0xFFFFFFFF and no bytes): without nulls, this
 * is a Parquet BYTE_ARRAY column's PLAIN encoding.
 */
export interface TextRun {
  bytes: Uint8Array;
  /** Bytes filled. */
  used: number;
  count: number;
}

export interface PackedGroup {
  rows: number;
  /** Per revision in the group: its code_id. */
  codeIds: TextRun;
  /** Per revision in the group: its system message's content, then its user message's. */
  prompts: TextRun;
  /** Per row (the first `rows`): its revision's position in codeIds (and half its position in prompts). */
  rowRevision: Int32Array;
  /** Per row: `codegym_v1@<key>@<options>`. */
  abilities: TextRun;
  indexes: TextRun;
  /** Per row: the other extra_info keys as JSON object text, or null. */
  extras: TextRun;
  /** Per row: NaN for null (and for scores that are not finite numbers, which the file holds as null). */
  steps: Float64Array;
  bo4: Float64Array;
  bo8: Float64Array;
}

/** The buffers a group hands over between the threads. */
export function transferablesOf(g: PackedGroup): ArrayBuffer[] {
  return [g.codeIds.bytes, g.prompts.bytes, g.rowRevision, g.abilities.bytes, g.indexes.bytes, g.extras.bytes, g.steps, g.bo4, g.bo8].map((a) => a.buffer as ArrayBuffer);
}

/** The texts of a run in order, as views of its bytes (null for a null). */
export function* textsOf(run: TextRun): Generator<Uint8Array | null> {
  const view = new DataView(run.bytes.buffer, run.bytes.byteOffset, run.used);
  for (let at = 0; at < run.used; ) {
    const length = view.getUint32(at, true);
    at += 4;
    if (length === NULL_TEXT) yield null;
    else {
      yield run.bytes.subarray(at, at + length);
      at += length;
    }
  }
}

/** The valid part of a run's bytes (its PLAIN encoding when it holds no nulls). */
export function runBytes(run: TextRun): Uint8Array {
  return run.bytes.subarray(0, run.used);
}

const INITIAL_RUN_BYTES = 1 << 16;

function emptyRun(): TextRun {
  return { bytes: new Uint8Array(INITIAL_RUN_BYTES), used: 0, count: 0 };
}

/** Appends one text, `a` followed by `b` if given, or a null. */
function append(run: TextRun, a: Uint8Array | null, b?: Uint8Array): void {
  const length = a ? a.byteLength + (b?.byteLength ?? 0) : 0;
  const need = run.used + 4 + length;
  if (need > run.bytes.byteLength) {
    const grown = new Uint8Array(Math.max(need, 2 * run.bytes.byteLength));
    grown.set(run.bytes.subarray(0, run.used));
    run.bytes = grown;
  }
  const bytes = run.bytes;
  let at = run.used;
  const prefix = a ? length : NULL_TEXT;
  bytes[at] = prefix & 0xff;
  bytes[at + 1] = (prefix >>> 8) & 0xff;
  bytes[at + 2] = (prefix >>> 16) & 0xff;
  bytes[at + 3] = prefix >>> 24;
  at += 4;
  if (a) {
    bytes.set(a, at);
    at += a.byteLength;
    if (b) {
      bytes.set(b, at);
      at += b.byteLength;
    }
  }
  run.used = at;
  run.count++;
}

/**
 * Packs rows into a group as they come (each revision's texts once per group)
 * and says when the group is full; in the buffers of a group the encoder is
 * done with, when there is one.
 */
export class GroupPacker {
  private readonly revisionOf = new Map<number, number>();
  readonly group: PackedGroup;

  constructor(
    reused?: PackedGroup,
    private readonly limits: GroupLimits = GROUP_LIMITS,
  ) {
    this.group = reused ?? {
      rows: 0,
      codeIds: emptyRun(),
      prompts: emptyRun(),
      rowRevision: new Int32Array(limits.rows),
      abilities: emptyRun(),
      indexes: emptyRun(),
      extras: emptyRun(),
      steps: new Float64Array(limits.rows),
      bo4: new Float64Array(limits.rows),
      bo8: new Float64Array(limits.rows),
    };
    const g = this.group;
    g.rows = 0;
    for (const run of [g.codeIds, g.prompts, g.abilities, g.indexes, g.extras]) {
      run.used = 0;
      run.count = 0;
      // A run one huge text made huge is not kept for the rest of the export.
      if (run.bytes.byteLength > 2 * limits.bytes) run.bytes = new Uint8Array(INITIAL_RUN_BYTES);
    }
  }

  get rows(): number {
    return this.group.rows;
  }

  get full(): boolean {
    const g = this.group;
    return g.rows >= this.limits.rows || g.prompts.used + g.abilities.used + g.indexes.used + g.extras.used + g.codeIds.used >= this.limits.bytes;
  }

  /** Packs row `i` of the batch. */
  add(batch: TrainingRowBatch, i: number): void {
    const g = this.group;
    const p = batch.pieces[i]!.parquet!;
    const rev = batch.rev(i);
    let r = this.revisionOf.get(rev);
    if (r === undefined) {
      r = this.revisionOf.size;
      this.revisionOf.set(rev, r);
      append(g.codeIds, p.codeId);
      append(g.prompts, p.system);
      append(g.prompts, p.instruction, p.task);
    }
    const n = g.rows++;
    g.rowRevision[n] = r;
    append(g.abilities, p.abilityPrefix, optionsBytes(batch.bytes(i, CONFIG.configString)!));
    append(g.indexes, batch.bytes(i, CONFIG.index));
    append(g.extras, batch.bytes(i, CONFIG.extra));
    g.steps[n] = batch.int4(i, CONFIG.steps) ?? NaN;
    g.bo4[n] = finiteOrNaN(batch.float8(i, CONFIG.bo4));
    g.bo8[n] = finiteOrNaN(batch.float8(i, CONFIG.bo8));
  }
}

/** The file holds scores that are not finite numbers as null. */
function finiteOrNaN(v: number | null): number {
  return v === null || !Number.isFinite(v) ? NaN : v;
}
