import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { WorkerChannel } from "./worker-channel";

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

// Hashing and writing take as long as building the rows (sha256 runs at about
// 1 GB/s), so they happen on a thread of their own: buffers are handed over
// (transferred, not copied), hashed, written and handed back for reuse. The
// worker is inline source so no bundler has to know about a worker file.
const WRITER_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const crypto = require("node:crypto");
const hash = crypto.createHash("sha256");
let fd = null;
let bytes = 0;
parentPort.on("message", (m) => {
  try {
    if (fd === null) fd = fs.openSync(workerData.path, "w");
    if (m.type === "write") {
      const view = new Uint8Array(m.buffer, 0, m.length);
      hash.update(view);
      for (let at = 0; at < m.length; ) at += fs.writeSync(fd, view, at, m.length - at);
      bytes += m.length;
      parentPort.postMessage({ type: "written", buffer: m.buffer }, [m.buffer]);
    } else if (m.type === "close") {
      fs.closeSync(fd);
      parentPort.postMessage({ type: "closed", bytes, sha256: hash.digest("hex") });
    }
  } catch (error) {
    parentPort.postMessage({ type: "error", message: String(error && error.message || error) });
  }
});
`;

type Request = { type: "write"; buffer: ArrayBuffer; length: number } | { type: "close" };
type Reply = { type: "written"; buffer: ArrayBuffer } | { type: "closed"; bytes: number; sha256: string };

/** Writes in flight before write() waits: bounds memory to a few chunks. */
const MAX_IN_FLIGHT = 3;

/**
 * An output file, hashed as it is written, with backpressure. Data goes to
 * `<file>.partial`, renamed on commit, so a failed or interrupted export never
 * leaves a file under the final name.
 */
export class FileSink {
  private readonly partial: string;
  private readonly writer: WorkerChannel<Request, Reply>;
  private readonly inFlight: Promise<ArrayBuffer>[] = [];

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.partial = `${file}.partial`;
    this.writer = new WorkerChannel(new Worker(WRITER_THREAD, { eval: true, workerData: { path: this.partial } }), `writing ${this.partial}`);
  }

  /** Hands `buffer` (its first `length` bytes) to the writer; resolves with it back once written. */
  async send(buffer: ArrayBuffer, length: number): Promise<ArrayBuffer> {
    const reply = await this.writer.request({ type: "write", buffer, length }, [buffer]);
    if (reply.type !== "written") throw new Error("the file writer answered out of turn");
    return reply.buffer;
  }

  /** Writes a copy of `chunk`; waits only when several writes are still in flight. */
  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    const copy = new ArrayBuffer(chunk.byteLength);
    new Uint8Array(copy).set(chunk);
    await this.writeOwned(new Uint8Array(copy));
  }

  /**
   * Writes `chunk` by handing its whole buffer to the writer thread, without a
   * copy: for bytes nothing else holds (another thread's output), which the
   * caller must not touch again.
   */
  async writeOwned(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    if (chunk.byteOffset !== 0) return this.write(chunk);
    const written = this.send(chunk.buffer as ArrayBuffer, chunk.byteLength);
    written.catch(() => {}); // awaited below or in commit()
    this.inFlight.push(written);
    if (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }

  async commit(): Promise<WrittenFile> {
    await Promise.all(this.inFlight.splice(0));
    const reply = await this.writer.request({ type: "close" });
    await this.writer.stop();
    if (reply.type !== "closed") throw new Error("the file writer answered out of turn");
    fs.renameSync(this.partial, this.file);
    return { path: this.file, bytes: reply.bytes, sha256: reply.sha256 };
  }

  async abort(): Promise<void> {
    await this.writer.stop();
    fs.rmSync(this.partial, { force: true });
  }
}

/**
 * Builds output in a few large reusable buffers: strings are UTF-8-encoded
 * straight into them, prepared bytes copied in, and each full buffer is handed
 * to the sink's writer. No per-row Buffers, no joins, nothing for the garbage
 * collector to chase.
 */
export class ByteChunker {
  private readonly free: ArrayBuffer[] = [];
  private readonly pending: Promise<ArrayBuffer>[] = [];
  private buffer: Buffer;
  /** Bytes filled in the current buffer. */
  used = 0;
  private allocated = 1;

  constructor(
    readonly sink: FileSink,
    private readonly size = 2 << 20,
    private readonly buffers = 4,
  ) {
    this.buffer = Buffer.from(new ArrayBuffer(size));
  }

  /**
   * Makes room for `bytes` more bytes in the current buffer (handing a full one
   * over first if needed), for a caller that then writes at `used` in `target`
   * and advances `used` itself. Returns a promise only when it had to wait.
   */
  reserve(bytes: number): void | Promise<void> {
    if (bytes > this.size) throw new Error(`cannot reserve ${bytes} bytes in ${this.size}-byte buffers`);
    if (this.used + bytes > this.size) return this.flush();
  }

  /** The buffer being filled, valid until the next call that may flush. */
  get target(): Buffer {
    return this.buffer;
  }

  get capacity(): number {
    return this.size;
  }

  /** Returns a promise only when it had to hand a full buffer over. */
  writeString(text: string): void | Promise<void> {
    const most = text.length * 3;
    if (most > this.size) return this.writeLarge(Buffer.from(text, "utf8"));
    if (this.used + most > this.size) return this.flush().then(() => void (this.used += this.buffer.write(text, this.used)));
    this.used += this.buffer.write(text, this.used);
  }

  writeBytes(bytes: Uint8Array): void | Promise<void> {
    if (bytes.byteLength > this.size) return this.writeLarge(bytes);
    if (this.used + bytes.byteLength > this.size) {
      return this.flush().then(() => {
        this.buffer.set(bytes, this.used);
        this.used += bytes.byteLength;
      });
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.byteLength;
  }

  private async writeLarge(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await Promise.all(this.pending.splice(0).map(async (p) => this.free.push(await p)));
    await this.sink.write(bytes);
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buffer.buffer as ArrayBuffer;
    const sent = this.sink.send(full, this.used);
    sent.catch(() => {});
    this.pending.push(sent);
    this.used = 0;
    let next = this.free.pop();
    if (!next && this.allocated < this.buffers) {
      next = new ArrayBuffer(this.size);
      this.allocated++;
    }
    if (!next) next = await this.pending.shift()!;
    this.buffer = Buffer.from(next);
  }

  async commit(): Promise<WrittenFile> {
    await this.flush();
    await Promise.all(this.pending.splice(0));
    return this.sink.commit();
  }
}
