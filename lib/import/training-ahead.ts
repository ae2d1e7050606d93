import zlib from "node:zlib";
import type { ConfigContribution, EnvContribution, IncomingConfig, ReadItem } from "./contributions";
import type { Input } from "./inputs";
import { definedFields } from "./write-configs";

/**
 * At most this many bytes of (compressed) training rows are read ahead of the
 * environments, which bounds the importer's memory whatever the files' size
 * (the paper-scale 86k rows take ~22 MB, ~40 MB of heap with their index);
 * rows past the bound, and rows of environments this run does not import,
 * take the usual second pass.
 */
export const TRAINING_AHEAD_BYTES = 32 * 1024 * 1024;

/** One training input, partly read ahead: its rows held so far, then the rest of its reader. */
export interface TrainingAheadInput {
  input: Input;
  /** Duplicate check of the whole input, carried from the read-ahead to the rest. */
  firstSeen: Map<string, number | undefined>;
  /** This input's blocks of rows in TrainingAhead, in file order: [first, end). */
  first: number;
  end: number;
  rest: AsyncGenerator<ReadItem>;
}

/**
 * Training rows read before the records and sources of the same run, so that an
 * environment imported in this run takes its training data in its one insert:
 * no second pass of configuration updates and environment refreshes.
 * Equivalent to the second pass because training rows only ever overlay the
 * recorded fields they carry, in file order, on the configuration with the same
 * canonical options, or append it.
 *
 * Consecutive rows of one key are held as one deflated JSON block: parsed, a
 * row is ~1.5 kB of small objects; a block of a key's rows, which repeat
 * each other, compresses to a fraction of its text.
 */
export class TrainingAhead {
  private readonly blocks: { key: string; data: string | null }[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly withTask = new Set<string>();
  private open: { key: string; rows: ConfigContribution[] } | null = null;
  private bytes = 0;

  constructor(private readonly limitBytes = TRAINING_AHEAD_BYTES) {}

  get full(): boolean {
    return this.bytes >= this.limitBytes;
  }

  hold(row: ConfigContribution): void {
    if (this.open && this.open.key !== row.key) this.seal();
    // writeConfigBatch takes the task text of a key's first row that has one; later ones need not be kept.
    const kept = this.withTask.has(row.key) ? { ...row, task: null } : row;
    if (row.task) this.withTask.add(row.key);
    if (this.open) this.open.rows.push(kept);
    else this.open = { key: row.key, rows: [kept] };
  }

  /** Closes the block being filled; returns how many blocks there are, the end of an input's range. */
  seal(): number {
    if (this.open) {
      // As a one-byte string on the heap: zlib's result is a view of its whole output chunk (16 kB or more), which a block would keep alive.
      const data = zlib.deflateRawSync(JSON.stringify(this.open.rows), { level: 1 }).toString("latin1");
      const at = this.byKey.get(this.open.key);
      if (at) at.push(this.blocks.length);
      else this.byKey.set(this.open.key, [this.blocks.length]);
      this.blocks.push({ key: this.open.key, data });
      this.bytes += data.length;
      this.open = null;
    }
    return this.blocks.length;
  }

  /**
   * The environment with the training rows of its key merged in, or as it is.
   * Only contributions with a task text take them: a bare source's training
   * rows may still have to fill in the stored revision's task, which the
   * second pass does. A key's rows go into its first environment of the run.
   */
  mergeInto(env: EnvContribution): EnvContribution {
    const at = this.byKey.get(env.key);
    if (!at || !env.task) return env;
    this.byKey.delete(env.key);
    const configs = [...env.configs];
    const index = new Map(configs.map((c, i) => [c.canonical, i]));
    const canonicals: string[] = [];
    for (const n of at) {
      for (const { config } of this.take(n)) {
        canonicals.push(config.canonical);
        const i = index.get(config.canonical);
        if (i === undefined) {
          index.set(config.canonical, configs.length);
          configs.push(config);
        } else configs[i] = { ...configs[i]!, ...(definedFields(config) as Partial<IncomingConfig>) };
      }
    }
    return { ...env, configs, trainingCanonicals: canonicals };
  }

  /** The rows of blocks [first, end) that no environment of this run took, for the second pass. */
  *leftOver(first: number, end: number): Generator<ConfigContribution> {
    for (let n = first; n < end; n++) yield* this.take(n);
  }

  private take(n: number): ConfigContribution[] {
    const block = this.blocks[n]!;
    if (!block.data) return [];
    const rows = JSON.parse(zlib.inflateRawSync(Buffer.from(block.data, "latin1")).toString("utf8")) as ConfigContribution[];
    this.bytes -= block.data.length;
    block.data = null;
    return rows;
  }
}
