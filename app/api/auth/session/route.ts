import { getSessionUser } from "@/lib/auth/session";
import { permissionsOf } from "@/lib/auth/roles";
import { route } from "@/lib/api/route";

/** Who is signed in (null when nobody), for client code deciding which controls to show. */
export const GET = route({ role: null }, async () => {
  const user = await getSessionUser();
  return { user: user && { id: user.id, username: user.username, role: user.role }, permissions: permissionsOf(user?.role) };
});
