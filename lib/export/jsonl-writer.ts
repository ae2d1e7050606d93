import { ByteChunker, type FileSink, type WrittenFile } from "./file-sink";
import type { ItemWriter } from "./plan";
import type { ResolvedExportOptions } from "./options";
import { CONFIG, type TrainingRowBatch } from "./training-row-batch";
import { num, trainingJsonLine } from "./training-rows";

// A veRL JSONL line is written in pieces straight into the output buffer:
//   head (per environment)   {"data_source": …, "ability": "codegym_v1@<key>@
//   options (per row)        the configuration's options text, escaped by the database (RowMode)
//   mid (per environment)    ", "code_id": …, "prompt": […], "reward_model": …, "answer": …, "plugin_call_max_round": N, "extra_info": {"index":
//   index (per row)          "<index>", escaped by the database
//   tail (per row)           , "solve_fc_round": …, "qwen32b_Bo4_score": …, "qwen32b_Bo8_score": …<other keys>}}
// so the big prompt texts are escaped and encoded once per environment, and a
// row costs a few byte copies: no strings, no JSON.stringify, no Buffers of its own.
// trainingJsonLine (training-rows.ts) builds the same line from strings.

const ROW_TEXT_BYTES = 160; // the tail's keys and numbers, the quotes and separators

export class TrainingJsonlWriter implements ItemWriter<TrainingRowBatch> {
  private readonly out: ByteChunker;

  constructor(
    sink: FileSink,
    private readonly options: ResolvedExportOptions,
  ) {
    this.out = new ByteChunker(sink);
  }

  add(batch: TrainingRowBatch, i: number): void | Promise<void> {
    const { head, midLength } = batch.pieces[i]!.jsonl!;
    const most =
      head.length + midLength + batch.byteLengthOf(i, CONFIG.optionsJson) + batch.byteLengthOf(i, CONFIG.indexJson) + batch.byteLengthOf(i, CONFIG.extra) + ROW_TEXT_BYTES;
    // A row too large for one buffer (a huge docs block) takes the slow road.
    if (most > this.out.capacity) return this.out.writeString(trainingJsonLine(batch.row(i), this.options));
    const room = this.out.reserve(most);
    if (room) return room.then(() => this.put(batch, i));
    this.put(batch, i);
  }

  private put(batch: TrainingRowBatch, i: number): void {
    const { head, mid } = batch.pieces[i]!.jsonl!;
    const out = this.out;
    const buf = out.target;
    let at = out.used;
    at += head.copy(buf, at);
    at += batch.copyTo(i, CONFIG.optionsJson, buf, at, 1);
    for (const part of mid) at += part.copy(buf, at);
    at += batch.copyTo(i, CONFIG.indexJson, buf, at);
    const steps = batch.int4(i, CONFIG.steps);
    at += buf.write(`, "solve_fc_round": ${num(steps)}, "qwen32b_Bo4_score": ${num(batch.float8(i, CONFIG.bo4))}, "qwen32b_Bo8_score": ${num(batch.float8(i, CONFIG.bo8))}`, at, "latin1");
    if (!batch.isNull(i, CONFIG.extra)) {
      // The other keys of the stored JSON object (as PostgreSQL prints jsonb: `{"k": v, …}`), without its braces.
      buf[at++] = 0x2c; // ,
      buf[at++] = 0x20;
      at += batch.copyTo(i, CONFIG.extra, buf, at, 1);
    }
    at += buf.write("}}\n", at, "latin1");
    out.used = at;
  }

  commit(): Promise<WrittenFile> {
    return this.out.commit();
  }
}

