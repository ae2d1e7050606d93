"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { formatBytes, formatDate, formatSeconds } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import type { ConfigReplay, TraceCall } from "@/lib/environments/queries";
import { viewHref } from "./view-params";

interface Step extends TraceCall {
  /** 1-based step number in the oracle's run (the trace may leave out a middle stretch). */
  number: number;
}

/** The sandbox keeps the first and the last halves of a long trace; `omitted` calls fall between them. */
export function traceSteps(calls: TraceCall[], omitted: number): { steps: Step[]; gapAfter: number | null } {
  const split = omitted > 0 ? Math.ceil(calls.length / 2) : calls.length;
  const steps = calls.map((c, i) => ({ ...c, number: i < split ? i + 1 : i + omitted + 1 }));
  return { steps, gapAfter: omitted > 0 ? split - 1 : null };
}

/** The reward the oracle earned: from the verdict message (`… reward=1`), else from its last Done call. */
export function finalReward(message: string, calls: TraceCall[]): number | null {
  const fromMessage = [...message.matchAll(/reward=(-?\d+(?:\.\d+)?)/g)].at(-1);
  if (fromMessage) return Number(fromMessage[1]);
  const done = [...calls].reverse().find((c) => c.tool === "Done");
  const fromDone = done?.observation.match(/reward=(-?\d+(?:\.\d+)?)/);
  return fromDone ? Number(fromDone[1]) : null;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The oracle's recorded calls on one configuration, step by step: tool,
 * parameters and observation. Keys: ←/k and →/j step, Home/End jump.
 */
export function OracleReplay({ envKey, replay, configs }: { envKey: string; replay: ConfigReplay; configs: { position: number; verdict: string }[] }) {
  const router = useRouter();
  const { config, result, runs } = replay;
  const calls = useMemo(() => result?.trace?.calls ?? [], [result]);
  const omitted = result?.trace?.omitted ?? 0;
  const { steps, gapAfter } = useMemo(() => traceSteps(calls, omitted), [calls, omitted]);
  const [index, setIndex] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => setIndex(0), [result]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ block: "nearest" });
  }, [index]);

  const go = (i: number) => setIndex(Math.max(0, Math.min(steps.length - 1, i)));
  const next = () => go(index + 1);
  const prev = () => go(index - 1);
  useShortcuts({ ArrowRight: next, j: next, ArrowLeft: prev, k: prev, Home: () => go(0), End: () => go(steps.length - 1) }, steps.length > 0);

  const reward = result ? finalReward(result.message, calls) : null;
  const current = steps[index];
  return (
    <section className="panel replay" aria-labelledby="replay-title" data-testid="replay">
      <div className="spread">
        <h2 id="replay-title">Oracle replay</h2>
        <label className="filter-inline">
          Configuration
          <select value={config.position} onChange={(e) => router.push(viewHref(envKey, { tab: "replay", config: Number(e.target.value) }), { scroll: false })} data-testid="replay-config">
            {configs.map((c) => (
              <option key={c.position} value={c.position}>
                {c.position} · {c.verdict.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="mono config-string">{config.configString}</p>
      {!result ? (
        <p className="muted" data-testid="replay-empty">
          This configuration has not been verified yet, so there is no recorded run to replay.
        </p>
      ) : (
        <>
          <dl className="facts compact" data-testid="replay-summary">
            <div><dt>Verdict</dt><dd><StatusBadge status={result.passed ? "passed" : "failed"} />{result.failureKind && <span className="kinds"> {result.failureKind.replaceAll("_", " ")}</span>}</dd></div>
            <div><dt>Oracle steps</dt><dd data-testid="replay-steps">{result.steps ?? "–"}</dd></div>
            <div><dt>Final reward</dt><dd data-testid="replay-reward">{reward === null ? <span className="muted">none (Done was never reached)</span> : reward}</dd></div>
            <div><dt>Time, memory</dt><dd>{formatSeconds(result.seconds)}, {formatBytes(result.peakMemory)}</dd></div>
            <div>
              <dt>Run</dt>
              <dd>
                {result.runId} <span className="muted">({formatDate(result.createdAt)})</span>
                {runs.length > 1 && (
                  <span className="run-picks">
                    {" · other runs: "}
                    {runs.filter((r) => r.runId !== result.runId).slice(0, 8).map((r) => (
                      <Link key={r.runId} href={viewHref(envKey, { tab: "replay", config: config.position, run: r.runId })} scroll={false}>
                        {r.runId}
                      </Link>
                    ))}
                  </span>
                )}
              </dd>
            </div>
          </dl>
          {result.message && <pre className="verdict-message">{result.message}</pre>}
          {steps.length === 0 ? (
            <p className="muted">No calls were recorded{result.failureKind ? ` (the run ended with ${result.failureKind.replaceAll("_", " ")} before or without calling a tool)` : ""}.</p>
          ) : (
            <div className="replay-body">
              <div className="replay-controls" role="toolbar" aria-label="Step through the calls">
                <button type="button" className="btn" onClick={() => go(0)} disabled={index === 0} aria-label="First step">« First</button>
                <button type="button" className="btn" onClick={prev} disabled={index === 0} data-testid="replay-prev">← Prev</button>
                <span aria-live="polite" data-testid="replay-position">
                  Step {current?.number} of {result.steps ?? steps.length + omitted}
                </span>
                <button type="button" className="btn" onClick={next} disabled={index === steps.length - 1} data-testid="replay-next">Next →</button>
                <button type="button" className="btn" onClick={() => go(steps.length - 1)} disabled={index === steps.length - 1} aria-label="Last step">Last »</button>
                <span className="hint">Keys: <kbd>←</kbd>/<kbd>→</kbd> or <kbd>k</kbd>/<kbd>j</kbd>, <kbd>Home</kbd>/<kbd>End</kbd></span>
              </div>
              <div className="replay-split">
                <ol className="replay-steps" ref={list} aria-label="Calls">
                  {steps.map((s, i) => (
                    <li key={i} data-index={i} className={i === index ? "current" : undefined}>
                      <button type="button" onClick={() => setIndex(i)} aria-current={i === index ? "step" : undefined}>
                        <span className="step-no">{s.number}</span> <span className="mono">{s.tool || "(not a tool call)"}</span>
                        <span className="step-obs">{s.observation.slice(0, 60)}</span>
                      </button>
                      {gapAfter === i && <p className="gap" data-testid="replay-gap">… {omitted.toLocaleString("en-US")} calls not recorded …</p>}
                    </li>
                  ))}
                </ol>
                {current && (
                  <div className="replay-call" data-testid="replay-call">
                    <h3>
                      Step {current.number}: <span className="mono" data-testid="replay-tool">{current.tool || "(not a tool call)"}</span>
                    </h3>
                    <h4>Parameters</h4>
                    <pre data-testid="replay-parameters">{pretty(current.parameters)}</pre>
                    <h4>Observation</h4>
                    <pre data-testid="replay-observation">{current.observation}</pre>
                  </div>
                )}
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
