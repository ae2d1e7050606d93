import { formatAbility } from "@/lib/codegym/config-string";
import type { CopyRow } from "./copy-binary";
import type { Split } from "./formats";
import { lookahead, type PlanContext } from "./plan";
import { orderedRevisionTextsSql, revisionTextsSql, trainingRowsSql, type EnvRef, type RowMode } from "./select-sql";
import { CONFIG_FIELDS, TrainingRowBatch } from "./training-row-batch";
import { jsonlAfterPrompt, jsonlBeforePrompt, jsonlEnvPieces, PROMPT_JSON, promptTexts, type RevisionPieces } from "./training-rows";

// The training rows of an export, in export order, in batches: narrow rows of
// configurations by binary COPY, completed with their revision's environment
// and prompt, which are read once per revision (not per row) on the side
// connection and turned into the bytes the writer needs right away.

/**
 * Rows per batch. Small enough that a batch, and the revisions it points to,
 * are written well before the next two young-generation collections (see
 * EXPORT_V8_FLAGS), so none of it is promoted to the old generation; large
 * enough that per-batch costs (a shuffled batch's query) stay small.
 */
const ROW_BATCH = 256;

/** Columns of revisionTextsSql. */
const REVISION_FIELDS = 8;
interface RevisionRow {
  env: EnvRef;
  /** UTF-8, as views into the COPY stream's chunks; for JSONL as JSON string literals (see RowMode). */
  docsBlock: Buffer;
  task: Buffer;
}
function decodeRevision(row: CopyRow): RevisionRow {
  const rev = row.int4(0)!;
  return {
    env: { rev, envId: row.int4(1)!, key: row.text(2)!, codeId: row.text(3)!, envName: row.text(4)!, split: row.text(5) as Split },
    docsBlock: row.bytes(6)!,
    task: row.bytes(7)!,
  };
}

/**
 * The complete rows, in export order. Shuffled: one COPY of every row, sorted
 * once by the database, each batch completed with its revisions while the
 * writer takes the one before (see lookahead). Unshuffled: the rows (sorted by
 * environment key) and the revisions' texts (sorted the same way) are two COPY
 * streams read side by side and joined as they arrive, so there is no query
 * per batch and the database never waits for a round trip.
 */
export function trainingRowBatches(ctx: PlanContext, mode: RowMode): AsyncGenerator<TrainingRowBatch> {
  const { reader, filter, options } = ctx;
  const cache = new RevisionCache(ctx, mode);
  const rows = reader.copyRowBatches(trainingRowsSql(filter, options, mode), CONFIG_FIELDS, ROW_BATCH, (bytes) => new TrainingRowBatch(ROW_BATCH, bytes));
  if (options.shuffle) return lookahead(rows, (batch) => cache.complete(batch));
  return joinInOrder(rows, reader.sideCopyBatches(orderedRevisionTextsSql(filter, options, mode), REVISION_FIELDS, decodeRevision, REVISION_BATCH), cache);
}

/** Revisions per batch of the unshuffled export's revision stream: a row batch's worth (CodeGym environments have six or seven configurations). */
const REVISION_BATCH = 32;

/** Each row with its revision, both streams in environment-key order; revisions without rows are passed over. */
async function* joinInOrder(rows: AsyncGenerator<TrainingRowBatch>, revisions: AsyncGenerator<RevisionRow[]>, cache: RevisionCache): AsyncGenerator<TrainingRowBatch> {
  let held: RevisionRow[] = [];
  let at = 0;
  let current: RevisionPart | null = null;
  try {
    for await (const batch of rows) {
      for (let i = 0; i < batch.length; i++) {
        const rev = batch.rev(i);
        while (current?.env.rev !== rev) {
          if (at === held.length) {
            const next = await revisions.next();
            if (next.done) throw new Error(`revision ${rev} vanished during the export`);
            held = next.value;
            at = 0;
          }
          current = cache.part(held[at++]!);
        }
        batch.attach(i, current.env, current.pieces);
      }
      yield batch;
    }
  } finally {
    await revisions.return(undefined);
  }
}

/**
 * Revisions a shuffled export holds between batches, by bytes: its rows come
 * back to a revision at any time, so it keeps as many as the budget allows
 * (the unshuffled export needs none: its revisions arrive in its rows' order).
 */
export const SHUFFLED_REVISION_BYTES = 64 << 20;

