import { ByteChunker, type FileSink, type WrittenFile } from "./file-sink";
import type { ItemWriter } from "./plan";
import { num, trainingJsonLine, type TrainingRowParts } from "./training-rows";
import type { ResolvedExportOptions } from "./options";

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

export class TrainingJsonlWriter implements ItemWriter<TrainingRowParts> {
  private readonly out: ByteChunker;

  constructor(
    sink: FileSink,
    private readonly options: ResolvedExportOptions,
  ) {
    this.out = new ByteChunker(sink);
  }

  add(row: TrainingRowParts): Promise<void> {
    const { head, mid } = row.pieces.jsonl!;
    const cfg = row.cfg;
    const json = cfg.json!;
    const most = head.length + mid.length + json.options.length + json.index.length + (cfg.extra?.length ?? 0) + ROW_TEXT_BYTES;
    // A row too large for one buffer (a huge docs block) takes the slow road.
    if (most > this.out.capacity) return Promise.resolve(this.out.writeString(trainingJsonLine(row, this.options)));
    const room = this.out.reserve(most);
    return room ? room.then(() => this.put(row)) : (this.put(row), DONE);
  }

  private put({ pieces, cfg }: TrainingRowParts): void {
    const { head, mid } = pieces.jsonl!;
    const { options, index } = cfg.json!;
    const out = this.out;
    const buf = out.target;
    let at = out.used;
    at += head.copy(buf, at);
    at += options.copy(buf, at, 1, options.length - 1);
    at += mid.copy(buf, at);
    at += index.copy(buf, at);
    at += buf.write(`, "solve_fc_round": ${num(cfg.steps)}, "qwen32b_Bo4_score": ${num(cfg.bo4)}, "qwen32b_Bo8_score": ${num(cfg.bo8)}`, at, "latin1");
    if (cfg.extra) {
      // The other keys of the stored JSON object (as PostgreSQL prints jsonb: `{"k": v, …}`), without its braces.
      buf[at++] = 0x2c; // ,
      buf[at++] = 0x20;
      at += cfg.extra.copy(buf, at, 1, cfg.extra.length - 1);
    }
    at += buf.write("}}\n", at, "latin1");
    out.used = at;
  }

  commit(): Promise<WrittenFile> {
    return this.out.commit();
  }
}

const DONE = Promise.resolve();

