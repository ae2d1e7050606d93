/**
 * Batches written strictly one after another and in order, while the caller
 * goes on reading (and preparing, e.g. parsing) the next ones. `add` waits
 * once `depth` batches are unfinished: that backpressure is what keeps the
 * importer's memory flat however large the file. The first failure fails
 * every later batch and is thrown from `add` or `drain`.
 */
export class WritePipeline {
  private tail: Promise<void> = Promise.resolve();
  private unfinished: Promise<void>[] = [];

  constructor(private readonly depth: number) {}

  async add<T>(prepared: Promise<T>, write: (value: T) => Promise<void>): Promise<void> {
    // A rejection is reported through the chain below, not as unhandled.
    prepared.catch(() => {});
    const done = this.tail.then(() => prepared).then(write);
    done.catch(() => {});
    this.tail = done;
    this.unfinished.push(done);
    while (this.unfinished.length >= this.depth) await this.unfinished.shift();
  }

  /** Waits for every batch added so far. */
  async drain(): Promise<void> {
    const all = this.unfinished.splice(0);
    for (const done of all) await done;
  }

  /** Waits for the work in flight to stop, whatever its outcome (before closing connections on an error). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.unfinished.splice(0));
  }
}
