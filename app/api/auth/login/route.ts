import { isHttps, startSession } from "@/lib/auth/session";
import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { authenticate } from "@/lib/users/mutations";
import { loginSchema } from "@/lib/users/schema";

// Public: signing in is how one gets a session (and with it the CSRF token).
export const POST = route({ role: null, body: loginSchema }, async ({ body, req }) => {
  const user = await authenticate({ db: prisma(), username: body.username, password: body.password });
  await startSession({ userId: user.id, secure: isHttps(req) });
  return { user: { id: user.id, username: user.username, role: user.role } };
});
