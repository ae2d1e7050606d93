"use client";

import { useQuery } from "@tanstack/react-query";
import type { Permissions, Role } from "@/lib/auth/roles";
import { apiFetch } from "@/lib/client/api-fetch";

export interface ClientSession {
  user: { id: number; username: string; role: Role } | null;
  permissions: Permissions;
}

/** Who is signed in, for client components that show controls by role (the server still checks every write). */
export function useSession() {
  return useQuery({ queryKey: ["curation", "session"], queryFn: () => apiFetch<ClientSession>("/api/auth/session"), staleTime: 60_000 });
}
