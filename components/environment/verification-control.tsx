"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { curationKeys } from "@/components/curation/query-keys";
import { RunProgress } from "@/components/curation/RunProgress";
import { startVerification } from "@/components/curation/verify-client";
import { describeError } from "@/lib/client/api-fetch";
import { useShortcuts } from "@/lib/client/use-shortcuts";

/**
 * The run in progress (a live progress bar: react-query polls GET /api/runs/:id)
 * and, for curators, a button that starts one. When the run ends the server
 * view is refreshed, so results, replay and history show it, and so is the
 * review summary (approving needs no override once the revision is verified).
 * With `shortcut` (the review queue), `v` starts a run too.
 */
export function VerificationControl({ envKey, activeRunId, canVerify, shortcut = false }: { envKey: string; activeRunId: number | null; canVerify: boolean; shortcut?: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<number | null>(null);
  // The run that just ended stays on screen with its verdict until another starts.
  const [ended, setEnded] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runId = started ?? activeRunId;

  const idle = canVerify && !starting && runId === null;
  useShortcuts({ v: () => (idle ? void verify() : false) }, shortcut);

  async function verify() {
    setStarting(true);
    setError(null);
    try {
      setStarted(await startVerification(envKey));
      setEnded(null);
      router.refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setStarting(false);
    }
  }

  return (
    <div className="verification-control" data-testid="verification-control">
      {canVerify && (
        <button type="button" className="btn btn-primary" onClick={verify} disabled={starting || runId !== null} data-testid="verify-button">
          {starting ? "Starting…" : runId !== null ? "Verifying…" : "Verify now"}
          {shortcut && <kbd>v</kbd>}
        </button>
      )}
      {(runId ?? ended) !== null && (
        <RunProgress
          key={runId ?? ended}
          runId={(runId ?? ended)!}
          onFinished={() => {
            setEnded(runId);
            setStarted(null);
            void queryClient.invalidateQueries({ queryKey: curationKeys.review(envKey) });
            router.refresh();
          }}
        />
      )}
      {error && (
        <p className="error-text" role="alert">
          Could not start verification: {error}
        </p>
      )}
    </div>
  );
}
