import { endSession } from "@/lib/auth/session";
import { route } from "@/lib/api/route";

// Public so that an expired session can still clear its cookies.
export const POST = route({ role: null }, async () => {
  await endSession();
  return { ok: true };
});
