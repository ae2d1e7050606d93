import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { updateUser } from "@/lib/users/mutations";
import { updateUserSchema, userIdParamsSchema } from "@/lib/users/schema";

/** Change role, disable or enable, or reset the password. */
export const PATCH = route({ role: "admin", params: userIdParamsSchema, body: updateUserSchema }, async ({ params, body, user }) => ({
  user: await prisma().$transaction((tx) => updateUser({ db: tx, id: params.id, input: body, actorId: user!.id })),
}));
