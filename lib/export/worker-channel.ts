import type { Worker } from "node:worker_threads";

/** What every export thread may answer instead of its reply. */
export type ErrorReply = { type: "error"; message: string };

/**
 * Requests to a worker thread that answers each, in order: replies are
 * matched to requests by position. The first failure (an error reply, the
 * thread's error, or its exit before stop()) fails every waiting and later
 * request, so the caller sees it wherever it waits next.
 */
export class WorkerChannel<Request, Reply extends { type: string }> {
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private stopped = false;

  constructor(
    private readonly worker: Worker,
    /** Names the work in errors, e.g. "writing rows.jsonl.partial". */
    private readonly what: string,
  ) {
    worker.on("message", (reply: Reply | ErrorReply) => {
      const waiter = this.waiting.shift();
      if (reply.type === "error") this.fail(new Error(`${what}: ${(reply as ErrorReply).message}`), waiter);
      else waiter?.resolve(reply as Reply);
    });
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", () => {
      if (!this.stopped) this.fail(new Error(`${what}: the thread stopped`));
    });
  }

  private fail(error: Error, first?: { reject: (e: Error) => void }) {
    this.failure ??= error;
    first?.reject(error);
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  /** A message the thread does not answer. */
  send(message: Request): void {
    this.worker.postMessage(message);
  }

  request(message: Request, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const reply = new Promise<Reply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(message, transfer);
    });
    reply.catch(() => {}); // awaited by the caller, which may first fail elsewhere
    return reply;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}
