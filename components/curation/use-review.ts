"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { ReviewSummary } from "@/lib/decisions/queries";
import type { RejectReasonName } from "@/lib/decisions/schema";
import { curationKeys } from "./query-keys";

type Dated<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
export type ReviewSummaryView = Omit<ReviewSummary, "votes" | "history"> & {
  votes: Dated<ReviewSummary["votes"][number]>[];
  history: Dated<ReviewSummary["history"][number]>[];
};

export interface DecisionRequest {
  revisionId: number;
  decision: "approve" | "reject";
  reasonCategory?: RejectReasonName;
  reason?: string;
  override?: boolean;
}

export function useReviewSummary(envKey: string) {
  return useQuery({
    queryKey: curationKeys.review(envKey),
    queryFn: () => apiFetch<ReviewSummaryView>(`/api/environments/${encodeURIComponent(envKey)}/decisions`),
  });
}

export function useDecide(envKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DecisionRequest) =>
      apiFetch<{ changed: boolean; reviewState: string; summary: ReviewSummaryView }>(`/api/environments/${encodeURIComponent(envKey)}/decisions`, { method: "POST", body }),
    onSuccess: (r) => {
      qc.setQueryData(curationKeys.review(envKey), r.summary);
      void qc.invalidateQueries({ queryKey: curationKeys.timeline(envKey) });
    },
  });
}
