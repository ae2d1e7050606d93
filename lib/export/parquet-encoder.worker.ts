import { parentPort } from "node:worker_threads";
import { ParquetFileEncoder, type ParquetFileSpec } from "./parquet-encoding";
import { transferablesOf, type PackedGroup } from "./parquet-group";
import type { ErrorReply } from "./worker-channel";

// The encoder thread of a Parquet export (see parquet-writer.ts): requests
// come in order and each is answered, in order, with the bytes it added to the
// file (and a group's buffers, handed back to be filled again).

export type EncoderRequest = { type: "open"; spec: ParquetFileSpec } | { type: "group"; group: PackedGroup } | { type: "finish" };
/** Its answer to a group or to finish (see WorkerChannel for errors). */
export type EncoderReply = { type: "bytes"; bytes: Uint8Array; group?: PackedGroup };

let encoder: ParquetFileEncoder | null = null;

parentPort!.on("message", (request: EncoderRequest) => {
  try {
    if (request.type === "open") {
      encoder = new ParquetFileEncoder(request.spec);
      return;
    }
    if (!encoder) throw new Error("the Parquet encoder was not opened");
    if (request.type === "group") {
      const bytes = encoder.group(request.group);
      const reply: EncoderReply = { type: "bytes", bytes, group: request.group };
      parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer, ...transferablesOf(request.group)]);
    } else {
      const bytes = encoder.finish();
      parentPort!.postMessage({ type: "bytes", bytes } satisfies EncoderReply, [bytes.buffer as ArrayBuffer]);
    }
  } catch (error) {
    parentPort!.postMessage({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ErrorReply);
  }
});
