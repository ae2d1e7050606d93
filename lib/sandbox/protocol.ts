import { z } from "zod";
import {
  MAX_MESSAGE_CHARS,
  MAX_RESULT_BYTES,
  MAX_TRACE_CALLS,
  MAX_TRACE_OBSERVATION_CHARS,
  MAX_TRACE_PARAMETER_CHARS,
  type SandboxLimits,
} from "./limits";

// The JSON lines Node and the Python runner exchange (see lib/python/sandbox_worker.py).

/** The limits as the runner reads them: the caller's two, plus our fixed caps. */
export function runnerLimits(limits: SandboxLimits) {
  return {
    timeoutMs: limits.timeoutMs,
    memoryBytes: limits.memoryBytes,
    maxMessageChars: MAX_MESSAGE_CHARS,
    maxResultBytes: MAX_RESULT_BYTES,
    trace: {
      maxCalls: MAX_TRACE_CALLS,
      maxObservationChars: MAX_TRACE_OBSERVATION_CHARS,
      maxParameterChars: MAX_TRACE_PARAMETER_CHARS,
    },
  };
}

export function runCommand(
  task: number,
  code: string,
  configs: readonly string[],
  limits: SandboxLimits,
  inHost: boolean,
): string {
  return JSON.stringify({ op: "run", task, code, configs, limits: runnerLimits(limits), inHost });
}

export function syntaxCommand(task: number, code: string, limits: SandboxLimits): string {
  return JSON.stringify({ op: "syntax", task, code, limits: runnerLimits(limits) });
}

export function singleCommand(code: string, config: string, limits: SandboxLimits): string {
  return JSON.stringify({ code, config, limits: runnerLimits(limits) });
}

const taskId = z.number().int();

export const workerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), python: z.string() }),
  z.object({ type: z.literal("started"), task: taskId }),
  /**
   * The next line is the result itself, parsed apart: one bad result must cost one
   * configuration, not the worker (and so the worker passes it on without parsing it).
   */
  z.object({ type: z.literal("result"), task: taskId, index: z.number().int().min(0), inHost: z.boolean() }),
  z.object({ type: z.literal("done"), task: taskId }),
  z.object({
    type: z.literal("syntax"),
    task: taskId,
    ok: z.boolean(),
    line: z.number().int().nullable().optional(),
    column: z.number().int().nullable().optional(),
    message: z.string().optional(),
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

export const singleMessageSchema = z.object({ type: z.literal("result"), result: z.unknown() });

export function parseLine<T>(schema: z.ZodType<T>, line: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
