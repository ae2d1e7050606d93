import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { ConflictError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { ensureAdmin } from "@/lib/setup/bootstrap-admin";
import { authenticate, changeOwnPassword, createUser, updateUser } from "@/lib/users/mutations";
import { createUserSchema } from "@/lib/users/schema";
import { hashPassword, verifyPassword } from "./password";
import { hasRole, permissionsOf } from "./roles";
import { createSession, csrfOk, findSessionUser, hashToken } from "./session-store";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("roles", () => {
  it("orders viewer < curator < admin", () => {
    expect(hasRole("viewer", "viewer")).toBe(true);
    expect(hasRole("viewer", "curator")).toBe(false);
    expect(hasRole("curator", "viewer")).toBe(true);
    expect(hasRole("curator", "admin")).toBe(false);
    expect(hasRole("admin", "curator")).toBe(true);
    expect(permissionsOf("viewer")).toEqual({ signedIn: true, curate: false, admin: false });
    expect(permissionsOf(null)).toEqual({ signedIn: false, curate: false, admin: false });
  });
});

describe("csrf", () => {
  const user = { csrfToken: "abc123" };
  it("lets reads through and needs the session's token on writes", () => {
    expect(csrfOk("GET", null, user)).toBe(true);
    expect(csrfOk("HEAD", null, user)).toBe(true);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(csrfOk(method, null, user)).toBe(false);
      expect(csrfOk(method, "", user)).toBe(false);
      expect(csrfOk(method, "abc124", user)).toBe(false);
      expect(csrfOk(method, "abc1234", user)).toBe(false);
      expect(csrfOk(method, "abc123", user)).toBe(true);
    }
  });
});

