"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatNumber } from "@/components/ui/format";
import { binLabelFor, type Bin, type Distribution } from "@/lib/stats/bins";

export interface Marker {
  label: string;
  value: number | null;
  color: string;
}

/**
 * A histogram over bins, with mean, median and the paper's figure marked on
 * the bin they fall in. Hover shows the numbers; clicking a bar opens the list
 * filtered to it (`hrefOf`).
 */
export function HistogramChart({ dist, unit, markers, hrefOf, integerBins = true, color = "#2d5bd7", clickHint }: { dist: Distribution; unit: string; markers: Marker[]; hrefOf: (bin: Bin) => string; integerBins?: boolean; color?: string; clickHint: string }) {
  const router = useRouter();
  const total = dist.bins.reduce((n, b) => n + b.count, 0);
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={dist.bins} margin={{ top: 22, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" interval={dist.bins.length > 14 ? "preserveStartEnd" : 0} tick={{ fontSize: 10 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={44} />
        <Tooltip
          cursor={{ fill: "rgba(45, 91, 215, 0.08)" }}
          content={({ active, payload }) => {
            const bin = active ? (payload?.[0]?.payload as Bin | undefined) : undefined;
            if (!bin) return null;
            return (
              <div className="chart-tip">
                <strong>{bin.label}</strong>
                <br />
                {formatCount(bin.count)} {unit} ({total ? formatNumber((100 * bin.count) / total, 1) : 0}%)
                <br />
                <span className="muted">{clickHint}</span>
              </div>
            );
          }}
        />
        {markers.map((m, i) => {
          const x = binLabelFor(dist.bins, m.value, integerBins);
          return x === undefined ? null : (
            <ReferenceLine key={m.label} x={x} stroke={m.color} strokeDasharray={i === 2 ? "2 3" : "5 3"} strokeWidth={2} label={{ value: m.label, position: "top", fill: m.color, fontSize: 10, dy: -(i * 10) + 10 }} />
          );
        })}
        <Bar dataKey="count" fill={color} cursor="pointer" isAnimationActive={false} onClick={(d) => router.push(hrefOf(d.payload as Bin))} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The bins as a table, each linking to its filtered list. */
export function BinsTable({ bins, unit, hrefOf, testId }: { bins: Bin[]; unit: string; hrefOf: (bin: Bin) => string; testId: string }) {
  return (
    <table className="grid compact" data-testid={testId}>
      <thead>
        <tr>
          <th>Bin</th>
          <th className="num">{unit}</th>
        </tr>
      </thead>
      <tbody>
        {bins.map((b) => (
          <tr key={b.label}>
            <td><a href={hrefOf(b)}>{b.label}</a></td>
            <td className="num">{b.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
