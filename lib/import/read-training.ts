import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { canonicalOptions, parseAbility } from "@/lib/codegym/config-string";
import { trainingRowSchema, taskFromPrompt } from "@/lib/codegym/schemas";
import { issue, type Origin, type ReadItem } from "./contributions";
import { PARQUET_DECOMPRESSORS } from "./parquet-codecs";
import { readLines } from "./lines";
import { parseJson, zodIssues } from "./read-records";

export async function* readTrainingJsonl(file: string): AsyncGenerator<ReadItem> {
  for await (const line of readLines(file)) {
    const origin = { file, line: line.line };
    if ("error" in line) {
      yield issue(origin, line.error);
      continue;
    }
    const value = parseJson(line.text);
    if (!value.ok) yield issue(origin, value.error);
    else yield* trainingItems(value.value, origin);
  }
}

/** Parquet is read one row group at a time, so memory follows the row group size, not the file. */
export async function* readTrainingParquet(file: string): AsyncGenerator<ReadItem> {
  let buffer;
  let metadata;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    yield issue({ file }, `not a readable Parquet file: ${(error as Error).message}`);
    return;
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors: PARQUET_DECOMPRESSORS });
    } catch (error) {
      yield issue({ file, line: rowStart + 1 }, `unreadable row group: ${(error as Error).message}`);
      rowStart = rowEnd;
      continue;
    }
    for (const [i, row] of rows.entries()) yield* trainingItems(normalizeParquetRow(row), { file, line: rowStart + i + 1 });
    rowStart = rowEnd;
  }
}

// Parquet gives int64 as bigint and has no "null-able JSON"; bring rows to the JSONL shape.
function normalizeParquetRow(row: unknown): unknown {
  if (typeof row === "bigint") return Number(row);
  if (Array.isArray(row)) return row.map(normalizeParquetRow);
  if (row && typeof row === "object") {
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalizeParquetRow(v)]));
  }
  return row;
}

const KNOWN_EXTRA = new Set(["index", "solve_fc_round", "qwen32b_Bo4_score", "qwen32b_Bo8_score"]);

function* trainingItems(value: unknown, origin: Origin): Generator<ReadItem> {
  const parsed = trainingRowSchema.safeParse(value);
  if (!parsed.success) {
    yield* zodIssues(parsed.error, origin);
    return;
  }
  const row = parsed.data;
  const ability = parseAbility(row.ability);
  if (!ability.ok) {
    yield issue(origin, ability.error, "ability");
    return;
  }
  if (ability.codeId !== row.code_id) {
    yield issue(origin, `ability names code_id ${ability.codeId}, but code_id is ${row.code_id}`, "code_id");
    return;
  }
  const user = row.prompt.find((m) => m.role === "user");
  const extra = row.extra_info;
  yield {
    kind: "config",
    key: ability.key,
    codeId: ability.codeId,
    envName: ability.envName,
    task: user ? taskFromPrompt(user.content) : null,
    origin,
    config: {
      configString: `${ability.envName}@${ability.optionsText}`,
      canonical: canonicalOptions(ability.options),
      options: ability.options,
      recordedSteps: extra.solve_fc_round ?? null,
      bo4Score: extra.qwen32b_Bo4_score ?? null,
      bo8Score: extra.qwen32b_Bo8_score ?? null,
      trainingIndex: extra.index,
      dataSource: row.data_source,
      extraInfo: Object.fromEntries(Object.entries(extra).filter(([k]) => !KNOWN_EXTRA.has(k))),
    },
  };
}
