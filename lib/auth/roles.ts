export const ROLES = ["viewer", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, curator: 1, admin: 2 };

/** viewer reads and exports; curator also edits, verifies, decides and tags; admin also manages users and bulk actions. */
export function hasRole(actual: Role, needed: Role): boolean {
  return RANK[actual] >= RANK[needed];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "reads and exports",
  curator: "also edits, verifies, decides and tags",
  admin: "also manages users, settings and bulk actions",
};

/** What a role may do, for showing controls; the server checks every write itself. */
export function permissionsOf(role: Role | null | undefined) {
  const r = role ?? null;
  return {
    signedIn: r !== null,
    curate: r !== null && hasRole(r, "curator"),
    admin: r !== null && hasRole(r, "admin"),
  };
}

export type Permissions = ReturnType<typeof permissionsOf>;
