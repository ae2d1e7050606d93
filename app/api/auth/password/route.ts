import { cookies } from "next/headers";
import { hashToken, SESSION_COOKIE } from "@/lib/auth/session";
import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { changeOwnPassword } from "@/lib/users/mutations";
import { changePasswordSchema } from "@/lib/users/schema";

// Any signed-in user may change their own password (a viewer too).
export const POST = route({ role: "viewer", body: changePasswordSchema }, async ({ body, user }) => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  await changeOwnPassword({ db: prisma(), userId: user!.id, currentPassword: body.currentPassword, newPassword: body.newPassword, keepSessionHash: token ? hashToken(token) : undefined });
  return { ok: true };
});
