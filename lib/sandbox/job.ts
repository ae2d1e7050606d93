import { SandboxError } from "./errors";
import { DEFAULT_LIMITS, MAX_CODE_BYTES, MAX_CONFIG_BYTES, sandboxLimitsSchema, type SandboxLimits } from "./limits";
import { configOutcomeSchema, failedResult, type ConfigResult } from "./result-schema";
import type { VerifyJob } from "./types";

export function resolveLimits(limits: Partial<SandboxLimits> | undefined): SandboxLimits {
  const parsed = sandboxLimitsSchema.safeParse({ ...DEFAULT_LIMITS, ...limits });
  if (!parsed.success) throw new SandboxError("invalid_job", `invalid sandbox limits: ${parsed.error.message}`);
  return parsed.data;
}

export function checkCodeSize(code: string): void {
  if (Buffer.byteLength(code) > MAX_CODE_BYTES) {
    throw new SandboxError("invalid_job", `the module is larger than ${MAX_CODE_BYTES} bytes`);
  }
}

/** Collects one job's results as they come, in any order, from any number of tasks. */
export class JobResults {
  readonly code: string;
  readonly configs: readonly string[];
  readonly limits: SandboxLimits;
  readonly done: Promise<ConfigResult[]>;
  private readonly results: (ConfigResult | undefined)[];
  private remaining: number;
  private settled = false;
  private resolve: (results: ConfigResult[]) => void = () => {};
  private reject: (error: unknown) => void = () => {};

  constructor(private readonly job: VerifyJob) {
    checkCodeSize(job.code);
    const tooLong = job.configs.findIndex((c) => Buffer.byteLength(c) > MAX_CONFIG_BYTES);
    if (tooLong >= 0) {
      throw new SandboxError("invalid_job", `configuration ${tooLong} is larger than ${MAX_CONFIG_BYTES} bytes`);
    }
    this.code = job.code;
    this.configs = [...job.configs];
    this.limits = resolveLimits(job.limits);
    this.results = new Array(this.configs.length).fill(undefined);
    this.remaining = this.configs.length;
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (this.remaining === 0) this.finish();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  has(configIndex: number): boolean {
    return this.results[configIndex] !== undefined;
  }

  /** Records what the runner said; a result that fails the schema counts as a crash. */
  recordOutcome(configIndex: number, outcome: unknown): void {
    const parsed = configOutcomeSchema.safeParse(outcome);
    this.record(
      parsed.success
        ? { configIndex, ...parsed.data }
        : failedResult(configIndex, "crash", "the sandbox returned a malformed result"),
    );
  }

  record(result: ConfigResult): void {
    if (this.settled || this.has(result.configIndex)) return;
    this.results[result.configIndex] = result;
    this.remaining--;
    try {
      this.job.onResult?.(result);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.remaining === 0) this.finish();
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    this.resolve(this.results.filter((r): r is ConfigResult => r !== undefined));
  }
}
