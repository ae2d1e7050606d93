import { z } from "zod";
import { MAX_TRACE_CALLS } from "./limits";

export const FAILURE_KINDS = [
  "wrong_answer",
  "exception",
  "timeout",
  "memory",
  "syntax_error",
  "no_class",
  "bad_config",
  "crash",
] as const;
export const failureKindSchema = z.enum(FAILURE_KINDS);
export type FailureKind = z.infer<typeof failureKindSchema>;

/** Passed per CodeGym, but the oracle never called Done through step, or _reward is not 1. */
export const FINDINGS = ["unearned_reward"] as const;
export const findingSchema = z.enum(FINDINGS);
export type Finding = z.infer<typeof findingSchema>;

export const traceCallSchema = z.object({
  tool: z.string(),
  /** The call's parameters as JSON text (truncated), or the raw action when it was not JSON. */
  parameters: z.string(),
  observation: z.string(),
});

export const traceSchema = z.object({
  calls: z.array(traceCallSchema).max(MAX_TRACE_CALLS),
  /** Calls left out between the first and the last halves. */
  omitted: z.number().int().min(0),
});
export type Trace = z.infer<typeof traceSchema>;

const outcomeShape = {
  passed: z.boolean(),
  /** env.step_count after solve(): the oracle step count when passed. */
  steps: z.number().int().nullable(),
  seconds: z.number().min(0),
  /** Bytes: tracemalloc's peak when measured, else the kernel's estimate of peak growth. */
  peakMemory: z.number().int().min(0).nullable(),
  failureKind: failureKindSchema.nullable(),
  message: z.string(),
  findings: z.array(findingSchema),
  trace: traceSchema.nullable(),
};

const passedMeansNoFailure = (r: { passed: boolean; failureKind: FailureKind | null }) =>
  r.passed === (r.failureKind === null);
const consistency = { message: "passed must be true exactly when failureKind is null" };

/** What the Python runner reports for one configuration. */
export const configOutcomeSchema = z.object(outcomeShape).refine(passedMeansNoFailure, consistency);
export type ConfigOutcome = z.infer<typeof configOutcomeSchema>;

export const configResultSchema = z
  .object({ configIndex: z.number().int().min(0), ...outcomeShape })
  .refine(passedMeansNoFailure, consistency);
export type ConfigResult = z.infer<typeof configResultSchema>;

export function failedResult(configIndex: number, failureKind: FailureKind, message: string, seconds = 0): ConfigResult {
  return {
    configIndex,
    passed: false,
    steps: null,
    seconds,
    peakMemory: null,
    failureKind,
    message,
    findings: [],
    trace: null,
  };
}
