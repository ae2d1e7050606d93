import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileSink, WrittenFile } from "./file-sink";
import type { ResolvedExportOptions } from "./options";
import type { EncoderReply, EncoderRequest } from "./parquet-encoder.worker";
import { packTexts, PARQUET_ROW_GROUP, transferablesOf, type ExtraColumn, type PackedGroup } from "./parquet-encoding";
import type { ItemWriter } from "./plan";
import { WorkerChannel } from "./worker-channel";
import { optionsBytes, type TrainingRowParts } from "./training-rows";


/** Row groups packed and not yet written: the encoder works on one while the next fills, and memory holds no more. */
const GROUPS_IN_FLIGHT = 2;

/**
 * A veRL Parquet file: this thread gathers each row group's rows and packs
 * them (each revision's texts once, the rows' values in flat arrays) for the
 * encoder thread (parquet-encoder.worker.ts), which encodes and compresses
 * them while this thread reads the next rows; its bytes come back in order
 * and go to the sink.
 */
export class TrainingParquetWriter implements ItemWriter<TrainingRowParts> {
  /** Started at once: the thread loads its code while the first rows are read. */
  private readonly encoder = startEncoder();
  private opened: Promise<WorkerChannel<EncoderRequest, EncoderReply>> | null = null;
  private readonly groupSize: number;
  private rows: TrainingRowParts[] = [];
  private readonly inFlight: Promise<EncoderReply>[] = [];

  constructor(
    private readonly sink: FileSink,
    private readonly options: ResolvedExportOptions,
    /** The extra_info columns: known before the first row group is written, not necessarily before the first rows. */
    private readonly extras: Promise<ExtraColumn[]>,
    private readonly opts: { rowGroupSize?: number; createdBy?: string } = {},
  ) {
    this.groupSize = opts.rowGroupSize ?? PARQUET_ROW_GROUP;
  }

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

  async add(row: TrainingRowParts): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.groupSize) await this.sendGroup();
  }

  private async sendGroup(): Promise<void> {
    if (!this.rows.length) return;
    const group = packGroup(this.rows);
    this.rows = [];
    const encoder = await this.open();
    this.inFlight.push(encoder.request({ type: "group", group }, transferablesOf(group)));
    while (this.inFlight.length >= GROUPS_IN_FLIGHT) await this.sink.write((await this.inFlight.shift()!).bytes);
  }

  async commit(): Promise<WrittenFile> {
    await this.sendGroup();
    const encoder = await this.open();
    for (const reply of this.inFlight.splice(0)) await this.sink.write((await reply).bytes);
    await this.sink.write((await encoder.request({ type: "finish" })).bytes);
    await encoder.stop();
    return this.sink.commit();
  }

  async abort(): Promise<void> {
    await this.encoder.stop();
  }
}

/** One row group as the encoder thread takes it (see PackedGroup). */
function packGroup(rows: TrainingRowParts[]): PackedGroup {
  const revisionOf = new Map<number, number>();
  const revisionTexts: Uint8Array[] = [];
  const n = rows.length;
  const rowRevision = new Int32Array(n);
  const texts: (Uint8Array | null)[] = new Array(3 * n);
  const steps = new Float64Array(n);
  const bo4 = new Float64Array(n);
  const bo8 = new Float64Array(n);
  rows.forEach((row, i) => {
    let r = revisionOf.get(row.env.rev);
    if (r === undefined) {
      const p = row.pieces.parquet!;
      r = revisionOf.size;
      revisionOf.set(row.env.rev, r);
      revisionTexts.push(p.system, p.user, p.codeId, p.abilityPrefix);
    }
    rowRevision[i] = r;
    const cfg = row.cfg;
    texts[3 * i] = optionsBytes(cfg.configString);
    texts[3 * i + 1] = cfg.index;
    texts[3 * i + 2] = cfg.extra;
    steps[i] = cfg.steps ?? NaN;
    bo4[i] = finiteOrNaN(cfg.bo4);
    bo8[i] = finiteOrNaN(cfg.bo8);
  });
  return { rows: n, revisions: packTexts(revisionTexts), rowRevision, texts: packTexts(texts), steps, bo4, bo8 };
}

/** The file holds scores that are not finite numbers as null. */
function finiteOrNaN(v: number | null): number {
  return v === null || !Number.isFinite(v) ? NaN : v;
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
