import { CopyBatch, encodeCopyRow } from "./copy-binary";
import type { EnvRef } from "./select-sql";
import type { RevisionPieces, TrainingRowParts } from "./training-rows";

/** The columns of configColumns() in select-sql.ts, by position. */
export const CONFIG = { rev: 0, configString: 1, index: 2, steps: 3, bo4: 4, bo8: 5, extra: 6, optionsJson: 7, indexJson: 8 } as const;
export const CONFIG_FIELDS = 9;

/**
 * A batch of training rows as the writers take them: the configurations'
 * own values where the COPY stream put them (see CopyBatch), and per row its revision's
 * environment and texts, which every row of the revision shares. Writing a
 * row reads it in place; only the preview and the tests make row objects (row()).
 */
export class TrainingRowBatch extends CopyBatch {
  /** Per row: its revision's environment and texts (filled in once the revisions are read). */
  readonly envs: EnvRef[] = [];
  readonly pieces: RevisionPieces[] = [];

  /** `fields`: CONFIG_FIELDS, or more when each row brings further columns after them. */
  constructor(capacityRows?: number, fields: number = CONFIG_FIELDS) {
    super(fields, capacityRows);
  }

  /** A batch of rows that did not come from the database (tests). */
  static of(rows: TrainingRowParts[]): TrainingRowBatch {
    const batch = new TrainingRowBatch(rows.length);
    for (const { env, pieces, cfg } of rows) {
      const row = encodeCopyRow([
        { int4: env.rev },
        cfg.configString,
        cfg.index,
        cfg.steps === null ? null : { int4: cfg.steps },
        cfg.bo4 === null ? null : { float8: cfg.bo4 },
        cfg.bo8 === null ? null : { float8: cfg.bo8 },
        cfg.extra,
        cfg.json?.options ?? null,
        cfg.json?.index ?? null,
      ]);
      batch.push(row);
      batch.attach(batch.length - 1, env, pieces);
    }
    return batch;
  }

  rev(i: number): number {
    return this.int4(i, CONFIG.rev)!;
  }

  env(i: number): EnvRef {
    return this.envs[i]!;
  }

  attach(i: number, env: EnvRef, pieces: RevisionPieces): void {
    this.envs[i] = env;
    this.pieces[i] = pieces;
  }

  /** Row `i` as an object (views into the batch): for the preview and the reference functions of training-rows.ts. */
  row(i: number): TrainingRowParts {
    const json = this.isNull(i, CONFIG.optionsJson) ? null : { options: this.bytes(i, CONFIG.optionsJson)!, index: this.bytes(i, CONFIG.indexJson)! };
    return {
      env: this.env(i),
      pieces: this.pieces[i]!,
      cfg: {
        configString: this.bytes(i, CONFIG.configString)!,
        index: this.bytes(i, CONFIG.index)!,
        steps: this.int4(i, CONFIG.steps),
        bo4: this.float8(i, CONFIG.bo4),
        bo8: this.float8(i, CONFIG.bo8),
        extra: this.bytes(i, CONFIG.extra),
        json,
      },
    };
  }
}
