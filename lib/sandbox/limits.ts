import { z } from "zod";

// Every byte, time and count limit of the sandbox, named once. The Python side receives the
// per-configuration ones with each task (see protocol.ts), so this file is their only source.

const KiB = 1024;
const MiB = 1024 * KiB;

/** CodeGym's caps per configuration. */
export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_MEMORY_BYTES = 100 * MiB;

/** The oracle's call trace: the first and last halves of this many calls are kept. */
export const MAX_TRACE_CALLS = 2000;
export const MAX_TRACE_OBSERVATION_CHARS = 2048;
export const MAX_TRACE_PARAMETER_CHARS = 1024;
/** A result's message (verdict text, or exception with traceback). */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * One configuration's encoded result; more is an output flood (failure kind crash). A full
 * trace may legitimately come near: 2000 calls of up to ~3300 characters, which JSON's
 * escapes can make 6 bytes each.
 */
export const MAX_RESULT_BYTES = 48 * MiB;
/** One line from a sandbox process to Node: a result plus its envelope. */
export const MAX_WORKER_LINE_BYTES = MAX_RESULT_BYTES + 64 * KiB;
/** Of a sandbox's stderr only the tail is kept, for error messages. */
export const MAX_STDERR_TAIL_BYTES = 8 * KiB;
/** Input we accept for one job. */
export const MAX_CODE_BYTES = 8 * MiB;
export const MAX_CONFIG_BYTES = 1 * MiB;

/** Processes (and threads) one sandbox may hold at once: fork bombs stop here. */
export const MAX_SANDBOX_PROCESSES = 32;
/** Largest file a sandboxed process may write (RLIMIT_FSIZE). */
export const MAX_FILE_BYTES = 16 * MiB;
/** Size of the sandbox's private /tmp. */
export const TMPFS_BYTES = 64 * MiB;

/** A new worker must say it is ready within this time, or the sandbox counts as unavailable. */
export const WORKER_STARTUP_TIMEOUT_MS = 15_000;
/** Beyond the worker's own deadlines, before Node kills a silent worker. */
export const WATCHDOG_GRACE_MS = 5000;
/** The baseline's fresh interpreter starts and loads the module before the timed span. */
export const BASELINE_STARTUP_GRACE_MS = 2000;
/** A job's configurations are split into tasks of at least this many, spread over workers. */
export const MIN_TASK_CONFIGS = 8;
/** Spawn attempts in a row that may fail before the pool gives up on the sandbox. */
export const MAX_SPAWN_FAILURES = 3;

export const sandboxLimitsSchema = z.object({
  timeoutMs: z.number().int().min(100).max(60_000),
  memoryBytes: z.number().int().min(16 * MiB).max(8 * 1024 * MiB),
});

export type SandboxLimits = z.infer<typeof sandboxLimitsSchema>;

export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: DEFAULT_TIMEOUT_MS,
  memoryBytes: DEFAULT_MEMORY_BYTES,
};
