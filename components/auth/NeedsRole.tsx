import type { Role } from "@/lib/auth/roles";

/** Shown instead of a page's content when the signed-in user's role is too low. */
export function NeedsRole({ role, actual, what }: { role: Role; actual: Role; what: string }) {
  return (
    <section className="panel" role="alert" data-testid="needs-role">
      <h1>Not allowed</h1>
      <p>
        {what} needs the <strong>{role}</strong> role; you are signed in as a <strong>{actual}</strong>. Ask an admin to change your role.
      </p>
    </section>
  );
}
