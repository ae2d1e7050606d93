// What each input file contributes, before it is merged into the database.

export interface Origin {
  file: string;
  line?: number;
}

export interface ImportIssue extends Origin {
  /** Path of the offending field inside the line's JSON, e.g. `unit_test_list.2.unit_test`. */
  field?: string;
  message: string;
}

export interface IncomingConfig {
  configString: string;
  /** Options re-serialised with sorted keys: two spellings of one configuration match. */
  canonical: string;
  options: Record<string, unknown>;
  refAnswer?: unknown;
  recordedSteps?: number | null;
  recordedTime?: number | null;
  recordedMem?: number | null;
  bo4Score?: number | null;
  bo8Score?: number | null;
  trainingIndex?: string | null;
  dataSource?: string | null;
  extraInfo?: Record<string, unknown>;
}

/** A whole environment: from a record, or a `<code_id>__<EnvName>.py` source. */
export interface EnvContribution {
  kind: "env";
  key: string;
  codeId: string;
  envName: string;
  source: string;
  /** null when the input has no task text (a bare source file). */
  task: string | null;
  configs: IncomingConfig[];
  origin: Origin;
  /** Canonical options of the training rows merged into `configs` (see TrainingAhead), for the summary. */
  trainingCanonicals?: string[];
}

/** One configuration of an environment that must already exist: a training row. */
export interface ConfigContribution {
  kind: "config";
  key: string;
  codeId: string;
  envName: string;
  task: string | null;
  config: IncomingConfig;
  origin: Origin;
}

export type Contribution = EnvContribution | ConfigContribution;
export type ReadItem = Contribution | { kind: "issue"; issue: ImportIssue };

export function issue(origin: Origin, message: string, field?: string): ReadItem {
  return { kind: "issue", issue: { ...origin, ...(field ? { field } : {}), message } };
}

export function formatIssue(i: ImportIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : null, i.field ? `field ${i.field}` : null].filter(Boolean);
  return `${where.join(": ")}: ${i.message}`;
}
