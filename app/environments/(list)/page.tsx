import Link from "next/link";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { BulkActionsDialog } from "@/components/curation/BulkActionsDialog";
import { EnvironmentList } from "@/components/environments/environment-list";
import { ExportSelectionLink } from "@/components/export/FilterChips";
import { FilterBar } from "@/components/filters/filter-bar";
import { FilterError, problemsOf } from "@/components/filters/filter-error";
import { NavigationRegion } from "@/components/filters/navigation";
import { formatCount } from "@/components/ui/format";
import { pageUser } from "@/lib/auth/page-guard";
import { listEnvironments, listFilterChoices } from "@/lib/environments/queries";
import { ValidationError } from "@/lib/errors";
import { filterToQuery, isFilterKey, parseListQuery, type ListQuery } from "@/lib/filters/schema";
import { queryStringOf, type PageSearch } from "@/lib/url/page-params";

export const dynamic = "force-dynamic";
export const metadata = { title: "Environments · CodeGym Curator" };

export default async function EnvironmentsPage({ searchParams }: { searchParams: Promise<PageSearch> }) {
  const search = await searchParams;
  const qs = queryStringOf(search);
  const { user, allowed } = await pageUser({ role: "viewer", path: `/environments${qs ? `?${qs}` : ""}` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="The environment list" />;

  let query: ListQuery;
  try {
    query = parseListQuery(search);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (
      <>
        <h1>Environments</h1>
        <FilterError basePath="/environments" search={search} problems={problemsOf(error.details)} />
      </>
    );
  }
  const [page, choices] = await Promise.all([listEnvironments({ query }), listFilterChoices()]);
  const filtered = Object.keys(query).some((k) => isFilterKey(k) && query[k as keyof ListQuery] !== undefined);
  const filterOnly = filterToQuery({ ...query, sort: undefined, dir: undefined, page: undefined, pageSize: undefined });
  const keep = Object.fromEntries(new URLSearchParams(filterToQuery({ sort: query.sort, dir: query.dir, pageSize: query.pageSize })));
  return (
    <NavigationRegion className="list-page">
      <h1>
        Environments <span className="muted" data-testid="total">({formatCount(page.total)}{page.totalCapped ? "+" : ""}{filtered ? " matching" : ""})</span>
        <span className="page-links">
          <Link href={`/review${filterOnly ? `?${filterOnly}` : ""}`} data-testid="to-review">Review these →</Link>
          <Link href={`/stats${filterOnly ? `?${filterOnly}` : ""}`} data-testid="to-stats">Charts for this selection →</Link>
          <ExportSelectionLink filter={filterOnly} />
          {/* Admins only (the dialog hides itself otherwise); acts on the whole filter, not this page. */}
          <BulkActionsDialog filterQuery={filterOnly} />
        </span>
      </h1>
      <FilterBar basePath="/environments" filter={query} keep={keep} choices={choices} />
      <EnvironmentList initial={page} query={query} queryString={filterToQuery(query)} filtered={filtered} />
    </NavigationRegion>
  );
}
