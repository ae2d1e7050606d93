"use client";

import { formatCount, formatNumber } from "@/components/ui/format";
import { filterToQuery, type EnvironmentFilter } from "@/lib/filters/schema";
import { PAPER, type Bin } from "@/lib/stats/bins";
import type { Stats } from "@/lib/stats/get-stats";
import { OutcomeChart, SubsetChart, ToolNamesChart } from "./category-charts";
import { ChartCard } from "./chart-card";
import { BinsTable, HistogramChart, type Marker } from "./histogram-chart";

const MEAN = "#b42318";
const MEDIAN = "#a15c00";
const PAPER_COLOR = "#5d6678";

// A bin's filter: exact for counts; difficulty bins are half-open [lo, hi) except the last.
const DIFFICULTY_EPSILON = 1e-6;

function markers(mean: number | null, median: number | null, paper?: number): Marker[] {
  return [
    { label: "mean", value: mean, color: MEAN },
    { label: "median", value: median, color: MEDIAN },
    ...(paper !== undefined ? [{ label: "paper", value: paper, color: PAPER_COLOR }] : []),
  ];
}

function Figures({ mean, median, paper, paperLabel }: { mean: number | null; median: number | null; paper?: number; paperLabel?: string }) {
  return (
    <>
      <span className="fig" style={{ color: MEAN }}>mean {formatNumber(mean)}</span> · <span className="fig" style={{ color: MEDIAN }}>median {formatNumber(median)}</span>
      {paper !== undefined && (
        <>
          {" "}
          · <span className="fig" style={{ color: PAPER_COLOR }}>paper: {paperLabel} {paper}</span>
        </>
      )}
    </>
  );
}

