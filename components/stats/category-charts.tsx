"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/components/ui/format";
import { ENV_STATUSES } from "@/lib/filters/schema";
import type { Stats } from "@/lib/stats/get-stats";

export const OUTCOME_COLORS: Record<string, string> = {
  passed: "#1a7f45",
  wrong_answer: "#b42318",
  exception: "#d4561c",
  timeout: "#a15c00",
  memory: "#8a3ffc",
  syntax_error: "#6b1f7a",
  no_class: "#5d6678",
  bad_config: "#9e4a6a",
  crash: "#3d3d3d",
  unverified: "#aab2c0",
};

export const STATUS_COLORS: Record<string, string> = {
  verified: "#1a7f45",
  failed: "#b42318",
  error: "#6b1f7a",
  queued: "#d9a441",
  running: "#a15c00",
  unverified: "#aab2c0",
};

type OutcomeRow = Stats["outcomes"][number];

/** Configurations by the outcome of their latest verification; a bar opens the environments behind it. */
export function OutcomeChart({ outcomes, hrefOf }: { outcomes: OutcomeRow[]; hrefOf: (o: OutcomeRow) => string }) {
  const router = useRouter();
  const data = outcomes.map((o) => ({ ...o, label: o.outcome.replaceAll("_", " ") }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} margin={{ top: 10, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={0} angle={-25} textAnchor="end" height={52} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
        <Tooltip
          cursor={{ fill: "rgba(45, 91, 215, 0.08)" }}
          content={({ active, payload }) => {
            const o = active ? (payload?.[0]?.payload as (OutcomeRow & { label: string }) | undefined) : undefined;
            if (!o) return null;
            const envs = o.outcome === "passed" ? "environments fully verified" : o.outcome === "unverified" ? "environments never verified" : "environments with such a configuration";
            return (
              <div className="chart-tip">
                <strong>{o.label}</strong>
                <br />
                {formatCount(o.configurations)} configurations
                <br />
                {formatCount(o.environments)} {envs}
                <br />
                <span className="muted">click: list those environments</span>
              </div>
            );
          }}
        />
        <Bar dataKey="configurations" cursor="pointer" isAnimationActive={false} onClick={(d) => router.push(hrefOf(d.payload as OutcomeRow))}>
          {data.map((o) => (
            <Cell key={o.outcome} fill={OUTCOME_COLORS[o.outcome] ?? "#2d5bd7"} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

type SubsetRow = Stats["subsets"][number];

/** Environments per source subset, stacked by verification status; a segment opens that subset and status. */
export function SubsetChart({ subsets, hrefOf }: { subsets: SubsetRow[]; hrefOf: (subset: string, status: string) => string }) {
  const router = useRouter();
  const data = subsets.map((s) => ({ subset: s.subset, total: s.total, ...s.byStatus }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} margin={{ top: 10, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="subset" tick={{ fontSize: 11 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
        <Tooltip
          cursor={{ fill: "rgba(45, 91, 215, 0.08)" }}
          content={({ active, payload }) => {
            const row = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
            if (!row) return null;
            return (
              <div className="chart-tip">
                <strong>{row.subset}</strong>: {formatCount(row.total)} environments
                {ENV_STATUSES.filter((s) => row[s] > 0).map((s) => (
                  <div key={s}>
                    <span className="swatch" style={{ background: STATUS_COLORS[s] }} /> {s}: {formatCount(row[s])} ({Math.round((100 * row[s]) / row.total)}%)
                  </div>
                ))}
                <span className="muted">click a segment: list it</span>
              </div>
            );
          }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {ENV_STATUSES.map((s) => (
          <Bar key={s} dataKey={s} stackId="status" fill={STATUS_COLORS[s]} cursor="pointer" isAnimationActive={false} onClick={(d) => router.push(hrefOf((d.payload as { subset: string }).subset, s))} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The most frequent tool names, as environments having a tool of that name. */
export function ToolNamesChart({ names, hrefOf }: { names: Stats["toolNames"]["names"]; hrefOf: (name: string) => string }) {
  const router = useRouter();
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, 22 * names.length + 30)}>
      <BarChart data={names} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
        <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 11, fontFamily: "var(--mono)" }} interval={0} />
        <Tooltip
          cursor={{ fill: "rgba(45, 91, 215, 0.08)" }}
          content={({ active, payload }) => {
            const row = active ? (payload?.[0]?.payload as { name: string; environments: number } | undefined) : undefined;
            if (!row) return null;
            return (
              <div className="chart-tip">
                <strong className="mono">{row.name}</strong>: in {formatCount(row.environments)} environments
                <br />
                <span className="muted">click: list them</span>
              </div>
            );
          }}
        />
        <Bar dataKey="environments" fill="#3b7dd8" cursor="pointer" isAnimationActive={false} onClick={(d) => router.push(hrefOf((d.payload as { name: string }).name))} />
      </BarChart>
    </ResponsiveContainer>
  );
}
