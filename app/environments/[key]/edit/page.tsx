import Link from "next/link";
import { notFound } from "next/navigation";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { EditEnvironment } from "@/components/curation/EditEnvironment";
import { SubpageHeader } from "@/components/environment/subpage-header";
import { ErrorState } from "@/components/ui/states";
import { pageUser } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { environmentIdOf, getRevisionContent, type RevisionContent } from "@/lib/revisions/queries";
import { decodeSegment } from "@/lib/url/page-params";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ key: string }> }) {
  return { title: `Edit ${decodeSegment((await params).key)} · CodeGym Curator` };
}

/** The current revision's content, null when it has none; a missing environment is a 404. */
async function loadCurrent(key: string): Promise<RevisionContent | null> {
  const db = prisma();
  try {
    await environmentIdOf({ db, key });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  try {
    return await getRevisionContent({ db, key });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export default async function EditEnvironmentPage({ params }: { params: Promise<{ key: string }> }) {
  const key = decodeSegment((await params).key);
  const envHref = `/environments/${encodeURIComponent(key)}`;
  const { user, allowed } = await pageUser({ role: "viewer", path: `${envHref}/edit` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="This environment" />;
  const current = await loadCurrent(key);

  const header = <SubpageHeader envKey={key} page="edit" links={<Link href={`${envHref}/revisions`}>Revisions</Link>} />;

  if (!hasRole(user.role, "curator")) {
    return (
      <>
        {header}
        <section className="panel" role="note" data-testid="read-only-notice">
          <h2>Read-only</h2>
          <p>
            Editing needs the <strong>curator</strong> role; you are signed in as a <strong>{user.role}</strong>. You can read the source on the{" "}
            <Link href={`${envHref}?tab=tools`}>environment page</Link> and compare revisions under <Link href={`${envHref}/revisions`}>Revisions</Link>.
          </p>
        </section>
      </>
    );
  }
  if (!current) {
    return (
      <>
        {header}
        <ErrorState title="Nothing to edit" message={`${key} has no revision yet; import one first.`} actions={[{ href: envHref, label: "Open the environment" }]} />
      </>
    );
  }

  return (
    <>
      {header}
      <EditEnvironment
        envKey={key}
        base={{
          id: current.id,
          number: current.number,
          sourceCode: current.sourceCode,
          taskDescription: current.taskDescription,
          configs: current.configs,
          author: current.author,
          createdAt: current.createdAt.toISOString(),
          message: current.message,
        }}
      />
    </>
  );
}
