import Link from "next/link";
import type { ReactNode } from "react";

export interface FieldProblem {
  field: string;
  message: string;
}

/** A failure the page can explain (bad URL parameters, a missing environment…), with ways out. */
export function ErrorState({
  title,
  message,
  problems = [],
  actions = [],
}: {
  title: string;
  message?: ReactNode;
  problems?: FieldProblem[];
  actions?: { href: string; label: string }[];
}) {
  return (
    <section className="panel state state-error" role="alert" data-testid="error-state">
      <h2>{title}</h2>
      {message && <p>{message}</p>}
      {problems.length > 0 && (
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i}>
              {p.field ? <code>{p.field}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      )}
      {actions.length > 0 && (
        <p className="state-actions">
          {actions.map((a) => (
            <Link key={a.label} href={a.href} className="btn">
              {a.label}
            </Link>
          ))}
        </p>
      )}
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="panel state" data-testid="empty-state">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
