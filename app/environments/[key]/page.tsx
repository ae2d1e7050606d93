import { notFound } from "next/navigation";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { DecisionPanel } from "@/components/curation/DecisionPanel";
import { AuditEventList } from "@/components/curation/AuditEventList";
import { EditLinks } from "@/components/curation/EditLinks";
import { TagsAndNotes } from "@/components/curation/TagsAndNotes";
import { ConfigsTable, verdictOf } from "@/components/environment/configs-table";
import { EnvironmentHeader } from "@/components/environment/environment-header";
import { EnvironmentTabs } from "@/components/environment/environment-tabs";
import { OracleReplay } from "@/components/environment/oracle-replay";
import { PromptPanel } from "@/components/environment/prompt-panel";
import { RunHistory } from "@/components/environment/run-history";
import { ToolsPanel, type FindingView } from "@/components/environment/tools-panel";
import { environmentViewSchema } from "@/components/environment/view-params";
import { ErrorState } from "@/components/ui/states";
import { pageUser } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import { QUESTION_MARKER } from "@/lib/codegym/schemas";
import { prisma } from "@/lib/db/client";
import { getConfigReplay, getEnvironmentDetail, listEnvironmentRuns, type EnvironmentDetail } from "@/lib/environments/queries";
import { NotFoundError } from "@/lib/errors";
import { getInstructionText } from "@/lib/export/instruction-text";
import { listAuditEvents } from "@/lib/audit/list";
import Link from "next/link";
import { decodeSegment } from "@/lib/url/page-params";

export const dynamic = "force-dynamic";

/** The review tab shows this many of the newest audit events; the rest are on /audit. */
const TIMELINE_EVENTS = 30;

type Search = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<{ key: string }> }) {
  return { title: `${decodeSegment((await params).key)} · CodeGym Curator` };
}

async function load(key: string): Promise<EnvironmentDetail | null> {
  try {
    return await getEnvironmentDetail({ key });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export default async function EnvironmentPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Promise<Search> }) {
  const key = decodeSegment((await params).key);
  const search = await searchParams;
  const { user, allowed } = await pageUser({ role: "viewer", path: `/environments/${encodeURIComponent(key)}` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="This environment" />;
  const env = await load(key);
  if (!env) notFound();

  const parsed = environmentViewSchema.safeParse(Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  if (!parsed.success) {
    return (
      <>
        <EnvironmentHeader env={env} canVerify={hasRole(user.role, "curator")} />
        <ErrorState
          title="This view's parameters are not valid"
          problems={parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }))}
          actions={[{ href: `/environments/${encodeURIComponent(key)}`, label: "Open the environment" }]}
        />
      </>
    );
  }
  const view = parsed.data;
  const rev = env.revision;
  const configs = rev?.configs ?? [];
  const configChoices = configs.map((c) => ({ position: c.position, verdict: verdictOf(c) }));
  // The replay opens on the asked configuration, else the first that failed, else the first run one.
  const replayPosition = view.config ?? configs.find((c) => c.lastPassed === false)?.position ?? configs.find((c) => c.result)?.position ?? configs[0]?.position;

  let body: React.ReactNode = null;
  if (view.tab === "tools") {
    body = <ToolsPanel envKey={env.key} code={rev?.sourceCode ?? ""} tools={rev?.tools ?? []} findings={(rev?.findings ?? []) as unknown as FindingView[]} initialTool={view.tool} />;
  } else if (view.tab === "task") {
    const instruction = await getInstructionText(prisma());
    body = <PromptPanel docsBlock={rev?.docsBlock ?? ""} userMessage={`${instruction.text}${QUESTION_MARKER}${rev?.taskDescription ?? ""}`} instructionIsDefault={instruction.isDefault} />;
  } else if (view.tab === "configs") {
    body = (
      <section className="panel" aria-labelledby="configs-title">
        <h2 id="configs-title">Configurations ({configs.length})</h2>
        <ConfigsTable envKey={env.key} configs={configs} selected={view.config} />
      </section>
    );
  } else if (view.tab === "replay") {
    if (replayPosition === undefined) body = <p className="panel muted">This revision has no configurations to replay.</p>;
    else {
      try {
        const replay = await getConfigReplay({ key: env.key, position: replayPosition, runId: view.run });
        body = <OracleReplay envKey={env.key} replay={replay} configs={configChoices} />;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        body = <ErrorState title="Nothing to replay" message={error.message} actions={[{ href: `/environments/${encodeURIComponent(env.key)}?tab=replay`, label: "Replay the default configuration" }]} />;
      }
    }
  } else if (view.tab === "history") {
    body = (
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">Verification history</h2>
        <RunHistory runs={await listEnvironmentRuns({ key: env.key })} currentRevisionId={rev?.id ?? null} />
      </section>
    );
  } else {
    const timeline = await listAuditEvents({ db: prisma(), query: { environment: env.key, user: undefined, limit: TIMELINE_EVENTS } });
    const auditHref = `/audit?environment=${encodeURIComponent(env.key)}`;
    body = (
      <>
        <section className="panel">
          <DecisionPanel envKey={env.key} />
        </section>
        <section className="panel">
          <TagsAndNotes envKey={env.key} canEdit={hasRole(user.role, "curator")} />
        </section>
        <section className="panel" aria-labelledby="timeline-title" data-testid="env-timeline">
          <h2 id="timeline-title">Timeline ({timeline.total} events)</h2>
          <AuditEventList events={timeline.events} showEnvironment={false} />
          {timeline.total > timeline.events.length && (
            <p>
              <Link href={auditHref}>All {timeline.total} events in the history</Link>
            </p>
          )}
        </section>
      </>
    );
  }

  return (
    <>
      <EnvironmentHeader env={env} canVerify={hasRole(user.role, "curator")} />
      <EditLinks envKey={env.key} canEdit={hasRole(user.role, "curator")} />
      <EnvironmentTabs envKey={env.key} view={{ ...view, config: view.tab === "replay" || view.tab === "configs" ? view.config : undefined }} counts={{ tools: env.toolCount, configs: env.configCount }} />
      {body}
    </>
  );
}
