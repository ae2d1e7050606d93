import os from "node:os";
import { parseArgs } from "node:util";
import { endStatusLine, runCli, statusLine, UsageError } from "@/lib/cli/run-cli";
import { formatIssue } from "@/lib/import/contributions";
import { runImport } from "@/lib/import/run-import";
import { createSourceParser } from "@/lib/tools/parse-sources";

const USAGE = "usage: npm run import -- [--json] PATH...   (records .jsonl/.json, training .jsonl/.parquet, folders of .py sources)";

await runCli(async ({ db }) => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "boolean" } } });
  if (positionals.length === 0) throw new UsageError(USAGE);
  const parser = createSourceParser({ processes: os.availableParallelism() });
  const started = Date.now();
  try {
    const summary = await runImport({
      db,
      paths: positionals,
      parse: (s) => parser.parse(s),
      onProgress: (p) => statusLine(`importing ${p.file}: ${p.itemsRead} items read`),
    });
    endStatusLine();
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else {
      for (const i of summary.issues) console.error(`rejected: ${formatIssue(i)}`);
      if (summary.rejected > summary.issues.length) console.error(`… and ${summary.rejected - summary.issues.length} more rejected items`);
      const e = summary.environments;
      const c = summary.configurations;
      const nothing = e.new + e.changed === 0 && c.added + c.updated === 0;
      console.log(
        `Environments: ${e.new} new, ${e.changed} changed, ${e.unchanged} unchanged (${summary.revisionsCreated} revisions created, ${summary.sourcesParsed} sources parsed)\n` +
          `Configurations: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged\n` +
          `Rejected: ${summary.rejected}` +
          `\n${nothing ? "Nothing changed: everything was already stored. " : ""}Took ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    }
    return summary.rejected > 0 ? 1 : 0;
  } finally {
    await parser.close();
  }
});
