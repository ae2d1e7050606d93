"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { ExportEvent } from "@/lib/export/jobs";
import type { ExportJobJson } from "@/lib/export/job-json";
import type { InstructionText } from "@/lib/export/instruction-text";
import type { ExportOptionsInput } from "@/lib/export/options";
import type { ExportPreview } from "@/lib/export/preview";

// react-query keys and hooks of the export pages; mutations invalidate by key.

export const exportKeys = {
  all: ["exports"] as const,
  list: () => ["exports", "list"] as const,
  detail: (id: number) => ["exports", "detail", id] as const,
  preview: (options: ExportOptionsInput) => ["exports", "preview", JSON.stringify(options)] as const,
  instructionText: () => ["exports", "instruction-text"] as const,
};

/** Dates arrive as ISO strings over JSON. */
export type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
export type ExportJob = Json<ExportJobJson>;
export type ExportJobDetail = ExportJob & { events: Json<ExportEvent>[] };

const active = (status: string | undefined) => status === "queued" || status === "running";

export function useExportList(initial?: { rows: ExportJobDetail[]; nextBefore: number | null }) {
  return useQuery({
    queryKey: exportKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ rows: ExportJobDetail[]; nextBefore: number | null }>("/api/exports?limit=100", { signal }),
    initialData: initial,
    staleTime: 0,
    // Live progress while something runs; otherwise refresh now and then.
    refetchInterval: (q) => (q.state.data?.rows.some((r) => active(r.status)) ? 1000 : 15_000),
  });
}

export function useExportJob(id: number | null, initial?: ExportJobDetail) {
  return useQuery({
    queryKey: exportKeys.detail(id ?? 0),
    queryFn: ({ signal }) => apiFetch<ExportJobDetail>(`/api/exports/${id}`, { signal }),
    enabled: id !== null,
    initialData: initial,
    // The page's first data may come from a prefetched render; downloads and progress change it.
    staleTime: 0,
    refetchInterval: (q) => (active(q.state.data?.status) ? 500 : false),
  });
}

export function useExportPreview(options: ExportOptionsInput | null) {
  return useQuery({
    queryKey: exportKeys.preview(options ?? { format: "verl-jsonl" }),
    queryFn: ({ signal }) => apiFetch<ExportPreview>("/api/exports/preview", { body: options, signal }),
    enabled: options !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
}

export function useStartExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: ExportOptionsInput) => apiFetch<ExportJob>("/api/exports", { body: options }),
    onSuccess: (job) => {
      client.setQueryData(exportKeys.detail(job.id), { ...job, events: [] });
      void client.invalidateQueries({ queryKey: exportKeys.list() });
    },
  });
}

export function useInstructionText(initial?: Json<InstructionText>) {
  return useQuery({
    queryKey: exportKeys.instructionText(),
    queryFn: ({ signal }) => apiFetch<Json<InstructionText>>("/api/exports/instruction-text", { signal }),
    initialData: initial,
  });
}

export function useSaveInstructionText() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => apiFetch<Json<InstructionText>>("/api/exports/instruction-text", { method: "PUT", body: { text } }),
    onSuccess: (saved) => {
      client.setQueryData(exportKeys.instructionText(), saved);
      void client.invalidateQueries({ queryKey: ["exports", "preview"] });
    },
  });
}

export function downloadHref(id: number, file?: string): string {
  return `/api/exports/${id}/download${file ? `?file=${encodeURIComponent(file)}` : ""}`;
}
