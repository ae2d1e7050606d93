import crypto from "node:crypto";
import type { DbClient } from "@/lib/db/client";
import type { Role } from "./roles";

// The database side of sessions, free of Next's request APIs so the CLI and
// tests can use it: the cookie carries a random token, the table only its hash.

export const SESSION_DAYS = 14;

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  csrfToken: string;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** The database keeps only a hash of the cookie's token, so a leaked table opens no session. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

function randomToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export async function createSession({ db, userId, now = new Date() }: { db: DbClient; userId: number; now?: Date }): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000);
  // Expired sessions of this user go now; there is no other sweeper to forget.
  await db.session.deleteMany({ where: { userId, expiresAt: { lt: now } } });
  await db.session.create({ data: { id: hashToken(token), userId, csrfToken, expiresAt } });
  return { token, csrfToken, expiresAt };
}

export async function findSessionUser({ db, token }: { db: DbClient; token: string | undefined }): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db.session.findUnique({
    where: { id: hashToken(token) },
    select: { expiresAt: true, csrfToken: true, user: { select: { id: true, username: true, role: true, disabled: true } } },
  });
  if (!session || session.expiresAt < new Date() || session.user.disabled) return null;
  return { id: session.user.id, username: session.user.username, role: session.user.role, csrfToken: session.csrfToken };
}

export async function deleteSession({ db, token }: { db: DbClient; token: string }): Promise<void> {
  await db.session.deleteMany({ where: { id: hashToken(token) } });
}

/** Signs a user out everywhere (after a password reset or when disabled). */
export async function deleteUserSessions({ db, userId }: { db: DbClient; userId: number }): Promise<number> {
  return (await db.session.deleteMany({ where: { userId } })).count;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Writes must carry the session's CSRF token in a header: a cross-site form or
 * image cannot set headers, and another origin cannot read our cookie to copy it.
 */
export function csrfOk(method: string, sentHeader: string | null, user: Pick<SessionUser, "csrfToken">): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  return timingSafeEqual(sentHeader ?? "", user.csrfToken);
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
