"use client";

import { useEffect, useRef, useState } from "react";
import { NavigationLink, useNavigation } from "@/components/filters/navigation";
import { environmentHref, formatDate, formatNumber } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import { filterToQuery, type ListQuery, type SortColumn } from "@/lib/filters/schema";
import type { EnvironmentListRow } from "@/lib/environments/queries";

type Row = Omit<EnvironmentListRow, "lastVerifiedAt"> & { lastVerifiedAt: Date | string | null };

/** A sortable column header: a link to the same list sorted by it (first click ascending, then toggling). */
function SortHeader({ query, column, children, defaultDir = "asc" }: { query: ListQuery; column: SortColumn; children: React.ReactNode; defaultDir?: "asc" | "desc" }) {
  const active = query.sort === column;
  const dir = active ? (query.dir === "asc" ? "desc" : "asc") : defaultDir;
  const href = `/environments?${filterToQuery({ ...query, sort: column, dir, page: 1 })}`;
  const arrow = active ? (query.dir === "asc" ? "▲" : "▼") : "";
  return (
    <NavigationLink href={href} className={`sort ${active ? "sorted" : ""}`} data-testid={`sort-${column}`} title={`Sort by ${column}, ${dir === "asc" ? "ascending" : "descending"}`}>
      {children}
      <span className="sort-arrow" aria-hidden>
        {arrow}
      </span>
    </NavigationLink>
  );
}

function ariaSort(query: ListQuery, ...columns: SortColumn[]) {
  return columns.includes(query.sort) ? (query.dir === "asc" ? "ascending" : "descending") : undefined;
}

/**
 * The list's table. Keyboard: ↓/j and ↑/k move the selection (focus moves to the
 * row's link, so Enter opens it, as does o).
 */
export function EnvironmentTable({ rows, query }: { rows: Row[]; query: ListQuery }) {
  const { navigate } = useNavigation();
  const [selected, setSelected] = useState<number | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => setSelected(null), [rows]);

  const select = (index: number) => {
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    setSelected(i);
    const link = body.current?.querySelectorAll<HTMLAnchorElement>("a.row-link")[i];
    link?.focus();
    link?.closest("tr")?.scrollIntoView({ block: "nearest" });
  };
  const next = () => select(selected === null ? 0 : selected + 1);
  const prev = () => select(selected === null ? 0 : selected - 1);
  const open = () => (selected === null ? false : navigate(environmentHref(rows[selected]!.key), { scroll: true }));
  // Enter on a focused link or button keeps its own meaning; with nothing focused it opens the selection.
  const enter = () => (document.activeElement === document.body ? open() : false);
  useShortcuts({ j: next, ArrowDown: next, k: prev, ArrowUp: prev, o: open, Enter: enter });

  return (
    <table className="grid env-table" data-testid="environments-table" aria-label="Environments">
      <thead>
        <tr>
          <th aria-sort={ariaSort(query, "key")}><SortHeader query={query} column="key">Key</SortHeader></th>
          <th aria-sort={ariaSort(query, "subset")}><SortHeader query={query} column="subset">Subset</SortHeader></th>
          <th className="num" aria-sort={ariaSort(query, "toolCount")}><SortHeader query={query} column="toolCount" defaultDir="desc">Tools</SortHeader></th>
          <th className="num" aria-sort={ariaSort(query, "configCount")}><SortHeader query={query} column="configCount" defaultDir="desc">Configs</SortHeader></th>
          <th className="num" aria-sort={ariaSort(query, "stepsMedian", "stepsMax")}>
            Oracle steps <SortHeader query={query} column="stepsMedian" defaultDir="desc">median</SortHeader> / <SortHeader query={query} column="stepsMax" defaultDir="desc">max</SortHeader>
          </th>
          <th aria-sort={ariaSort(query, "status", "passRate")}>
            <SortHeader query={query} column="status">Status</SortHeader> · <SortHeader query={query} column="passRate" defaultDir="desc">passed</SortHeader>
          </th>
          <th aria-sort={ariaSort(query, "reviewState")}><SortHeader query={query} column="reviewState">Review</SortHeader></th>
          <th className="num" aria-sort={ariaSort(query, "difficulty")}><SortHeader query={query} column="difficulty">Difficulty</SortHeader></th>
          <th aria-sort={ariaSort(query, "lastVerifiedAt")}><SortHeader query={query} column="lastVerifiedAt" defaultDir="desc">Last verified</SortHeader></th>
        </tr>
      </thead>
      <tbody ref={body}>
        {rows.map((e, i) => (
          <tr key={e.id} aria-selected={selected === i} className={selected === i ? "selected" : undefined} onClick={() => setSelected(i)}>
            <td className="mono key-cell">
              <a className="row-link" href={environmentHref(e.key)} onFocus={() => setSelected(i)} onClick={(ev) => {
                if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
                ev.preventDefault();
                navigate(environmentHref(e.key), { scroll: true });
              }}>
                {e.key}
              </a>
            </td>
            <td>{e.subset}</td>
            <td className="num">{e.toolCount}</td>
            <td className="num">{e.configCount}</td>
            <td className="num">
              <span title={e.inTrainingWindow ? "every configuration inside the training window [10, 256]" : "some configuration outside the training window [10, 256]"}>
                {formatNumber(e.stepsMedian, 1)} / {e.stepsMax ?? "–"}
              </span>
            </td>
            <td>
              <StatusBadge status={e.status} title={e.failureKinds.length ? `failures: ${e.failureKinds.join(", ")}` : undefined} />{" "}
              <span className="muted" title="configurations passed in the latest verification">
                {e.passCount}/{e.configCount}
              </span>
              {e.failureKinds.length > 0 && <span className="kinds"> {e.failureKinds.map((k) => k.replaceAll("_", " ")).join(", ")}</span>}
            </td>
            <td><StatusBadge status={e.reviewState} /></td>
            <td className="num">{formatNumber(e.difficulty)}</td>
            <td className="nowrap">{formatDate(e.lastVerifiedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
