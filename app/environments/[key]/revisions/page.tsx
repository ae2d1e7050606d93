import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { RevisionDiff } from "@/components/curation/RevisionDiff";
import { RevisionList } from "@/components/curation/RevisionList";
import { compareHref } from "@/components/curation/compare-href";
import { SubpageHeader } from "@/components/environment/subpage-header";
import { formatDate } from "@/components/ui/format";
import { ErrorState } from "@/components/ui/states";
import { pageUser } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { getRevisionContent, listRevisions, type RevisionContent, type RevisionListRow } from "@/lib/revisions/queries";
import { decodeSegment } from "@/lib/url/page-params";

export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

/** `?a=<revision id>&b=<revision id>`; both optional (defaults: the current revision's parent and the current revision). */
const compareSchema = z.object({ a: z.coerce.number().int().positive().optional(), b: z.coerce.number().int().positive().optional() });

export async function generateMetadata({ params }: { params: Promise<{ key: string }> }) {
  return { title: `Revisions of ${decodeSegment((await params).key)} · CodeGym Curator` };
}

async function loadRows(key: string): Promise<RevisionListRow[]> {
  try {
    return await listRevisions({ db: prisma(), key });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

const label = (r: RevisionContent) => `Revision ${r.number}${r.author ? ` by ${r.author}` : ""} · ${formatDate(r.createdAt)}${r.current ? " (current)" : ""}`;

export default async function RevisionsPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Promise<Search> }) {
  const key = decodeSegment((await params).key);
  const envHref = `/environments/${encodeURIComponent(key)}`;
  const { user, allowed } = await pageUser({ role: "viewer", path: `${envHref}/revisions` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="This environment" />;
  const rows = await loadRows(key);
  const search = await searchParams;

  const header = <SubpageHeader envKey={key} page="revisions" />;
  if (rows.length === 0) {
    return (
      <>
        {header}
        <ErrorState title="No revisions" message={`${key} has no revision yet.`} actions={[{ href: envHref, label: "Open the environment" }]} />
      </>
    );
  }

  const parsed = compareSchema.safeParse(Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const current = rows.find((r) => r.current) ?? rows[0]!;
  const bRow = parsed.success && parsed.data.b !== undefined ? byId.get(parsed.data.b) : current;
  const aDefault = bRow?.parentId != null ? byId.get(bRow.parentId) : bRow;
  const aRow = parsed.success && parsed.data.a !== undefined ? byId.get(parsed.data.a) : aDefault;
  const problems = parsed.success
    ? [
        ...(aRow ? [] : [{ field: "a", message: `${key} has no revision with id ${parsed.data.a}` }]),
        ...(bRow ? [] : [{ field: "b", message: `${key} has no revision with id ${parsed.data.b}` }]),
      ]
    : parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  if (!aRow || !bRow || problems.length) {
    return (
      <>
        {header}
        <ErrorState
          title="This comparison's parameters are not valid"
          problems={problems}
          actions={[{ href: `${envHref}/revisions`, label: "Compare the current revision with its parent" }]}
        />
      </>
    );
  }

  const db = prisma();
  const [a, b] = await Promise.all([getRevisionContent({ db, key, number: aRow.number }), getRevisionContent({ db, key, number: bRow.number })]);

  return (
    <>
      {header}
      <section className="panel" aria-labelledby="diff-title" data-testid="revisions-compare" data-a={a.number} data-b={b.number}>
        <div className="spread">
          <h2 id="diff-title">
            Revision {a.number} → revision {b.number}
          </h2>
          {a.id !== b.id && (
            <Link href={compareHref(key, b.id, a.id)} className="btn">
              Swap sides
            </Link>
          )}
        </div>
        <RevisionDiff original={a.sourceCode} modified={b.sourceCode} originalLabel={`A: ${label(a)}`} modifiedLabel={`B: ${label(b)}`} />
        {a.taskDescription !== b.taskDescription && (
          <>
            <h3>Task description</h3>
            <RevisionDiff testId="task-diff" original={a.taskDescription} modified={b.taskDescription} originalLabel={`A: revision ${a.number}`} modifiedLabel={`B: revision ${b.number}`} height="220px" language="plaintext" />
          </>
        )}
        {a.configs !== b.configs && (
          <>
            <h3>Configurations</h3>
            <RevisionDiff testId="configs-diff" original={a.configs} modified={b.configs} originalLabel={`A: revision ${a.number}`} modifiedLabel={`B: revision ${b.number}`} height="260px" language="plaintext" />
          </>
        )}
        {a.taskDescription === b.taskDescription && a.configs === b.configs && <p className="hint">Task description and configurations are the same in both.</p>}
      </section>
      <section className="panel" aria-labelledby="revisions-title">
        <h2 id="revisions-title">Revisions ({rows.length})</h2>
        <RevisionList envKey={key} rows={rows} a={a.id} b={b.id} canRestore={hasRole(user.role, "curator")} />
      </section>
    </>
  );
}
