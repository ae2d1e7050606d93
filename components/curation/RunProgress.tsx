"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { describeError } from "@/lib/client/api-fetch";
import { curationKeys } from "./query-keys";
import { fetchRun, isFinished, type RunProgressData } from "./verify-client";
import styles from "./curation.module.css";

/** Live progress of one verification run (polls GET /api/runs/:id until it ends). */
export function RunProgress({ runId, onFinished }: { runId: number; onFinished?: (run: RunProgressData) => void }) {
  const run = useQuery({
    queryKey: curationKeys.run(runId),
    queryFn: () => fetchRun(runId),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 800),
  });
  const data = run.data;
  const finished = data ? isFinished(data.status) : false;
  useEffect(() => {
    if (data && finished) onFinished?.(data);
    // Only when it turns finished.
  }, [finished]);
  if (run.error) return <p className={styles.error}>Could not read run {runId}: {describeError(run.error)}</p>;
  if (!data) return <p className="muted">Run {runId}: starting…</p>;
  const pct = data.total ? Math.round((100 * data.done) / data.total) : finished ? 100 : 0;
  const verdict = data.status === "succeeded" ? (data.passed === data.total && data.total > 0 ? "all passed" : `${data.total - data.passed} failed`) : data.status;
  return (
    <div className={styles.row} data-testid="run-progress" data-status={data.status} aria-live="polite">
      <span>Verification run {runId}:</span>
      <div className={styles.progress} role="progressbar" aria-valuemin={0} aria-valuemax={data.total} aria-valuenow={data.done}>
        <div className={styles.progressBar} style={{ width: `${pct}%`, background: finished ? (data.passed === data.total && data.total > 0 ? "var(--ok)" : "var(--bad)") : undefined }} />
      </div>
      <span>
        {data.done}/{data.total} configurations, {data.passed} passed
      </span>
      <span className={`badge ${data.status === "succeeded" && data.passed === data.total ? "verified" : finished ? "failed" : "running"}`}>{finished ? verdict : data.status}</span>
      {data.error && <span className={styles.fieldError}>{data.error}</span>}
    </div>
  );
}
