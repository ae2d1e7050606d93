import Link from "next/link";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { FilterBar } from "@/components/filters/filter-bar";
import { FilterError, problemsOf } from "@/components/filters/filter-error";
import { NavigationRegion } from "@/components/filters/navigation";
import { StatsView } from "@/components/stats/stats-view";
import { pageUser } from "@/lib/auth/page-guard";
import { listFilterChoices } from "@/lib/environments/queries";
import { ValidationError } from "@/lib/errors";
import { filterToQuery, parseFilter, type EnvironmentFilter } from "@/lib/filters/schema";
import { getStats } from "@/lib/stats/get-stats";

export const dynamic = "force-dynamic";
export const metadata = { title: "Statistics · CodeGym Curator" };

type Search = Record<string, string | string[] | undefined>;

export default async function StatsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  let filter: EnvironmentFilter | null = null;
  let problems: ReturnType<typeof problemsOf> = [];
  try {
    filter = parseFilter(search);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems = problemsOf(error.details);
  }
  const qs = filter ? filterToQuery(filter) : "";
  const { user, allowed } = await pageUser({ role: "viewer", path: `/stats${qs ? `?${qs}` : ""}` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="The statistics" />;
  if (!filter) {
    return (
      <>
        <h1>Statistics</h1>
        <FilterError basePath="/stats" search={search} problems={problems} />
      </>
    );
  }
  const [stats, choices] = await Promise.all([getStats({ filter }), listFilterChoices()]);
  return (
    <NavigationRegion className="stats-page">
      <h1>
        Statistics
        <span className="page-links">
          <Link href={`/environments${qs ? `?${qs}` : ""}`} data-testid="to-list">List these environments →</Link>
        </span>
      </h1>
      <FilterBar basePath="/stats" filter={filter} choices={choices} />
      <StatsView stats={stats} filter={filter} />
    </NavigationRegion>
  );
}
