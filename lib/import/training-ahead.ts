import type { ConfigContribution, EnvContribution, IncomingConfig, ReadItem } from "./contributions";
import type { Input } from "./inputs";
import { definedFields } from "./write-configs";

/**
 * At most this many training rows are read ahead of the environments. Bounds the
 * importer's memory whatever the files' size (a row held here is a few hundred
 * bytes: its task text is kept once per key); rows past the bound, and rows of
 * environments this run does not import, take the usual second pass.
 */
export const TRAINING_AHEAD_LIMIT = 120_000;

/** One training input, partly read ahead: the rows read so far, then the rest of its reader. */
export interface TrainingAheadInput {
  input: Input;
  /** Duplicate check of the whole input, carried from the read-ahead to the rest. */
  firstSeen: Map<string, number | undefined>;
  /** Rows read ahead, in file order (rows merged into an environment are dropped when it is written). */
  ahead: ConfigContribution[];
  rest: AsyncGenerator<ReadItem>;
}

/**
 * Training rows read before the records and sources of the same run, so that an
 * environment imported in this run takes its training data in its one insert:
 * no second pass of configuration updates and environment refreshes.
 * Equivalent to the second pass because training rows only ever overlay the
 * recorded fields they carry, in file order, on the configuration with the same
 * canonical options, or append it.
 */
export class TrainingAhead {
  private readonly byKey = new Map<string, ConfigContribution[]>();
  private readonly mergedKeys = new Set<string>();
  private readonly mergedRows = new Set<ConfigContribution>();
  private held = 0;

  get full(): boolean {
    return this.held >= TRAINING_AHEAD_LIMIT;
  }

  /** Keeps a row for its environment; returns the row as kept, for the input's list of rows read ahead. */
  hold(row: ConfigContribution): ConfigContribution {
    const rows = this.byKey.get(row.key);
    // writeConfigBatch takes the task text of a key's first row that has one; later ones need not be kept.
    const kept = rows?.some((r) => r.task) ? { ...row, task: null } : row;
    if (rows) rows.push(kept);
    else this.byKey.set(row.key, [kept]);
    this.held++;
    return kept;
  }

  /**
   * The environment with the training rows of its key merged in, or as it is.
   * Only contributions with a task text take them: a bare source's training
   * rows may still have to fill in the stored revision's task, which the
   * second pass does.
   */
  mergeInto(env: EnvContribution): EnvContribution {
    const rows = this.byKey.get(env.key);
    if (!rows || !env.task || this.mergedKeys.has(env.key)) return env;
    this.mergedKeys.add(env.key);
    this.byKey.delete(env.key);
    for (const r of rows) this.mergedRows.add(r);
    const configs = [...env.configs];
    const at = new Map(configs.map((c, i) => [c.canonical, i]));
    for (const { config } of rows) {
      const i = at.get(config.canonical);
      if (i === undefined) {
        at.set(config.canonical, configs.length);
        configs.push(config);
      } else configs[i] = { ...configs[i]!, ...(definedFields(config) as Partial<IncomingConfig>) };
    }
    return { ...env, configs, trainingCanonicals: rows.map((r) => r.config.canonical) };
  }

  /** Whether a row was merged into an environment of this run (and must not be written again). */
  wasMerged(row: ConfigContribution): boolean {
    return this.mergedRows.has(row);
  }
}
