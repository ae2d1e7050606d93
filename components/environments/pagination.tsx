"use client";

import { NavigationLink, useNavigation } from "@/components/filters/navigation";
import { formatCount } from "@/components/ui/format";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import { filterToQuery, MAX_PAGE_SIZE, type ListQuery } from "@/lib/filters/schema";

const PAGE_SIZES = [25, 50, 100, MAX_PAGE_SIZE];

/** "Rows a–b of N", first / previous / next / last, the page size; `[` and `]` turn pages. */
export function Pagination({ query, total, totalCapped, shown, shortcuts = false }: { query: ListQuery; total: number; totalCapped: boolean; shown: number; shortcuts?: boolean }) {
  const { navigate } = useNavigation();
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const href = (page: number) => `/environments?${filterToQuery({ ...query, page })}`;
  const from = shown ? (query.page - 1) * query.pageSize + 1 : 0;
  const to = (query.page - 1) * query.pageSize + shown;
  // A capped count is a lower bound: more pages may follow as long as this one is full.
  const hasNext = totalCapped ? shown === query.pageSize : query.page < pages;
  const hasPrev = query.page > 1;
  useShortcuts({ "]": () => (hasNext ? navigate(href(query.page + 1)) : false), "[": () => (hasPrev ? navigate(href(query.page - 1)) : false) }, shortcuts);
  return (
    <nav className="pagination" aria-label={shortcuts ? "Pages" : "Pages (top)"} data-testid="pagination">
      <span data-testid="range">
        {shown ? `${formatCount(from)}–${formatCount(to)}` : "0"} of {formatCount(total)}
        {totalCapped ? "+" : ""}
      </span>
      <span className="pages">
        {hasPrev ? <NavigationLink href={href(1)} aria-label="First page">«</NavigationLink> : <span aria-hidden>«</span>}
        {hasPrev ? <NavigationLink href={href(query.page - 1)} aria-label="Previous page" data-testid="page-prev">‹ Prev</NavigationLink> : <span className="muted">‹ Prev</span>}
        <span aria-current="page">
          Page {formatCount(query.page)} of {formatCount(pages)}
          {totalCapped ? "+" : ""}
        </span>
        {hasNext ? <NavigationLink href={href(query.page + 1)} aria-label="Next page" data-testid="page-next">Next ›</NavigationLink> : <span className="muted">Next ›</span>}
        {!totalCapped && query.page < pages ? <NavigationLink href={href(pages)} aria-label="Last page">»</NavigationLink> : <span aria-hidden>»</span>}
      </span>
      <label className="filter-inline">
        Per page
        <select value={query.pageSize} onChange={(e) => navigate(`/environments?${filterToQuery({ ...query, pageSize: Number(e.target.value), page: 1 })}`)} data-testid="page-size">
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