/** Every chart of /stats, for the environments the filter selects; bars open /environments filtered to them. */
export function StatsView({ stats, filter }: { stats: Stats; filter: EnvironmentFilter }) {
  const list = (extra: Record<string, string | number | undefined>) => `/environments?${filterToQuery({ ...filter, ...extra } as never)}`;
  const toolsHref = (b: Bin) => list({ tools_min: b.lo, tools_max: b.hi });
  const configsHref = (b: Bin) => list({ configs_min: b.lo, configs_max: b.hi });
  const stepsHref = (b: Bin) => list({ config_steps_min: b.lo, config_steps_max: b.hi });
  const last = stats.difficulty.bins.at(-1);
  const difficultyHref = (b: Bin) => list({ difficulty_min: b.lo, difficulty_max: b === last ? b.hi : Number((b.hi - DIFFICULTY_EPSILON).toFixed(6)) });
  const outcomeHref = (o: Stats["outcomes"][number]) =>
    o.outcome === "passed" ? list({ status: "verified" }) : o.outcome === "unverified" ? list({ status: "unverified" }) : list({ failure: o.outcome });

  if (stats.environments === 0) {
    return (
      <section className="panel state" data-testid="empty-state">
        <h2>No environment matches these filters</h2>
        <p>Loosen or clear the filters above to see the charts.</p>
      </section>
    );
  }
  return (
    <>
      <p className="stats-summary" data-testid="stats-summary">
        <strong data-testid="stats-environments">{formatCount(stats.environments)}</strong> environments ·{" "}
        <strong data-testid="stats-configurations">{formatCount(stats.configurations)}</strong> configurations of their current revisions
      </p>
      <div className="chart-grid">
        <ChartCard
          id="tools"
          title="Tools per environment"
          count={`${formatCount(stats.tools.n)} environments`}
          legend={<Figures mean={stats.tools.mean} median={stats.tools.median} paper={PAPER.toolsPerEnvironment} paperLabel="mean" />}
          table={<BinsTable bins={stats.tools.bins} unit="environments" hrefOf={toolsHref} testId="tools-table-numbers" />}
        >
          <HistogramChart dist={stats.tools} unit="environments" markers={markers(stats.tools.mean, stats.tools.median, PAPER.toolsPerEnvironment)} hrefOf={toolsHref} clickHint="click: list environments with this many tools" />
        </ChartCard>
        <ChartCard
          id="steps"
          title="Oracle steps per configuration (log₂ bins)"
          count={
            <>
              {formatCount(stats.steps.n)} configurations
              {stats.steps.missing > 0 && <span className="muted"> ({formatCount(stats.steps.missing)} more have no step count: never run to the end)</span>}
            </>
          }
          legend={<Figures mean={stats.steps.mean} median={stats.steps.median} paper={PAPER.stepsPerSolution} paperLabel="mean" />}
          table={<BinsTable bins={stats.steps.bins} unit="configurations" hrefOf={stepsHref} testId="steps-table-numbers" />}
        >
          <HistogramChart dist={stats.steps} unit="configurations" markers={markers(stats.steps.mean, stats.steps.median, PAPER.stepsPerSolution)} hrefOf={stepsHref} color="#3b7dd8" clickHint="click: environments with a configuration in this range" />
        </ChartCard>
        <ChartCard
          id="outcomes"
          title="Verification outcome by failure kind"
          count={`${formatCount(stats.outcomes.reduce((n, o) => n + o.configurations, 0))} configurations, by their latest verification`}
          table={
            <table className="grid compact" data-testid="outcomes-table-numbers">
              <thead><tr><th>Outcome</th><th className="num">Configurations</th><th className="num">Environments</th></tr></thead>
              <tbody>
                {stats.outcomes.map((o) => (
                  <tr key={o.outcome}><td><a href={outcomeHref(o)}>{o.outcome.replaceAll("_", " ")}</a></td><td className="num">{o.configurations}</td><td className="num">{o.environments}</td></tr>
                ))}
              </tbody>
            </table>
          }
        >
          <OutcomeChart outcomes={stats.outcomes} hrefOf={outcomeHref} />
        </ChartCard>
        <ChartCard
          id="subsets"
          title="Verification outcome by source subset"
          count={`${formatCount(stats.subsets.reduce((n, s) => n + s.total, 0))} environments in ${stats.subsets.length} subsets`}
          table={
            <table className="grid compact" data-testid="subsets-table-numbers">
              <thead><tr><th>Subset</th><th className="num">Environments</th><th className="num">Verified</th><th className="num">Failed</th><th className="num">Error</th><th className="num">Unverified</th></tr></thead>
              <tbody>
                {stats.subsets.map((s) => (
                  <tr key={s.subset}><td><a href={list({ subset: s.subset })}>{s.subset}</a></td><td className="num">{s.total}</td><td className="num">{s.byStatus.verified}</td><td className="num">{s.byStatus.failed}</td><td className="num">{s.byStatus.error}</td><td className="num">{s.byStatus.unverified}</td></tr>
                ))}
              </tbody>
            </table>
          }
        >
          <SubsetChart subsets={stats.subsets} hrefOf={(subset, status) => list({ subset, status })} />
        </ChartCard>
        <ChartCard
          id="tool-names"
          title="Most frequent tool names"
          count={`top ${stats.toolNames.names.length} of ${formatCount(stats.toolNames.distinct)} distinct names`}
          table={
            <table className="grid compact" data-testid="tool-names-table-numbers">
              <thead><tr><th>Tool</th><th className="num">Environments</th></tr></thead>
              <tbody>
                {stats.toolNames.names.map((t) => (
                  <tr key={t.name}><td className="mono"><a href={list({ tool: t.name })}>{t.name}</a></td><td className="num">{t.environments}</td></tr>
                ))}
              </tbody>
            </table>
          }
        >
          <ToolNamesChart names={stats.toolNames.names} hrefOf={(tool) => list({ tool })} />
        </ChartCard>
        <ChartCard
          id="configs"
          title="Configurations per environment"
          count={`${formatCount(stats.configs.n)} environments`}
          legend={<Figures mean={stats.configs.mean} median={stats.configs.median} />}
          table={<BinsTable bins={stats.configs.bins} unit="environments" hrefOf={configsHref} testId="configs-table-numbers" />}
        >
          <HistogramChart dist={stats.configs} unit="environments" markers={markers(stats.configs.mean, stats.configs.median)} hrefOf={configsHref} color="#5b8f3a" clickHint="click: list environments with this many configurations" />
        </ChartCard>
        <ChartCard
          id="difficulty"
          title="Difficulty (mean Best-of-4 score per environment)"
          count={
            <>
              {formatCount(stats.difficulty.n)} environments with scores
              {stats.difficulty.missing > 0 && <span className="muted"> ({formatCount(stats.difficulty.missing)} without)</span>}
            </>
          }
          legend={stats.difficulty.n > 0 ? <Figures mean={stats.difficulty.mean} median={stats.difficulty.median} /> : undefined}
          table={<BinsTable bins={stats.difficulty.bins} unit="environments" hrefOf={difficultyHref} testId="difficulty-table-numbers" />}
        >
          {stats.difficulty.n === 0 ? (
            <p className="muted">No configuration in this selection has a Best-of-4 score.</p>
          ) : (
            <HistogramChart dist={stats.difficulty} unit="environments" markers={markers(stats.difficulty.mean, stats.difficulty.median)} integerBins={false} hrefOf={difficultyHref} color="#8a3ffc" clickHint="click: list environments in this range" />
          )}
        </ChartCard>
      </div>
    </>
  );
}
