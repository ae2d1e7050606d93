import type { ReactNode } from "react";

/** One chart: title, what it counts, the chart, and its numbers as a table (for reading exactly and for screen readers). */
export function ChartCard({ id, title, count, legend, children, table }: { id: string; title: string; count: ReactNode; legend?: ReactNode; children: ReactNode; table: ReactNode }) {
  return (
    <section className="panel chart-card" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="chart-count" data-testid={`${id}-count`}>
        {count}
      </p>
      {legend && <p className="chart-legend">{legend}</p>}
      <div className="chart-body">{children}</div>
      <details className="chart-numbers">
        <summary>Numbers</summary>
        {table}
      </details>
    </section>
  );
}
