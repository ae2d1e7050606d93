"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import type { QueueNavigation } from "@/lib/decisions/queue-params";
import { QUEUE_POSITION_COOKIE, QUEUE_POSITION_PATH, withPosition } from "@/lib/decisions/queue-position";
import type { ReviewMode } from "@/lib/decisions/schema";
import { CURATOR_ACTIONS, QUEUE_SHORTCUTS } from "./shortcuts";
import { ShortcutHelp } from "./ShortcutHelp";
import own from "./review.module.css";

export interface ReviewQueueBarProps {
  envKey: string;
  mode: ReviewMode;
  position: number;
  remaining: number;
  done: number;
  total: number;
  nav: QueueNavigation;
  /** This position's URL (with `at`), written into the address bar when it came without one. */
  selfHref: string;
  editHref: string;
  /** The cookie entry this queue's position is remembered under (user, mode, filter). */
  positionSlot: string;
  canCurate: boolean;
  role: string;
}

function readCookie(name: string): string | undefined {
  return document.cookie.split("; ").find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
}

/**
 * The queue's bar: where we are (k of M), progress (done · remaining),
 * previous / next, the shortcut strip and the `?` help. j/k (and the arrows)
 * navigate to `?at=` URLs, so every position can be shared; a and r belong to
 * the decision panel, v to the verify button (both curator-only; a viewer
 * pressing them is told so here).
 */
export function ReviewQueueBar(props: ReviewQueueBarProps) {
  const { envKey, nav, canCurate } = props;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const remember = (at: string) => {
    document.cookie = `${QUEUE_POSITION_COOKIE}=${withPosition(readCookie(QUEUE_POSITION_COOKIE), props.positionSlot, at)}; path=${QUEUE_POSITION_PATH}; max-age=${60 * 60 * 24 * 180}; samesite=lax`;
  };
  const go = (href: string | null) => {
    if (!href) return false;
    setNotice(null);
    // Remembered as the key is pressed, so leaving right away still resumes there.
    const at = new URL(href, window.location.origin).searchParams.get("at");
    if (at) remember(at);
    startTransition(() => router.push(href));
  };

  useEffect(() => {
    setNotice(null);
    // Remember this position, and put it in the address bar if it came from the cookie or the queue's start.
    remember(envKey);
    if (!new URLSearchParams(window.location.search).has("at")) window.history.replaceState(null, "", props.selfHref);
  }, [envKey, props.positionSlot, props.selfHref]); // eslint-disable-line react-hooks/exhaustive-deps

  const needsCurator = (key: string) => () => {
    setNotice(`${CURATOR_ACTIONS[key]} needs the curator role; you are signed in as a ${props.role}.`);
  };
  useShortcuts({
    j: () => go(nav.nextHref),
    ArrowRight: () => go(nav.nextHref),
    k: () => go(nav.prevHref),
    ArrowLeft: () => go(nav.prevHref),
    "?": () => setHelp((h) => !h),
    Escape: () => (help ? setHelp(false) : false),
    e: canCurate ? () => go(props.editHref) : needsCurator("e"),
    // For curators, a / r / v are handled by the decision panel and the verify button.
    ...(canCurate ? {} : { a: needsCurator("a"), r: needsCurator("r"), v: needsCurator("v") }),
  });

  const pct = props.total ? Math.round((100 * props.done) / props.total) : 0;
  return (
    <nav className={own.bar} aria-label="Review queue" data-testid="queue-bar" data-pending={pending || undefined}>
      <div className={own.barRow}>
        <strong className={own.title}>{props.mode === "disagreements" ? "Disagreements" : "Review queue"}</strong>
        <button type="button" className="btn" onClick={() => go(nav.prevHref)} disabled={!nav.prevHref} data-testid="queue-prev" title="Previous (k or ←)">
          <kbd>k</kbd> Previous
        </button>
        <span className={own.position} data-testid="queue-position">
          {props.position} of {props.remaining}
        </span>
        <button type="button" className="btn" onClick={() => go(nav.nextHref)} disabled={!nav.nextHref} data-testid="queue-next" title={nav.nextWraps ? "Back to the first (j or →)" : "Next (j or →)"}>
          {nav.nextWraps ? "First" : "Next"} <kbd>j</kbd>
        </button>
        <span className={own.progress} data-testid="queue-progress">
          {props.mode === "disagreements" ? `${props.remaining} disagreement${props.remaining === 1 ? "" : "s"} left` : `${props.done} done · ${props.remaining} remaining`}
        </span>
        {props.mode === "pending" && (
          <span className={own.meter} role="progressbar" aria-label="Decided" aria-valuemin={0} aria-valuemax={props.total} aria-valuenow={props.done}>
            <span style={{ width: `${pct}%` }} />
          </span>
        )}
        {pending && <span className="muted">Loading…</span>}
      </div>
      <ul className={own.strip} data-testid="shortcut-strip" aria-label="Keyboard shortcuts">
        {QUEUE_SHORTCUTS.filter((s) => s.label !== "close").map((s) => {
          const locked = s.curator && !canCurate;
          return (
            <li key={s.label} className={locked ? own.locked : undefined} title={locked ? "needs the curator role" : s.help}>
              <kbd>{s.keys[0]}</kbd> {s.label}
              {locked && <span className="sr-only"> (needs the curator role)</span>}
            </li>
          );
        })}
        {!canCurate && <li className={own.needsRole} data-testid="needs-curator">a r e v need the curator role</li>}
      </ul>
      {notice && (
        <p className={`warn-text ${own.notice}`} role="alert" data-testid="queue-notice">
          {notice}
        </p>
      )}
      {help && <ShortcutHelp canCurate={canCurate} onClose={() => setHelp(false)} />}
    </nav>
  );
}
