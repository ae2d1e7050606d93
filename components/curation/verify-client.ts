"use client";

import { apiFetch } from "@/lib/client/api-fetch";

// The verification service's HTTP API (lib/verification, app/api/verify, app/api/runs),
// in one place for the curation UI.

export interface RunProgressData {
  id: number;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  total: number;
  done: number;
  passed: number;
  error?: string | null;
}

/** Enqueues a run of the environment's current revision; resolves with its id. */
export async function startVerification(key: string): Promise<number> {
  const r = await apiFetch<{ runs: { runId: number; key: string }[] }>("/api/verify", { method: "POST", body: { key } });
  const run = r.runs.find((x) => x.key === key) ?? r.runs[0];
  if (!run) throw new Error(`The verifier started no run for ${key}`);
  return run.runId;
}

export async function fetchRun(id: number): Promise<RunProgressData> {
  const r = await apiFetch<RunProgressData | { run: RunProgressData }>(`/api/runs/${id}`);
  return "run" in r ? r.run : r;
}

export const isFinished = (s: RunProgressData["status"]) => s === "succeeded" || s === "failed" || s === "cancelled";
