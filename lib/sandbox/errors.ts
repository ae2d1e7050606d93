export type SandboxErrorKind =
  /** bubblewrap or Python cannot start a sandbox here; we never fall back to running unsandboxed. */
  | "unavailable"
  /** The job itself is unacceptable (too large, bad limits). */
  | "invalid_job"
  | "aborted"
  | "closed"
  /** A worker process ended or went silent; the pool replaces it. */
  | "worker_lost"
  /** A sandbox process said something outside the protocol. */
  | "protocol";

export class SandboxError extends Error {
  constructor(
    readonly kind: SandboxErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "SandboxError";
  }
}
