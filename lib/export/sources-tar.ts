import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import tar from "tar-stream";
import { sourceFileName } from "@/lib/codegym/identity";
import type { FileSink, WrittenFile } from "./file-sink";

/**
 * Fixed entry metadata (time 0, mode 644, owner root with no names) so the
 * archive's bytes depend on the sources alone: the same environments give the
 * same .tar.gz from any database, on any day.
 */
const ENTRY = { mtime: new Date(0), mode: 0o644, uid: 0, gid: 0, uname: "", gname: "" } as const;

/** `<code_id>__<EnvName>.py` files in a gzipped tar, streamed through the sink with backpressure. */
export class SourcesTarWriter {
  private readonly pack = tar.pack();
  private readonly done: Promise<void>;

  constructor(private readonly sink: FileSink) {
    const out = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        sink.write(chunk).then(() => callback(), callback);
      },
    });
    this.done = pipeline(this.pack, zlib.createGzip({ level: 6 }), out);
    // Surface a failed pipeline through add()/commit(), not as an unhandled rejection.
    this.done.catch(() => {});
  }

  add(codeId: string, envName: string, source: string): Promise<void> {
    const body = Buffer.from(source, "utf8");
    return new Promise((resolve, reject) => {
      this.pack.entry({ ...ENTRY, name: sourceFileName(codeId, envName), size: body.byteLength }, body, (error) => (error ? reject(error) : resolve()));
    });
  }

  async commit(): Promise<WrittenFile> {
    this.pack.finalize();
    await this.done;
    return this.sink.commit();
  }
}
