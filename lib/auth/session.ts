import "server-only";
import crypto from "node:crypto";
import type { NextRequest } from "next/server";
import { cookies } from "next/headers";
import { prisma } from "@/lib/db/client";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { hasRole, type Role } from "./roles";

export type { Role } from "./roles";

export const SESSION_COOKIE = "curator_session";
export const CSRF_COOKIE = "curator_csrf";
export const CSRF_HEADER = "x-csrf-token";
export const SESSION_DAYS = 14;

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  csrfToken: string;
}

/** The database keeps only a hash of the cookie's token, so a leaked table opens no session. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

async function userForToken(token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await prisma().session.findUnique({
    where: { id: hashToken(token) },
    select: { expiresAt: true, csrfToken: true, user: { select: { id: true, username: true, role: true, disabled: true } } },
  });
  if (!session || session.expiresAt < new Date() || session.user.disabled) return null;
  return { id: session.user.id, username: session.user.username, role: session.user.role, csrfToken: session.csrfToken };
}

/** For server components and server actions. */
export async function getSessionUser(): Promise<SessionUser | null> {
  return userForToken((await cookies()).get(SESSION_COOKIE)?.value);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * For route handlers: the signed-in user with at least `role`. Writes must also
 * carry the session's CSRF token in a header, which a cross-site form cannot set.
 */
export async function requireUser(req: NextRequest, role: Role): Promise<SessionUser> {
  const user = await userForToken(req.cookies.get(SESSION_COOKIE)?.value);
  if (!user) throw new UnauthenticatedError("Sign in first");
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers.get(CSRF_HEADER) ?? "";
    if (!timingSafeEqual(sent, user.csrfToken)) throw new ForbiddenError("Missing or wrong CSRF token");
  }
  if (!hasRole(user.role, role)) throw new ForbiddenError(`This needs the ${role} role; you are ${user.role}`);
  return user;
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
