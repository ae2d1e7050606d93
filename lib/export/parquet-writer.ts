import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileSink, WrittenFile } from "./file-sink";
import type { ResolvedExportOptions } from "./options";
import type { EncoderReply, EncoderRequest } from "./parquet-encoder.worker";
import type { ExtraColumn } from "./parquet-encoding";
import { GroupPacker, transferablesOf, type PackedGroup } from "./parquet-group";
import type { ItemWriter } from "./plan";
import type { TrainingRowBatch } from "./training-row-batch";
import { WorkerChannel } from "./worker-channel";


/** Row groups packed and not yet written: the encoder works on one while the next fills, and memory holds no more. */
const GROUPS_IN_FLIGHT = 2;

/**
 * A veRL Parquet file: this thread packs each row group's rows as they come
 * (parquet-group.ts) for the encoder thread (parquet-encoder.worker.ts), which
 * encodes and compresses them while this thread reads the next rows; its
 * bytes come back in order and go to the sink, and the group's buffers come
 * back to be filled again, so a long export allocates no more than a short one.
 */
export class TrainingParquetWriter implements ItemWriter<TrainingRowBatch> {
  /** Started at once: the thread loads its code while the first rows are read. */
  private readonly encoder = startEncoder();
  private opened: Promise<WorkerChannel<EncoderRequest, EncoderReply>> | null = null;
  private packer = new GroupPacker();
  /** Groups the encoder is done with. */
  private readonly free: PackedGroup[] = [];
  private readonly inFlight: Promise<EncoderReply>[] = [];

  constructor(
    private readonly sink: FileSink,
    private readonly options: ResolvedExportOptions,
    /** The extra_info columns: known before the first row group is written, not necessarily before the first rows. */
    private readonly extras: Promise<ExtraColumn[]>,
    private readonly opts: { createdBy?: string } = {},
  ) {}

  private open(): Promise<WorkerChannel<EncoderRequest, EncoderReply>> {
    this.opened ??= this.start();
    return this.opened;
  }

  private async start(): Promise<WorkerChannel<EncoderRequest, EncoderReply>> {
    const extras = await this.extras;
    this.encoder.send({
      type: "open",
      spec: {
        extras,
        dataSource: this.options.dataSource,
        pluginCallMaxRound: this.options.pluginCallMaxRound,
        createdBy: this.opts.createdBy ?? "codegym-curator (hyparquet-writer)",
      },
    });
    return this.encoder;
  }

  add(batch: TrainingRowBatch, i: number): void | Promise<void> {
    this.packer.add(batch, i);
    if (this.packer.full) return this.sendGroup();
  }

  private async sendGroup(): Promise<void> {
    if (!this.packer.rows) return;
    const group = this.packer.group;
    this.packer = new GroupPacker(this.free.pop());
    const encoder = await this.open();
    this.inFlight.push(encoder.request({ type: "group", group }, transferablesOf(group)));
    while (this.inFlight.length >= GROUPS_IN_FLIGHT) await this.written(this.inFlight.shift()!);
  }

  private async written(reply: Promise<EncoderReply>): Promise<void> {
    const { bytes, group } = await reply;
    if (group) this.free.push(group);
    await this.sink.writeOwned(bytes); // the encoder thread's, handed over to us
  }

  async commit(): Promise<WrittenFile> {
    await this.sendGroup();
    const encoder = await this.open();
    for (const reply of this.inFlight.splice(0)) await this.written(reply);
    await this.sink.writeOwned((await encoder.request({ type: "finish" })).bytes);
    await encoder.stop();
    return this.sink.commit();
  }

  async abort(): Promise<void> {
    await this.encoder.stop();
  }
}

/**
 * The encoder thread. From the TypeScript sources (tests, the CLI under tsx)
 * it starts through ts-worker.mjs, which bundles it with esbuild; in the built
 * app the bundler has compiled the worker entry to JavaScript. Next.js sets
 * NEXT_RUNTIME in the server it builds (there import.meta.url still names the
 * source file, so it cannot tell).
 */
function startEncoder(): WorkerChannel<EncoderRequest, EncoderReply> {
  const worker = process.env.NEXT_RUNTIME
    ? new Worker(new URL("./parquet-encoder.worker.ts", import.meta.url))
    : new Worker(fileURLToPath(new URL("./ts-worker.mjs", import.meta.url)), { workerData: { entry: new URL("./parquet-encoder.worker.ts", import.meta.url).href } });
  return new WorkerChannel(worker, "encoding Parquet");
}
