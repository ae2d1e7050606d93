"use client";

import { useRouter } from "next/navigation";
import { DecisionPanel } from "@/components/curation/DecisionPanel";

/**
 * The decision panel in queue mode (`a` approves, `r` opens the reject form):
 * once a decision is recorded the queue moves on to the next environment.
 */
export function ReviewDecision({ envKey, afterDecisionHref }: { envKey: string; afterDecisionHref: string }) {
  const router = useRouter();
  const moveOn = () => {
    const here = `${window.location.pathname}${window.location.search}`;
    // The same URL again (the last one left): re-render it to show what remains.
    if (here === afterDecisionHref) router.refresh();
    else router.push(afterDecisionHref);
  };
  return <DecisionPanel envKey={envKey} shortcuts onDecided={moveOn} />;
}
