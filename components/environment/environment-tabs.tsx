import Link from "next/link";
import { viewHref, type EnvironmentTab, type EnvironmentView } from "./view-params";

const LABELS: Record<EnvironmentTab, string> = {
  tools: "Tools & source",
  task: "Prompt",
  configs: "Configurations",
  replay: "Oracle replay",
  history: "Verification history",
  review: "Review",
};

/** Tabs as links: the selected tab is part of the URL. */
export function EnvironmentTabs({ envKey, view, counts }: { envKey: string; view: EnvironmentView; counts: Partial<Record<EnvironmentTab, number>> }) {
  return (
    <nav className="tabs" aria-label="Environment sections">
      {(Object.keys(LABELS) as EnvironmentTab[]).map((tab) => (
        <Link
          key={tab}
          href={viewHref(envKey, { tab, config: tab === "replay" || tab === "configs" ? view.config : undefined })}
          className="tab"
          aria-current={view.tab === tab ? "page" : undefined}
          data-testid={`tab-${tab}`}
          scroll={false}
        >
          {LABELS[tab]}
          {counts[tab] !== undefined && <span className="tab-count">{counts[tab]}</span>}
        </Link>
      ))}
    </nav>
  );
}
