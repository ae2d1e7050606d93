import Link from "next/link";
import type { EnvironmentDetailConfig } from "@/lib/environments/queries";
import { formatBytes, formatNumber, formatSeconds } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { viewHref } from "./view-params";

export function verdictOf(c: Pick<EnvironmentDetailConfig, "lastPassed" | "lastFailureKind">): string {
  if (c.lastPassed === null) return "unverified";
  return c.lastPassed ? "passed" : (c.lastFailureKind ?? "failed");
}

/** Every configuration of the current revision with its latest verification (the run its lastRunId names). */
export function ConfigsTable({ envKey, configs, selected }: { envKey: string; configs: EnvironmentDetailConfig[]; selected?: number }) {
  if (configs.length === 0) return <p className="muted">This revision has no task configurations.</p>;
  return (
    <div className="table-scroll">
      <table className="grid configs-table" data-testid="configs-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Configuration</th>
            <th>Verdict</th>
            <th className="num" title="latest verified step count; the count CodeGym's files recorded in grey">Oracle steps</th>
            <th className="num">Seconds</th>
            <th className="num">Peak memory</th>
            <th>Failure</th>
            <th>Message</th>
            <th className="num" title="qwen32b Best-of-4 score">Bo4</th>
            <th>Replay</th>
          </tr>
        </thead>
        <tbody>
          {configs.map((c) => {
            const r = c.result;
            const verdict = verdictOf(c);
            return (
              <tr key={c.id} className={selected === c.position ? "selected" : undefined} data-testid={`config-row-${c.position}`}>
                <td className="num">{c.position}</td>
                <td className="mono config-string" title={c.configString}>{c.configString}</td>
                <td><StatusBadge status={verdict === "passed" || verdict === "unverified" ? verdict : "failed"} title={verdict} />{verdict !== "passed" && verdict !== "unverified" && <span className="kinds"> {verdict.replaceAll("_", " ")}</span>}</td>
                <td className="num">
                  {c.lastSteps ?? r?.steps ?? "–"}
                  {c.recordedSteps !== null && c.recordedSteps !== c.lastSteps && <span className="muted" title="recorded in the CodeGym files"> ({c.recordedSteps})</span>}
                </td>
                <td className="num">{formatSeconds(r?.seconds ?? null)}</td>
                <td className="num">{formatBytes(r?.peakMemory ?? null)}</td>
                <td>{r?.failureKind?.replaceAll("_", " ") ?? (c.lastFailureKind ? c.lastFailureKind.replaceAll("_", " ") : "")}</td>
                <td className="message">
                  {r?.message ? (
                    <details>
                      <summary>{r.message.split("\n")[0]!.slice(0, 80)}</summary>
                      <pre>{r.message}</pre>
                    </details>
                  ) : (
                    <span className="muted">–</span>
                  )}
                  {r?.findings.length ? <span className="warn-text"> {r.findings.join(", ").replaceAll("_", " ")}</span> : null}
                </td>
                <td className="num">{formatNumber(c.bo4Score)}</td>
                <td>{r ? <Link href={viewHref(envKey, { tab: "replay", config: c.position })} data-testid={`replay-link-${c.position}`}>Replay</Link> : <span className="muted">–</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
