import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { FilterChips } from "@/components/export/FilterChips";
import { FilterBar } from "@/components/filters/filter-bar";
import { FilterError, problemsOf } from "@/components/filters/filter-error";
import { ReviewQueueBar } from "@/components/review/ReviewQueueBar";
import { ReviewSlot } from "@/components/review/ReviewSlot";
import own from "@/components/review/review.module.css";
import { EmptyState } from "@/components/ui/states";
import { pageUser } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/client";
import { getQueueSlot } from "@/lib/decisions/queue";
import { parseQueueQuery, queueHref, queueNavigation, type QueueQuery } from "@/lib/decisions/queue-params";
import { QUEUE_POSITION_COOKIE, positionSlot, savedPosition } from "@/lib/decisions/queue-position";
import { getEnvironmentDetail, listFilterChoices } from "@/lib/environments/queries";
import { ValidationError } from "@/lib/errors";
import { getSetting } from "@/lib/settings/settings";
import { queryStringOf, type PageSearch } from "@/lib/url/page-params";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review queue · CodeGym Curator" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<PageSearch> }) {
  const search = await searchParams;
  const qs = queryStringOf(search);
  const { user, allowed } = await pageUser({ role: "viewer", path: `/review${qs ? `?${qs}` : ""}` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="The review queue" />;

  let q: QueueQuery;
  try {
    q = parseQueueQuery(search);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (
      <>
        <h1>Review queue</h1>
        <FilterError basePath="/review" search={search} problems={problemsOf(error.details)} />
      </>
    );
  }
  // Without `at`, resume where this user last was in this queue (remembered in a cookie).
  const slotName = positionSlot(user.id, q.mode, q.filterQuery);
  if (!q.at) {
    const saved = savedPosition((await cookies()).get(QUEUE_POSITION_COOKIE)?.value, slotName);
    if (saved) redirect(queueHref({ ...q, at: saved }));
  }

  const db = prisma();
  const [slot, requiredApprovals, choices] = await Promise.all([
    getQueueSlot({ db, filter: q.filter, mode: q.mode, at: q.at, userId: user.id }),
    getSetting({ db, key: "review.requiredApprovals" }),
    listFilterChoices({ db }),
  ]);
  const env = slot.key ? await getEnvironmentDetail({ key: slot.key, db }) : null;
  const canCurate = hasRole(user.role, "curator");
  const listHref = `/environments${q.filterQuery ? `?${q.filterQuery}` : ""}`;

  const head = (
    <div className={own.queueHead}>
      <details className={own.filter} data-testid="queue-filter">
        <summary>
          Filter <span className={own.inlineChips}><FilterChips filter={q.filterQuery} /></span> <span className="hint">change</span>
        </summary>
        <FilterBar basePath="/review" filter={q.filter} keep={q.mode === "pending" ? {} : { mode: q.mode }} choices={choices} />
      </details>
      <span className={own.headLinks}>
        {(requiredApprovals > 1 || q.mode === "disagreements") && (
          <span className={own.modes} data-testid="queue-modes">
            <Link href={queueHref({ ...q, mode: "pending", at: null })} aria-current={q.mode === "pending" ? "page" : undefined}>Pending for you</Link>
            <Link href={queueHref({ ...q, mode: "disagreements", at: null })} aria-current={q.mode === "disagreements" ? "page" : undefined}>Disagreements</Link>
          </span>
        )}
        <Link href={listHref}>The list of this filter →</Link>
      </span>
    </div>
  );

  if (!slot.key || !env) {
    const all = slot.total === 1 ? "the 1 environment" : `all ${slot.total} environments`;
    return (
      <>
        <h1>Review queue</h1>
        {head}
        <EmptyState title={slot.total === 0 ? "Nothing to review" : q.mode === "disagreements" ? "No disagreements left" : "Queue is empty"}>
          <p data-testid="queue-empty">
            {slot.total === 0
              ? "No environment matches this filter."
              : q.mode === "disagreements"
                ? `No environment of this filter has reviewers who disagree on its current revision.`
                : `Queue is empty — ${all} of this filter are decided${requiredApprovals > 1 ? " (or wait for another curator's review)" : ""}.`}
          </p>
          <p className="state-actions">
            <Link href={listHref} className="btn">Open the list of this filter</Link>
          </p>
        </EmptyState>
      </>
    );
  }

  const nav = queueNavigation(slot, q);
  return (
    <>
      {head}
      <ReviewQueueBar
        envKey={env.key}
        mode={q.mode}
        position={slot.position}
        remaining={slot.remaining}
        done={slot.done}
        total={slot.total}
        nav={nav}
        selfHref={queueHref({ ...q, at: env.key })}
        editHref={`/environments/${encodeURIComponent(env.key)}/edit`}
        positionSlot={slotName}
        canCurate={canCurate}
        role={user.role}
      />
      <ReviewSlot key={env.key} env={env} canCurate={canCurate} afterDecisionHref={nav.afterDecisionHref} />
    </>
  );
}
