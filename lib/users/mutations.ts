import { hashPassword, verifyNothing, verifyPassword } from "@/lib/auth/password";
import { deleteUserSessions } from "@/lib/auth/session-store";
import type { DbClient } from "@/lib/db/client";
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import type { CreateUserInput, UpdateUserInput } from "./schema";
import { userSelect, type UserRow } from "./queries";

/** The user whose username and password match, or UnauthenticatedError (the same one whatever was wrong). */
export async function authenticate({ db, username, password }: { db: DbClient; username: string; password: string }): Promise<UserRow> {
  const user = await db.user.findUnique({ where: { username }, select: { ...userSelect, passwordHash: true } });
  if (!user) {
    await verifyNothing(password);
    throw new UnauthenticatedError("Wrong username or password");
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || user.disabled) throw new UnauthenticatedError(ok ? "This account is disabled; ask an admin" : "Wrong username or password");
  const { passwordHash: _hash, ...row } = user;
  return row;
}

export async function createUser({ db, input, actorId }: { db: DbClient; input: CreateUserInput; actorId: number | null }): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({ data: { username: input.username, passwordHash, role: input.role }, select: userSelect });
    await recordAudit({
      db,
      event: { action: "user.create", userId: actorId, entityType: "user", entityId: user.id, after: { username: user.username, role: user.role } },
    });
    return user;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`A user named ${input.username} already exists`, [{ field: "username", message: "is taken" }]);
    }
    throw error;
  }
}

/**
 * Changes role, disabled or password. Refuses to leave the app without an
 * enabled admin. Disabling or resetting the password ends the user's sessions.
 */
export async function updateUser({ db, id, input, actorId }: { db: DbClient; id: number; input: UpdateUserInput; actorId: number | null }): Promise<UserRow> {
  const before = await db.user.findUnique({ where: { id }, select: userSelect });
  if (!before) throw new NotFoundError(`No user ${id}`);
  const losesAdmin = before.role === "admin" && !before.disabled && ((input.role !== undefined && input.role !== "admin") || input.disabled === true);
  if (losesAdmin) {
    const otherAdmins = await db.user.count({ where: { role: "admin", disabled: false, id: { not: id } } });
    if (otherAdmins === 0) throw new ConflictError(`${before.username} is the only enabled admin; make someone else admin first`);
  }
  const data: Prisma.UserUpdateInput = {};
  if (input.role !== undefined) data.role = input.role;
  if (input.disabled !== undefined) data.disabled = input.disabled;
  if (input.password !== undefined) data.passwordHash = await hashPassword(input.password);
  const after = await db.user.update({ where: { id }, data, select: userSelect });
  const endedSessions = input.password !== undefined || input.disabled === true ? await deleteUserSessions({ db, userId: id }) : 0;
  await recordAudit({
    db,
    event: {
      action: "user.update",
      userId: actorId,
      entityType: "user",
      entityId: id,
      before: { role: before.role, disabled: before.disabled },
      after: { role: after.role, disabled: after.disabled },
      details: { username: after.username, passwordReset: input.password !== undefined, endedSessions },
    },
  });
  return after;
}

/** A signed-in user changing their own password; other sessions end, this one stays. */
export async function changeOwnPassword({
  db,
  userId,
  currentPassword,
  newPassword,
  keepSessionHash,
}: {
  db: DbClient;
  userId: number;
  currentPassword: string;
  newPassword: string;
  keepSessionHash?: string;
}): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new NotFoundError(`No user ${userId}`);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new ValidationError("The current password is wrong", [{ field: "currentPassword", message: "is wrong" }]);
  }
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(newPassword) } });
  await db.session.deleteMany({ where: { userId, ...(keepSessionHash ? { id: { not: keepSessionHash } } : {}) } });
  await recordAudit({ db, event: { action: "user.password", userId, entityType: "user", entityId: userId, details: { self: true } } });
}
