import Link from "next/link";
import type { ReactNode } from "react";

/** The header of a page under an environment (edit, revisions): where it is, and the way back. */
export function SubpageHeader({ envKey, page, links }: { envKey: string; page: string; links?: ReactNode }) {
  const envHref = `/environments/${encodeURIComponent(envKey)}`;
  return (
    <header className="env-header">
      <p className="crumbs">
        <Link href="/environments">Environments</Link> / <Link href={envHref}>{envKey}</Link> / {page}
      </p>
      <h1 className="mono">{envKey}</h1>
      <p className="row">
        <Link href={envHref}>Back to the environment</Link>
        {links}
      </p>
    </header>
  );
}
