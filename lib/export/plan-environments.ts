import { ByteChunker } from "./file-sink";
import { completeSplits, ListBatch, lookahead, type FormatPlan, type PlanContext, type PlanCounts } from "./plan";
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

/** Verified-environment records (JSONL), one per selected environment, with our latest results. */
export function recordsPlan(ctx: PlanContext): FormatPlan<ListBatch<RecordParts>> {
  return {
    counts: () => environmentCounts(ctx),
    items: () =>
      lookahead(ctx.reader.batches<EnvRef>(environmentsSql(ctx.filter, ctx.options), ENV_BATCH), async (batch) => new ListBatch(await completeRecords(ctx.reader, batch))),
    open(sink) {
      const out = new ByteChunker(sink);
      return { add: (batch, i) => out.writeString(recordJsonLine(batch.items[i]!)), commit: () => out.commit() };
    },
    preview: (batch, i) => JSON.parse(recordJsonLine(batch.items[i]!)),
  };
}

export interface SourceItem {
  env: EnvRef;
  source: string;
}

/** Environment sources, `<code_id>__<EnvName>.py` files in a .tar.gz. */
export function sourcesPlan(ctx: PlanContext): FormatPlan<ListBatch<SourceItem>> {
  return {
    counts: () => environmentCounts(ctx),
    items: () =>
      lookahead(ctx.reader.batches<EnvRef>(environmentsSql(ctx.filter, ctx.options), ENV_BATCH), async (batch) => {
        const sources = await ctx.reader.sideQuery<{ id: number; sourceCode: string }>(sourcesSql(batch.map((e) => e.rev)));
        const byId = new Map(sources.map((s) => [s.id, s.sourceCode]));
        return new ListBatch(
          batch.map((env) => {
            const source = byId.get(env.rev);
            if (source === undefined) throw new Error(`revision ${env.rev} of ${env.key} vanished during the export`);
            return { env, source };
          }),
        );
      }),
    open(sink) {
      const tar = new SourcesTarWriter(sink);
      return {
        add: (batch, i) => {
          const { env, source } = batch.items[i]!;
          return tar.add(env.codeId, env.envName, source);
        },
        commit: () => tar.commit(),
      };
    },
    preview: (batch, i) => {
      const { env, source } = batch.items[i]!;
      return { file: `${env.key}.py`, bytes: Buffer.byteLength(source, "utf8"), source };
    },
  };
}
