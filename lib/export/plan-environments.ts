import { ByteChunker } from "./file-sink";
import { completeSplits, lookahead, type ExportItem, type FormatPlan, type PlanContext, type PlanCounts } from "./plan";
import { completeRecords, recordJsonLine, type RecordParts } from "./records";
import { environmentCountsSql, environmentsSql, sourcesSql, type EnvironmentCount, type EnvRef } from "./select-sql";
import { SourcesTarWriter } from "./sources-tar";

/** Records are larger than rows (a whole source each), so they come in smaller batches. */
const ENV_BATCH = 200;

export async function environmentCounts(ctx: PlanContext): Promise<PlanCounts> {
  const rows = await ctx.reader.countQuery<EnvironmentCount>(environmentCountsSql(ctx.filter, ctx.options));
  const sum = (f: (r: EnvironmentCount) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    splits: completeSplits(
      ctx.options,
      rows.map((r) => ({ split: r.split, environments: r.environments, items: r.environments })),
    ),
    selectedEnvironments: sum((r) => r.environments),
    selectedConfigurations: sum((r) => r.configurations),
    droppedConfigurations: 0,
  };
}

export type RecordItem = RecordParts;

/** Verified-environment records (JSONL), one per selected environment, with our latest results. */
export function recordsPlan(ctx: PlanContext): FormatPlan<RecordItem> {
  return {
    counts: () => environmentCounts(ctx),
    items: () =>
      lookahead(ctx.reader.batches<EnvRef>(environmentsSql(ctx.filter, ctx.options), ENV_BATCH), async (batch) =>
        completeRecords(ctx.reader, batch),
      ),
    open(sink) {
      const out = new ByteChunker(sink);
      return { add: async (item) => out.writeString(recordJsonLine(item)), commit: () => out.commit() };
    },
    preview: (item) => JSON.parse(recordJsonLine(item)),
  };
}

export interface SourceItem extends ExportItem {
  env: EnvRef;
  source: string;
}

/** Environment sources, `<code_id>__<EnvName>.py` files in a .tar.gz. */
export function sourcesPlan(ctx: PlanContext): FormatPlan<SourceItem> {
  return {
    counts: () => environmentCounts(ctx),
    items: () =>
      lookahead(ctx.reader.batches<EnvRef>(environmentsSql(ctx.filter, ctx.options), ENV_BATCH), async (batch) => {
        const sources = await ctx.reader.sideQuery<{ id: number; sourceCode: string }>(sourcesSql(batch.map((e) => e.rev)));
        const byId = new Map(sources.map((s) => [s.id, s.sourceCode]));
        return batch.map((env) => {
          const source = byId.get(env.rev);
          if (source === undefined) throw new Error(`revision ${env.rev} of ${env.key} vanished during the export`);
          return { env, source };
        });
      }),
    open(sink) {
      const tar = new SourcesTarWriter(sink);
      return { add: (item) => tar.add(item.env.codeId, item.env.envName, item.source), commit: () => tar.commit() };
    },
    preview: (item) => ({ file: `${item.env.key}.py`, bytes: Buffer.byteLength(item.source, "utf8"), source: item.source }),
  };
}