interface RevisionPart {
  env: EnvRef;
  pieces: RevisionPieces;
}

class RevisionCache {
  private readonly cache = new Map<number, RevisionPart>();
  private bytes = 0;
  /** Texts the same in every row, as the writer takes them. */
  private readonly fixed: { instruction: Buffer; escapedInstruction: Buffer; afterPrompt: Buffer };

  constructor(
    private readonly ctx: PlanContext,
    private readonly mode: RowMode,
  ) {
    const instruction = Buffer.from(promptTexts(ctx.instructionText, "", "").user, "utf8");
    const escapedInstruction = Buffer.from(JSON.stringify(instruction.toString("utf8")).slice(1, -1), "utf8");
    this.fixed = { instruction, escapedInstruction, afterPrompt: Buffer.from(jsonlAfterPrompt(ctx.options), "utf8") };
  }

  /** Fills in each row's environment and texts, reading the revisions it does not hold in one query. */
  async complete(batch: TrainingRowBatch): Promise<TrainingRowBatch> {
    const revs: number[] = [];
    for (let i = 0; i < batch.length; i++) revs.push(batch.rev(i));
    return this.attach(batch, await this.parts(revs));
  }

  /**
   * The given revisions, those not held read in one query. The result holds
   * them for the caller: a batch completed concurrently may evict them from the cache meanwhile.
   */
  async parts(revs: number[]): Promise<Map<number, RevisionPart | null>> {
    const local = new Map<number, RevisionPart | null>();
    const missing: number[] = [];
    for (const rev of revs) {
      if (local.has(rev)) continue;
      const hit = this.cache.get(rev);
      if (hit) {
        this.cache.delete(rev); // refresh its place in the LRU order
        this.cache.set(rev, hit);
      } else missing.push(rev);
      local.set(rev, hit ?? null);
    }
    if (missing.length) {
      const rows = await this.ctx.reader.sideCopy(revisionTextsSql(missing, this.ctx.options, this.mode), REVISION_FIELDS, decodeRevision);
      for (const r of rows) {
        const part = this.part(r);
        local.set(r.env.rev, part);
        this.put(r.env.rev, part);
      }
    }
    return local;
  }

  /** The revision as rows carry it. */
  part(r: RevisionRow): RevisionPart {
    return { env: r.env, pieces: this.make(r) };
  }

  attach(batch: TrainingRowBatch, parts: Map<number, RevisionPart | null>): TrainingRowBatch {
    for (let i = 0; i < batch.length; i++) {
      const part = parts.get(batch.rev(i));
      if (!part) throw new Error(`revision ${batch.rev(i)} vanished during the export`);
      batch.attach(i, part.env, part.pieces);
    }
    return batch;
  }

  private make({ env, docsBlock, task }: RevisionRow): RevisionPieces {
    const { instruction, escapedInstruction, afterPrompt } = this.fixed;
    if (this.mode === "fields") {
      const parquet = {
        system: docsBlock,
        user: Buffer.concat([instruction, task]),
        codeId: Buffer.from(env.codeId, "utf8"),
        abilityPrefix: Buffer.from(formatAbility(env.key, ""), "utf8"),
      };
      return { jsonl: null, parquet, size: parquet.system.byteLength + parquet.user.byteLength };
    }
    // The line's text around the row's own values (see jsonlEnvPieces); the texts came escaped, quotes and all.
    const mid = Buffer.concat([
      Buffer.from(jsonlBeforePrompt(env) + PROMPT_JSON.open, "utf8"),
      unquoted(docsBlock),
      Buffer.from(PROMPT_JSON.between, "utf8"),
      escapedInstruction,
      unquoted(task),
      Buffer.from(PROMPT_JSON.close, "utf8"),
      afterPrompt,
    ]);
    const jsonl = { head: Buffer.from(jsonlEnvPieces(env, "", this.ctx.options).head, "utf8"), mid };
    return { jsonl, parquet: null, size: jsonl.head.byteLength + jsonl.mid.byteLength };
  }

  private put(rev: number, part: RevisionPart) {
    this.cache.set(rev, part);
    this.bytes += part.pieces.size;
    while (this.bytes > SHUFFLED_REVISION_BYTES && this.cache.size > 1) {
      const [oldest, entry] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.bytes -= entry.pieces.size;
    }
  }
}


/** A JSON string literal's contents. */
function unquoted(literal: Buffer): Buffer {
  return literal.subarray(1, literal.length - 1);
}
