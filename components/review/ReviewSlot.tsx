import Link from "next/link";
import { ConfigsTable } from "@/components/environment/configs-table";
import { EnvironmentHeader } from "@/components/environment/environment-header";
import { ToolsPanel, type FindingView } from "@/components/environment/tools-panel";
import { viewHref } from "@/components/environment/view-params";
import type { EnvironmentDetail } from "@/lib/environments/queries";
import { ReviewDecision } from "./ReviewDecision";
import own from "./review.module.css";

/**
 * One environment of the queue, as its page shows it but on one screen: the
 * header (with verify), the decision, the task, tools and source, the
 * configurations. Keyed by the environment, so no state carries over to the next.
 */
export function ReviewSlot({ env, canCurate, afterDecisionHref }: { env: EnvironmentDetail; canCurate: boolean; afterDecisionHref: string }) {
  const rev = env.revision;
  const configs = rev?.configs ?? [];
  return (
    <div data-testid="review-slot" data-key={env.key}>
      <EnvironmentHeader env={env} canVerify={canCurate} verifyShortcut />
      <div className={own.split}>
        <ReviewDecision envKey={env.key} afterDecisionHref={afterDecisionHref} />
        <section className="panel" aria-labelledby="task-title">
          <div className="spread">
            <h2 id="task-title">Task</h2>
            <Link href={viewHref(env.key, { tab: "task" })} className="hint">
              The whole prompt, as the agent sees it →
            </Link>
          </div>
          <pre className={own.task} data-testid="task-description">{rev?.taskDescription.trim() || "No task description."}</pre>
        </section>
      </div>
      <ToolsPanel envKey={env.key} code={rev?.sourceCode ?? ""} tools={rev?.tools ?? []} findings={(rev?.findings ?? []) as unknown as FindingView[]} syncUrl={false} />
      <section className="panel" aria-labelledby="configs-title">
        <h2 id="configs-title">Configurations ({configs.length})</h2>
        <ConfigsTable envKey={env.key} configs={configs} />
      </section>
    </div>
  );
}
