import { formatAbility } from "@/lib/codegym/config-string";
import type { CopyRow } from "./copy-binary";
import type { Split } from "./formats";
import { lookahead, prefetch, type PlanContext } from "./plan";
import { batchRowsSql, environmentsSql, revisionTextsSql, trainingRowsSql, type EnvRef } from "./select-sql";
import { jsonlAfterPrompt, jsonlBeforePrompt, jsonlEnvPieces, PROMPT_JSON, promptTexts, type RevisionPieces, type TrainingRowParts } from "./training-rows";

// The training rows of an export, in export order, in batches: narrow rows of
// configurations by binary COPY, completed with their revision's environment
// and prompt, which are read once per revision (not per row) on the side
// connection and turned into the bytes the writer needs right away.

/** Rows per batch: large enough that per-batch queries cost little, small enough that a batch is garbage before the collector promotes it (which is what keeps memory flat). */
const ROW_BATCH = 1024;
/** Environments per batch of the unshuffled export (about 1,000 rows at CodeGym's ~8 configurations each). */
const ENV_BATCH = 128;

/** Columns of configColumns() in select-sql.ts. */
const CONFIG_FIELDS = 7;
/** A row as read: its revision's environment and texts are filled in by RevisionCache.complete. */
type RowRef = TrainingRowParts & { rev: number };
function decodeConfig(row: CopyRow): RowRef {
  return {
    rev: row.int4(0)!,
    env: null as unknown as EnvRef,
    cfg: { configString: row.bytes(1)!, index: row.bytes(2)!, steps: row.int4(3), bo4: row.float8(4), bo8: row.float8(5), extra: row.bytes(6) },
    pieces: null as unknown as RevisionPieces,
  };
}

/** Columns of revisionTextsSql. */
const REVISION_FIELDS = 8;
interface RevisionRow {
  env: EnvRef;
  /** UTF-8, as views into the COPY stream's chunks. */
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

/** Unshuffled batches requested ahead of the writer: the database reads while the writer encodes. */
const BATCHES_AHEAD = 4;

/**
 * The complete rows, in export order. Shuffled: one COPY of every row, sorted
 * once by the database, each batch completed with its revisions while the
 * writer takes the one before (see lookahead). Unshuffled: a cursor over the
 * environments; for each batch of them the rows (through the (revisionId,
 * position) index) and the revisions are requested at once, several batches
 * ahead, so the first rows are written at once instead of after a sort of all
 * of them and the database never waits for the writer.
 */
export function trainingRowBatches(ctx: PlanContext, mode: "fields" | "jsonl"): AsyncGenerator<TrainingRowParts[]> {
  const { reader, filter, options } = ctx;
  const cache = new RevisionCache(ctx, mode);
  if (options.shuffle) {
    return lookahead(reader.copyBatches(trainingRowsSql(filter, options), CONFIG_FIELDS, decodeConfig, ROW_BATCH), (batch) =>
      cache.complete(batch),
    );
  }
  return prefetch(
    (async function* () {
      for await (const envs of reader.batches<EnvRef>(environmentsSql(filter, options), ENV_BATCH)) {
        const rows = reader.sideCopy(batchRowsSql(envs, options), CONFIG_FIELDS, decodeConfig);
        const parts = cache.parts(envs.map((e) => e.rev));
        yield { batch: Promise.all([rows, parts]).then(([r, p]) => cache.attach(r, p)) };
      }
    })(),
    BATCHES_AHEAD,
  );
}

/**
 * Revisions held between batches, by bytes. Shuffled rows come back to a
 * revision at any time, so a shuffled export keeps as many as the budget
 * allows; unshuffled rows never do (their environment's rows are adjacent),
 * so an unshuffled export keeps only the last one, which the next batch may
 * continue — memory then stays flat however many rows there are.
 */
export const SHUFFLED_REVISION_BYTES = 64 << 20;

interface RevisionPart {
  env: EnvRef;
  pieces: RevisionPieces;
}

class RevisionCache {
  private readonly cache = new Map<number, RevisionPart>();
  private bytes = 0;
  private readonly budget: number;
  /** Texts the same in every row, as the writer takes them. */
  private readonly fixed: { instruction: Buffer; escapedInstruction: Buffer; afterPrompt: Buffer };

  constructor(
    private readonly ctx: PlanContext,
    private readonly mode: "fields" | "jsonl",
  ) {
    this.budget = ctx.options.shuffle ? SHUFFLED_REVISION_BYTES : 0;
    const instruction = Buffer.from(promptTexts(ctx.instructionText, "", "").user, "utf8");
    const escapedInstruction = Buffer.from(JSON.stringify(instruction.toString("utf8")).slice(1, -1), "utf8");
    this.fixed = { instruction, escapedInstruction, afterPrompt: Buffer.from(jsonlAfterPrompt(ctx.options), "utf8") };
  }

  /** Fills in each row's environment and texts, reading the revisions it does not hold in one query. */
  async complete(batch: RowRef[]): Promise<TrainingRowParts[]> {
    return this.attach(batch, await this.parts(batch.map((r) => r.rev)));
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
      const rows = await this.ctx.reader.sideCopy(revisionTextsSql(missing, this.ctx.options), REVISION_FIELDS, decodeRevision);
      for (const r of rows) {
        const part = { env: r.env, pieces: this.make(r) };
        local.set(r.env.rev, part);
        this.put(r.env.rev, part);
      }
    }
    return local;
  }

  attach(batch: RowRef[], parts: Map<number, RevisionPart | null>): TrainingRowParts[] {
    for (const row of batch) {
      const part = parts.get(row.rev);
      if (!part) throw new Error(`revision ${row.rev} vanished during the export`);
      row.env = part.env;
      row.pieces = part.pieces;
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
    // The line's text around the row's own values (see jsonlEnvPieces). The prompt's texts are long:
    // JSON.stringify escapes them faster than a loop over their bytes would.
    const mid = Buffer.concat([
      Buffer.from(jsonlBeforePrompt(env) + PROMPT_JSON.open + JSON.stringify(docsBlock.toString("utf8")).slice(1, -1) + PROMPT_JSON.between, "utf8"),
      escapedInstruction,
      Buffer.from(JSON.stringify(task.toString("utf8")).slice(1, -1) + PROMPT_JSON.close, "utf8"),
      afterPrompt,
    ]);
    const jsonl = { head: Buffer.from(jsonlEnvPieces(env, "", this.ctx.options).head, "utf8"), mid };
    return { jsonl, parquet: null, size: jsonl.head.byteLength + jsonl.mid.byteLength };
  }

  private put(rev: number, part: RevisionPart) {
    this.cache.set(rev, part);
    this.bytes += part.pieces.size;
    while (this.bytes > this.budget && this.cache.size > 1) {
      const [oldest, entry] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.bytes -= entry.pieces.size;
    }
  }
}

