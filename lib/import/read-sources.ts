import fs from "node:fs";
import path from "node:path";
import { envKey, parseSourceFileName } from "@/lib/codegym/identity";
import { issue, type ReadItem } from "./contributions";
import { formatBytes } from "./lines";

export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** A folder of `<code_id>__<EnvName>.py` environment sources. */
export async function* readSourcesDir(dir: string, files: string[]): AsyncGenerator<ReadItem> {
  for (const name of files.sort()) {
    const file = path.join(dir, name);
    const parts = parseSourceFileName(name);
    if (!parts) {
      yield issue({ file }, "file name is not <code_id>__<EnvName>.py");
      continue;
    }
    const size = fs.statSync(file).size;
    if (size > MAX_SOURCE_BYTES) {
      yield issue({ file }, `source is ${formatBytes(size)}, over the ${formatBytes(MAX_SOURCE_BYTES)} limit`);
      continue;
    }
    let source: string;
    try {
      source = new TextDecoder("utf-8", { fatal: true }).decode(await fs.promises.readFile(file));
    } catch {
      yield issue({ file }, "not valid UTF-8");
      continue;
    }
    yield { kind: "env", key: envKey(parts.codeId, parts.envName), ...parts, source, task: null, configs: [], origin: { file } };
  }
}
