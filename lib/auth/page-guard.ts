import "server-only";
import { redirect } from "next/navigation";
import { hasRole, type Role } from "./roles";
import { getSessionUser, type SessionUser } from "./session";
import { loginUrl } from "./next-path";

/**
 * For pages: sends a visitor who is not signed in to /login (and back after),
 * and tells whether the signed-in user has `role`; the page shows a notice
 * instead of its content when not. (Route handlers guard the data themselves.)
 */
export async function pageUser({ role, path }: { role: Role; path: string }): Promise<{ user: SessionUser; allowed: boolean }> {
  const user = await getSessionUser();
  if (!user) redirect(loginUrl(path));
  return { user, allowed: hasRole(user.role, role) };
}
