// `npm run export -- --format verl-jsonl|verl-parquet|records-jsonl|sources --out FILE [options]`:
// the same export as the web dialog (same option schema, same ExportJob row and
// audit events), written to FILE with its manifest beside it.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { runCli } from "@/lib/cli/run-cli";
import { executeExportJob } from "@/lib/export/execute";
import { FORMATS, manifestFile } from "@/lib/export/formats";
import { createExportJob } from "@/lib/export/jobs";
import type { ExportWho } from "@/lib/export/manifest";
import { EXPORT_FORMATS, exportOptionsSchema, resolveOptions } from "@/lib/export/options";

const USAGE = `usage: npm run export -- --format ${EXPORT_FORMATS.join("|")} --out FILE
       [--filter 'QUERY']          the environment list's URL query string, e.g. 'subset=Leetcode&steps_max=200'
       [--include-unapproved]      also environments not approved in review
       [--shuffle] [--seed N]      deterministic shuffle (N also seeds the split; default 0)
       [--val-fraction F]          put that share of environments in FILE's .val twin (the rest in .train)
       [--training-filter]         CodeGym's training split: 10..256 oracle steps, Bo4 score <= 0.25 (training formats)
       [--data-source S]           data_source of the rows (default codegym_gym_v1; training formats)
       [--plugin-call-max-round N] step budget of the rows (default 256; training formats)
       [--json]                    print the manifest as JSON`;

/** Schema field → the flag that sets it, so errors name what the user typed. */
const FLAGS: Record<string, string> = {
  format: "--format",
  filter: "--filter",
  includeUnapproved: "--include-unapproved",
  seed: "--seed",
  shuffle: "--shuffle",
  valFraction: "--val-fraction",
  trainingFilter: "--training-filter",
  dataSource: "--data-source",
  pluginCallMaxRound: "--plugin-call-max-round",
};

/** Reads and checks the command line before any database is opened: a typo costs nothing. */
function readOptions() {
  let args;
  try {
    args = parseArgs({
      options: {
        format: { type: "string" },
        out: { type: "string" },
        filter: { type: "string" },
        "include-unapproved": { type: "boolean" },
        seed: { type: "string" },
        shuffle: { type: "boolean" },
        "val-fraction": { type: "string" },
        "training-filter": { type: "boolean" },
        "data-source": { type: "string" },
        "plugin-call-max-round": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return usage(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!args.format || !args.out) return usage(`--format and --out are required\n${USAGE}`);
  const number = (v: string | undefined) => (v === undefined ? undefined : v.trim() === "" ? NaN : Number(v));
  const parsed = exportOptionsSchema.safeParse({
    format: args.format,
    filter: args.filter ?? "",
    includeUnapproved: args["include-unapproved"] ?? false,
    seed: number(args.seed),
    shuffle: args.shuffle ?? false,
    valFraction: number(args["val-fraction"]),
    trainingFilter: args["training-filter"],
    dataSource: args["data-source"],
    pluginCallMaxRound: number(args["plugin-call-max-round"]),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${FLAGS[String(i.path[0])] ?? (i.path.join(".") || "options")}: ${i.message}`);
    return usage(`invalid options:\n${lines.join("\n")}`);
  }
  return { parsed: parsed.data, args };
}

function usage(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

const { parsed, args } = readOptions();

await runCli(async ({ db, database }) => {
  const { options, filter } = resolveOptions(parsed);
  const out = path.resolve(args.out!);
  const who: ExportWho = { userId: null, username: `${os.userInfo().username}@${os.hostname()}`, via: "cli" };
  const job = await createExportJob({ options, filter, who }, db);

  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: `export ${job.id} [{bar}] {percentage}% | {value}/{total} ${FORMATS[options.format].unit} | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  const t0 = Date.now();
  try {
    const manifest = await executeExportJob({
      db,
      url: database.url,
      job,
      out,
      who,
      onProgress: ({ done, total }) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
    });
    bar?.stop();
    if (args.json) console.log(JSON.stringify(manifest, null, 2));
    else {
      const seconds = (Date.now() - t0) / 1000;
      const what = options.format === "sources" ? "source files" : options.format === "records-jsonl" ? "records" : "rows";
      for (const f of manifest.files) console.log(`${path.join(path.dirname(out), f.name)}: ${f.items} ${what} from ${f.environments} environments, ${f.bytes} bytes, sha256 ${f.sha256}`);
      console.log(`${manifestFile(out)}: manifest (export ${job.id})`);
      const dropped = manifest.counts.droppedConfigurations ? `, ${manifest.counts.droppedConfigurations} configurations left out by the training filter` : "";
      console.log(`Exported ${manifest.counts.items} ${what} of ${manifest.counts.environments} environments (${manifest.counts.selectedEnvironments} selected${dropped}) in ${seconds.toFixed(1)} s.`);
      if (manifest.counts.selectedEnvironments === 0 && !options.includeUnapproved) console.log("No approved environment matches the filter; --include-unapproved exports the others too.");
    }
    return 0;
  } finally {
    bar?.stop();
  }
});
