import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { createUser } from "@/lib/users/mutations";
import { listUsers } from "@/lib/users/queries";
import { createUserSchema } from "@/lib/users/schema";

export const GET = route({ role: "admin" }, async () => ({ users: await listUsers({ db: prisma() }) }));

export const POST = route({ role: "admin", body: createUserSchema }, async ({ body, user }) => {
  const created = await createUser({ db: prisma(), input: body, actorId: user!.id });
  return Response.json({ user: created }, { status: 201 });
});
