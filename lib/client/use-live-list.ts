"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { apiFetch } from "./api-fetch";
import { dashboardKeys } from "./query-keys";

const ACTIVE = new Set(["queued", "running"]);
export const LIST_POLL_MS = 2000;

interface PageLike<R extends { status: string }> {
  rows: R[];
  total: number;
}

/**
 * The server renders the list; while some row on the page is being verified
 * this polls GET /api/environments for the same query, and refreshes the
 * server view once nothing is queued or running any more.
 */
export function useLiveList<R extends { status: string }, P extends PageLike<R>>(queryString: string, initial: P): { page: P; live: boolean } {
  const router = useRouter();
  const active = initial.rows.some((r) => ACTIVE.has(r.status));
  const poll = useQuery({
    queryKey: dashboardKeys.list(queryString),
    queryFn: ({ signal }) => apiFetch<P>(`/api/environments?${queryString}`, { signal }),
    enabled: active,
    refetchInterval: LIST_POLL_MS,
    staleTime: 0,
  });
  const polled = active ? poll.data : undefined;
  const settled = polled !== undefined && !polled.rows.some((r) => ACTIVE.has(r.status));
  useEffect(() => {
    if (settled) router.refresh();
  }, [settled, router]);
  return { page: polled ?? initial, live: active };
}
