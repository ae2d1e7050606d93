import { formatAbility } from "@/lib/codegym/config-string";
import { CopyBatch } from "./copy-binary";
import type { Split } from "./formats";
import type { PlanContext } from "./plan";
import { orderedRevisionTextsSql, shuffledTrainingRowsSql, trainingRowsSql, type EnvRef, type RowMode } from "./select-sql";
import { CONFIG_FIELDS, TrainingRowBatch } from "./training-row-batch";
import { jsonlAfterPrompt, jsonlBeforePrompt, jsonlEnvPieces, PROMPT_JSON, promptTexts, type RevisionPieces } from "./training-rows";

// The training rows of an export, in export order, in batches of narrow rows
// of configurations by binary COPY, each row completed with its revision's
// environment and prompt, turned into the bytes the writer needs right away.
// Nothing is held from one batch to the next: the unshuffled export reads its
// revisions in its rows' order, the shuffled one has the database join each
// row to its revision.

/**
 * Rows per batch. Small enough that a batch, and the revisions it points to,
 * are written well before the next two young-generation collections (see
 * EXPORT_V8_FLAGS), so none of it is promoted to the old generation; large
 * enough that per-batch costs stay small.
 */
const ROW_BATCH = 256;

/** Columns of orderedRevisionTextsSql (and of shuffledTrainingRowsSql after the row's own). */
const REVISION_FIELDS = 8;
interface RevisionRow {
  env: EnvRef;
  /** UTF-8; for JSONL as JSON string literals (see RowMode). */
  docsBlock: Buffer;
  task: Buffer;
}

/** The revision columns of row `i`, which start at column `first`. */
function revisionAt(batch: CopyBatch, i: number, first: number): RevisionRow {
  return {
    env: { rev: batch.int4(i, first)!, envId: batch.int4(i, first + 1)!, key: batch.text(i, first + 2)!, codeId: batch.text(i, first + 3)!, envName: batch.text(i, first + 4)!, split: batch.text(i, first + 5) as Split },
    docsBlock: batch.bytes(i, first + 6)!,
    task: batch.bytes(i, first + 7)!,
  };
}

/**
 * The complete rows, in export order. Unshuffled: the rows (sorted by
 * environment key) and the revisions' texts (sorted the same way) are two COPY
 * streams read side by side and joined as they arrive, so each revision is
 * read once and there is no query per batch. Shuffled: a revision's rows are
 * anywhere in the order, so one COPY brings each row with its revision's
 * columns (shuffledTrainingRowsSql) rather than the export holding revisions
 * until their last row, which would take memory in proportion to the corpus.
 */
export function trainingRowBatches(ctx: PlanContext, mode: RowMode): AsyncGenerator<TrainingRowBatch> {
  const { reader, filter, options } = ctx;
  const pieces = new PieceMaker(ctx, mode);
  if (options.shuffle) {
    const fields = CONFIG_FIELDS + REVISION_FIELDS;
    return completeInPlace(reader.copyRowBatches(shuffledTrainingRowsSql(filter, options, mode), fields, ROW_BATCH, () => new TrainingRowBatch(ROW_BATCH, fields)), pieces);
  }
  const rows = reader.copyRowBatches(trainingRowsSql(filter, options, mode), CONFIG_FIELDS, ROW_BATCH, () => new TrainingRowBatch(ROW_BATCH));
  return joinInOrder(rows, reader.sideCopyRowBatches(orderedRevisionTextsSql(filter, options, mode), REVISION_FIELDS, REVISION_BATCH, () => new CopyBatch(REVISION_FIELDS, REVISION_BATCH)), pieces);
}

/** Revisions per batch of the unshuffled export's revision stream: a row batch's worth (CodeGym environments have six or seven configurations). */
const REVISION_BATCH = 32;

/** Each row with its revision, both streams in environment-key order; revisions without rows are passed over. */
async function* joinInOrder(rows: AsyncGenerator<TrainingRowBatch>, revisions: AsyncGenerator<CopyBatch>, pieces: PieceMaker): AsyncGenerator<TrainingRowBatch> {
  let held: CopyBatch | null = null;
  let at = 0;
  let current: RevisionPart | null = null;
  try {
    for await (const batch of rows) {
      for (let i = 0; i < batch.length; i++) {
        const rev = batch.rev(i);
        while (current?.env.rev !== rev) {
          if (at === (held?.length ?? 0)) {
            const next = await revisions.next();
            if (next.done) throw new Error(`revision ${rev} vanished during the export`);
            held = next.value;
            at = 0;
          }
          current = pieces.part(revisionAt(held!, at++, 0));
        }
        batch.attach(i, current.env, current.pieces);
      }
      yield batch;
    }
  } finally {
    await revisions.return(undefined);
  }
}

/** Rows that carry their revision's columns after their own (shuffled): each completed from its own columns. */
async function* completeInPlace(rows: AsyncGenerator<TrainingRowBatch>, pieces: PieceMaker): AsyncGenerator<TrainingRowBatch> {
  for await (const batch of rows) {
    let current: RevisionPart | null = null;
    for (let i = 0; i < batch.length; i++) {
      if (current?.env.rev !== batch.rev(i)) current = pieces.part(revisionAt(batch, i, CONFIG_FIELDS));
      batch.attach(i, current.env, current.pieces);
    }
    yield batch;
  }
}

interface RevisionPart {
  env: EnvRef;
  pieces: RevisionPieces;
}

/** Makes a revision's pieces in the form its rows' writer takes them. */
class PieceMaker {
  /** Texts the same in every row, as the writers take them. */
  private readonly fixed: { instruction: Buffer; afterDocs: Buffer; afterTask: Buffer };

  constructor(
    private readonly ctx: PlanContext,
    private readonly mode: RowMode,
  ) {
    const instruction = Buffer.from(promptTexts(ctx.instructionText, "", "").user, "utf8");
    const escapedInstruction = JSON.stringify(instruction.toString("utf8")).slice(1, -1);
    this.fixed = {
      instruction,
      afterDocs: Buffer.from(PROMPT_JSON.between + escapedInstruction, "utf8"),
      afterTask: Buffer.from(PROMPT_JSON.close + jsonlAfterPrompt(ctx.options), "utf8"),
    };
  }

  /** The revision as rows carry it. */
  part(r: RevisionRow): RevisionPart {
    return { env: r.env, pieces: this.make(r) };
  }

  private make({ env, docsBlock, task }: RevisionRow): RevisionPieces {
    const { instruction, afterDocs, afterTask } = this.fixed;
    if (this.mode === "fields") {
      const parquet = {
        system: docsBlock,
        instruction,
        task,
        codeId: Buffer.from(env.codeId, "utf8"),
        abilityPrefix: Buffer.from(formatAbility(env.key, ""), "utf8"),
      };
      return { jsonl: null, parquet };
    }
    // The line's text around the row's own values (see jsonlEnvPieces); the texts came escaped, quotes and all.
    const mid = [Buffer.from(jsonlBeforePrompt(env) + PROMPT_JSON.open, "utf8"), unquoted(docsBlock), afterDocs, unquoted(task), afterTask];
    const midLength = mid.reduce((n, part) => n + part.length, 0);
    return { jsonl: { head: Buffer.from(jsonlEnvPieces(env, "", this.ctx.options).head, "utf8"), mid, midLength }, parquet: null };
  }
}

/** A JSON string literal's contents. */
function unquoted(literal: Buffer): Buffer {
  return literal.subarray(1, literal.length - 1);
}
