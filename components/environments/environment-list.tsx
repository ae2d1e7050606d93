"use client";

import { EmptyState } from "@/components/ui/states";
import { NavigationLink } from "@/components/filters/navigation";
import { useLiveList } from "@/lib/client/use-live-list";
import type { EnvironmentPage } from "@/lib/environments/queries";
import type { ListQuery } from "@/lib/filters/schema";
import { EnvironmentTable } from "./environment-table";
import { Pagination } from "./pagination";

/** The table with its pagination, or the empty state; live while rows are being verified. */
export function EnvironmentList({ initial, query, queryString, filtered }: { initial: EnvironmentPage; query: ListQuery; queryString: string; filtered: boolean }) {
  const { page, live } = useLiveList(queryString, initial);
  if (page.total === 0) {
    return filtered ? (
      <EmptyState title="No environment matches these filters">
        <p>
          Loosen a filter above, or <NavigationLink href="/environments">clear them all</NavigationLink>.
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="No environments yet">
        <p>
          Import CodeGym files with <code>npm run import -- PATH…</code> (records JSONL, a folder of sources, training rows).
        </p>
      </EmptyState>
    );
  }
  if (page.rows.length === 0) {
    return (
      <EmptyState title={`Page ${query.page} is past the end`}>
        <p>
          There are {page.total} matching environments. <NavigationLink href={`/environments?${queryString.replace(/(^|&)page=\d+/, "")}`}>Go to the first page</NavigationLink>.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <Pagination query={query} total={page.total} totalCapped={page.totalCapped} shown={page.rows.length} shortcuts />
      <EnvironmentTable rows={page.rows} query={query} />
      <div className="table-foot">
        {page.rows.length > 15 && <Pagination query={query} total={page.total} totalCapped={page.totalCapped} shown={page.rows.length} />}
        <p className="hint">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> select, <kbd>Enter</kbd> opens, <kbd>[</kbd>/<kbd>]</kbd> turn pages.
          {live && " Updating while verification runs…"}
        </p>
      </div>
    </>
  );
}
