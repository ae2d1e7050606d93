import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

/** What the app ever shows of a user: never the password hash. */
export const userSelect = {
  id: true,
  username: true,
  role: true,
  disabled: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export async function listUsers({ db }: { db: DbClient }) {
  const users = await db.user.findMany({
    orderBy: { username: "asc" },
    select: { ...userSelect, _count: { select: { sessions: true, decisions: true, revisions: true } } },
  });
  return users.map(({ _count, ...u }) => ({ ...u, sessions: _count.sessions, decisions: _count.decisions, revisions: _count.revisions }));
}

export type UserListRow = Awaited<ReturnType<typeof listUsers>>[number];

export async function listUsernames({ db }: { db: DbClient }): Promise<string[]> {
  return (await db.user.findMany({ orderBy: { username: "asc" }, select: { username: true } })).map((u) => u.username);
}
