// The sandbox's public surface: the rest of the app reaches Python execution only through here.
export { createSandboxPool, type SandboxPoolOptions } from "./pool";
export { createBaselineVerifier, type BaselineOptions } from "./baseline";
export { SandboxError, type SandboxErrorKind } from "./errors";
export { DEFAULT_LIMITS, DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT_MS, sandboxLimitsSchema, type SandboxLimits } from "./limits";
export {
  configResultSchema,
  failureKindSchema,
  FAILURE_KINDS,
  FINDINGS,
  traceSchema,
  type ConfigResult,
  type FailureKind,
  type Finding,
  type Trace,
} from "./result-schema";
export type { Sandbox, SandboxStats, SyntaxCheck, Verifier, VerifyJob } from "./types";
