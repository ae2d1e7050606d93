import type { SandboxLimits } from "./limits";
import type { ConfigResult } from "./result-schema";

export interface VerifyJob {
  /** The environment module's source text. */
  code: string;
  /** Task configurations, `<EnvName>@<JSON options>`; results carry their index here. */
  configs: string[];
  limits?: Partial<SandboxLimits>;
  /** Called as each configuration finishes, in no particular order. */
  onResult?: (result: ConfigResult) => void;
  signal?: AbortSignal;
}

export type SyntaxCheck =
  | { ok: true }
  /** line and column are 1-based; null when the compiler gave no position. */
  | { ok: false; line: number | null; column: number | null; message: string };

/** Verifies configurations; resolves with one result per configuration, in config order. */
export interface Verifier {
  run(job: VerifyJob): Promise<ConfigResult[]>;
  close(): Promise<void>;
}

/** Configurations verified so far, and how many of them their environment's host ran itself (no fork). */
export interface SandboxStats {
  configs: number;
  inHost: number;
}

/** The one way the app reaches Python execution. */
export interface Sandbox extends Verifier {
  checkSyntax(code: string): Promise<SyntaxCheck>;
  stats(): SandboxStats;
}
