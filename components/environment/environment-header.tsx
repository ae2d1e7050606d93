import Link from "next/link";
import { filterToQuery } from "@/lib/filters/schema";
import type { EnvironmentDetail } from "@/lib/environments/queries";
import { formatDate, formatNumber, formatPercent } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { VerificationControl } from "./verification-control";

const listHref = (filter: Record<string, string>) => `/environments?${filterToQuery(filter as never)}`;

/** Who, what and how it stands: status with pass count, review, subset, tags, revision, problem of origin. */
export function EnvironmentHeader({ env, canVerify, verifyShortcut = false }: { env: EnvironmentDetail; canVerify: boolean; verifyShortcut?: boolean }) {
  const rev = env.revision;
  const d = env.decision;
  return (
    <header className="env-header">
      <p className="crumbs">
        <Link href="/environments">Environments</Link> / <Link href={listHref({ subset: env.subset })}>{env.subset}</Link>
      </p>
      <h1 className="mono">{env.key}</h1>
      <dl className="facts" data-testid="env-facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="env-status">
            <StatusBadge status={env.status} /> {env.passCount}/{env.configCount} configurations passed
            {env.passRate !== null && <span className="muted"> ({formatPercent(env.passRate)})</span>}
            {env.failureKinds.length > 0 && <span className="kinds"> · {env.failureKinds.map((k) => k.replaceAll("_", " ")).join(", ")}</span>}
          </dd>
        </div>
        <div>
          <dt>Review</dt>
          <dd data-testid="env-review">
            <StatusBadge status={env.reviewState} />
            {d && (
              <span className="muted">
                {" "}
                {d.decision === "approve" ? "approved" : "rejected"} by {d.user.username} on {formatDate(d.createdAt)}
                {d.reasonCategory && ` · ${d.reasonCategory.replaceAll("_", " ")}`}
                {d.reason && ` · “${d.reason}”`}
                {d.override && " · override"}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Subset</dt>
          <dd>{env.subset}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd data-testid="env-tags">
            {env.tags.length === 0 ? <span className="muted">none</span> : env.tags.map((t) => (
              <Link key={t} href={listHref({ tag: t })} className="tag">
                {t}
              </Link>
            ))}
          </dd>
        </div>
        <div>
          <dt>Revision</dt>
          <dd data-testid="env-revision">
            {rev ? (
              <>
                {rev.number} of {env.revisionCount}
                <span className="muted">
                  {" "}
                  · {formatDate(rev.createdAt)}
                  {rev.author && ` by ${rev.author.username}`}
                  {rev.message && ` · “${rev.message}”`}
                </span>
              </>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Original problem</dt>
          <dd>{env.originalProblem ?? <span className="muted">unknown ({env.codeId})</span>}</dd>
        </div>
        <div>
          <dt>Oracle steps</dt>
          <dd>
            {env.stepsMin ?? "–"} / {formatNumber(env.stepsMedian, 1)} / {env.stepsMax ?? "–"} <span className="muted">min / median / max</span>
            {env.stepsMax !== null && <span className={env.inTrainingWindow ? "ok-text" : "warn-text"}>{env.inTrainingWindow ? " · inside" : " · outside"} the training window [10, 256]</span>}
          </dd>
        </div>
        <div>
          <dt>Difficulty</dt>
          <dd>{env.difficulty === null ? <span className="muted">no Best-of-4 scores</span> : <>{formatNumber(env.difficulty)} <span className="muted">mean Best-of-4 score</span></>}</dd>
        </div>
        <div>
          <dt>Last verified</dt>
          <dd>{formatDate(env.lastVerifiedAt)}</dd>
        </div>
      </dl>
      <VerificationControl envKey={env.key} activeRunId={env.activeRun?.id ?? null} canVerify={canVerify} shortcut={verifyShortcut} />
    </header>
  );
}
