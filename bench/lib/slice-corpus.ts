import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

/**
 * The first `envs` environments of an existing corpus (records.jsonl, their
 * sources and their training rows) written to `out`, so a smaller size can be
 * benchmarked without generating a second corpus. Reuses a finished slice.
 */
export async function sliceCorpus(from: string, envs: number, out: string): Promise<void> {
  if (fs.existsSync(path.join(out, "done"))) return;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, "sources"), { recursive: true });
  const keys = new Set<string>();
  const records = fs.createWriteStream(path.join(out, "records.jsonl"));
  for await (const line of lines(path.join(from, "records.jsonl"))) {
    if (keys.size >= envs) break;
    const r = JSON.parse(line) as { code_id: string; env_name: string };
    keys.add(`${r.code_id}__${r.env_name}`);
    records.write(line + "\n");
  }
  await new Promise((resolve) => records.end(resolve));
  for (const key of keys) {
    const source = path.join(from, "sources", `${key}.py`);
    if (fs.existsSync(source)) fs.copyFileSync(source, path.join(out, "sources", `${key}.py`));
  }
  const training = fs.createWriteStream(path.join(out, "training.jsonl"));
  for await (const line of lines(path.join(from, "training.jsonl"))) {
    const key = /"ability":\s*"codegym_v1@([^@]+)@/.exec(line)?.[1];
    if (key && keys.has(key)) training.write(line + "\n");
  }
  await new Promise((resolve) => training.end(resolve));
  fs.writeFileSync(path.join(out, "done"), "");
}

function lines(file: string): AsyncIterable<string> {
  return readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
}