describe("users and sessions", () => {
  it("bootstraps one admin from the given password, once", async () => {
    const logs: string[] = [];
    const first = await ensureAdmin(db.prisma, { password: "bootstrap-pass", log: (l) => logs.push(l) });
    expect(first).toEqual({ username: "admin", generatedPassword: null });
    expect(logs.join("\n")).not.toContain("bootstrap-pass");
    expect(await ensureAdmin(db.prisma, { password: "other-pass-123" })).toBeNull();
    const admin = await authenticate({ db: db.prisma, username: "admin", password: "bootstrap-pass" });
    expect(admin.role).toBe("admin");
    const events = await db.prisma.auditEvent.findMany({ where: { action: "user.bootstrap" } });
    expect(events).toHaveLength(1);
  });

  it("generates and prints a password when none is configured", async () => {
    const other = await createTestDatabase();
    try {
      const logs: string[] = [];
      const made = await ensureAdmin(other.prisma, { password: null, log: (l) => logs.push(l) });
      expect(made?.generatedPassword).toMatch(/^[\w-]{16}$/);
      expect(logs.join("\n")).toContain(made!.generatedPassword!);
      expect((await authenticate({ db: other.prisma, username: "admin", password: made!.generatedPassword! })).role).toBe("admin");
      expect(await other.prisma.user.count({ where: { role: "admin" } })).toBe(1);
    } finally {
      await other.drop();
    }
  });

  it("authenticates with the same error for unknown users and wrong passwords, and refuses disabled users", async () => {
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    const user = await createUser({ db: db.prisma, input: createUserSchema.parse({ username: "vera", password: "vera-password", role: "viewer" }), actorId: admin.id });
    expect(user).not.toHaveProperty("passwordHash");
    const unknown = await authenticate({ db: db.prisma, username: "nobody", password: "x" }).catch((e: Error) => e);
    const wrong = await authenticate({ db: db.prisma, username: "vera", password: "wrong-password" }).catch((e: Error) => e);
    expect(unknown).toBeInstanceOf(UnauthenticatedError);
    expect(wrong).toBeInstanceOf(UnauthenticatedError);
    expect((unknown as Error).message).toBe((wrong as Error).message);
    expect((await authenticate({ db: db.prisma, username: "vera", password: "vera-password" })).id).toBe(user.id);

    await expect(createUser({ db: db.prisma, input: createUserSchema.parse({ username: "vera", password: "another-pass" }), actorId: admin.id })).rejects.toBeInstanceOf(ConflictError);

    const session = await createSession({ db: db.prisma, userId: user.id });
    expect(await findSessionUser({ db: db.prisma, token: session.token })).toMatchObject({ id: user.id, role: "viewer", csrfToken: session.csrfToken });
    // The table holds only the token's hash.
    const stored = await db.prisma.session.findMany({ where: { userId: user.id } });
    expect(stored.map((s) => s.id)).toEqual([hashToken(session.token)]);
    expect(stored[0]!.id).not.toBe(session.token);
    expect(await findSessionUser({ db: db.prisma, token: "forged" })).toBeNull();

    // A role change applies to open sessions at once.
    await updateUser({ db: db.prisma, id: user.id, input: { role: "curator" }, actorId: admin.id });
    expect((await findSessionUser({ db: db.prisma, token: session.token }))?.role).toBe("curator");

    await updateUser({ db: db.prisma, id: user.id, input: { disabled: true }, actorId: admin.id });
    expect(await findSessionUser({ db: db.prisma, token: session.token })).toBeNull();
    await expect(authenticate({ db: db.prisma, username: "vera", password: "vera-password" })).rejects.toThrow(/disabled/);
    const audit = await db.prisma.auditEvent.findMany({ where: { action: "user.update", entityId: String(user.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [{ role: "viewer", disabled: false }, { role: "curator", disabled: false }],
      [{ role: "curator", disabled: false }, { role: "curator", disabled: true }],
    ]);
  });

  it("expires sessions", async () => {
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    const old = await createSession({ db: db.prisma, userId: admin.id, now: new Date(Date.now() - 30 * 24 * 3600 * 1000) });
    expect(await findSessionUser({ db: db.prisma, token: old.token })).toBeNull();
  });

  it("resets passwords (ending sessions) and never leaves the app without an admin", async () => {
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    await expect(updateUser({ db: db.prisma, id: admin.id, input: { role: "curator" }, actorId: admin.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateUser({ db: db.prisma, id: admin.id, input: { disabled: true }, actorId: admin.id })).rejects.toBeInstanceOf(ConflictError);

    const cu = await createUser({ db: db.prisma, input: createUserSchema.parse({ username: "cu", password: "cu-password", role: "curator" }), actorId: admin.id });
    const s = await createSession({ db: db.prisma, userId: cu.id });
    await updateUser({ db: db.prisma, id: cu.id, input: { password: "new-cu-password" }, actorId: admin.id });
    expect(await findSessionUser({ db: db.prisma, token: s.token })).toBeNull();
    await expect(authenticate({ db: db.prisma, username: "cu", password: "cu-password" })).rejects.toBeInstanceOf(UnauthenticatedError);
    await authenticate({ db: db.prisma, username: "cu", password: "new-cu-password" });

    const keep = await createSession({ db: db.prisma, userId: cu.id });
    const other = await createSession({ db: db.prisma, userId: cu.id });
    await expect(changeOwnPassword({ db: db.prisma, userId: cu.id, currentPassword: "wrong", newPassword: "whatever-123" })).rejects.toBeInstanceOf(ValidationError);
    await changeOwnPassword({ db: db.prisma, userId: cu.id, currentPassword: "new-cu-password", newPassword: "third-password", keepSessionHash: hashToken(keep.token) });
    expect(await findSessionUser({ db: db.prisma, token: keep.token })).not.toBeNull();
    expect(await findSessionUser({ db: db.prisma, token: other.token })).toBeNull();

    // With a second admin, the first may step down.
    await updateUser({ db: db.prisma, id: cu.id, input: { role: "admin" }, actorId: admin.id });
    await updateUser({ db: db.prisma, id: admin.id, input: { role: "curator" }, actorId: cu.id });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("curator");
  });

  it("validates usernames and passwords with field names", () => {
    const bad = createUserSchema.safeParse({ username: " x", password: "short" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["username", "password"]));
  });
});
