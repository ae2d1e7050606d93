import Link from "next/link";
import styles from "./export.module.css";

/** A filter query string as readable chips (`subset: Leetcode`), or "every environment". */
export function FilterChips({ filter }: { filter: string }) {
  const entries = [...new URLSearchParams(filter)];
  if (entries.length === 0) return <span className={styles.chips}><span className={styles.chip}>every environment</span></span>;
  return (
    <span className={styles.chips} data-testid="filter-chips">
      {entries.map(([k, v]) => (
        <span key={`${k}=${v}`} className={styles.chip}>
          {k.replace(/_/g, " ")}: {v}
        </span>
      ))}
    </span>
  );
}

/** The link a list page puts next to its filter: the export dialog for the same selection. */
export function ExportSelectionLink({ filter, className }: { filter: string; className?: string }) {
  return (
    <Link className={className} href={`/exports/new${filter ? `?${filter}` : ""}`} data-testid="to-export">
      Export this selection →
    </Link>
  );
}
