export const ROLES = ["viewer", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, curator: 1, admin: 2 };

/** viewer reads and exports; curator also edits, verifies, decides and tags; admin also manages users and bulk actions. */
export function hasRole(actual: Role, needed: Role): boolean {
  return RANK[actual] >= RANK[needed];
}
