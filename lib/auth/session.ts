import "server-only";
import type { NextRequest } from "next/server";
import { cookies } from "next/headers";
import { prisma } from "@/lib/db/client";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { hasRole, type Role } from "./roles";
import { createSession, csrfOk, deleteSession, findSessionUser, SESSION_DAYS, type SessionUser } from "./session-store";

export type { Role } from "./roles";
export { hashToken, SESSION_DAYS, type SessionUser } from "./session-store";

export const SESSION_COOKIE = "curator_session";
/** Readable by our own scripts (not http-only): lib/client/api-fetch.ts copies it into CSRF_HEADER. */
export const CSRF_COOKIE = "curator_csrf";
export const CSRF_HEADER = "x-csrf-token";

async function userForToken(token: string | undefined): Promise<SessionUser | null> {
  return findSessionUser({ db: prisma(), token });
}

/** For server components and server actions. */
export async function getSessionUser(): Promise<SessionUser | null> {
  return userForToken((await cookies()).get(SESSION_COOKIE)?.value);
}

/**
 * For server actions and server components that change or reveal something
 * only `role` may: the signed-in user, or an error the caller must not catch.
 * (Server actions are POSTs that Next checks for a same-origin Origin header.)
 */
export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new UnauthenticatedError("Sign in first");
  if (!hasRole(user.role, role)) throw new ForbiddenError(`This needs the ${role} role; you are ${user.role}`);
  return user;
}

/**
 * For route handlers: the signed-in user with at least `role`. Writes must also
 * carry the session's CSRF token in a header, which a cross-site form cannot set.
 */
export async function requireUser(req: NextRequest, role: Role): Promise<SessionUser> {
  const user = await userForToken(req.cookies.get(SESSION_COOKIE)?.value);
  if (!user) throw new UnauthenticatedError("Sign in first");
  if (!csrfOk(req.method, req.headers.get(CSRF_HEADER), user)) throw new ForbiddenError("Missing or wrong CSRF token");
  if (!hasRole(user.role, role)) throw new ForbiddenError(`This needs the ${role} role; you are ${user.role}`);
  return user;
}

/** Whether cookies may be marked Secure: only when the browser reached us over https. */
export function isHttps(req: NextRequest): boolean {
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

/** Starts a session for a user who has just proved who they are (route handlers only). */
export async function startSession({ userId, secure }: { userId: number; secure: boolean }): Promise<void> {
  const session = await createSession({ db: prisma(), userId });
  const jar = await cookies();
  const common = { sameSite: "lax" as const, secure, path: "/", expires: session.expiresAt };
  jar.set(SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  jar.set(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

/** Ends the session named by the cookie, if any, and clears both cookies. */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await deleteSession({ db: prisma(), token });
  jar.delete(SESSION_COOKIE);
  jar.delete(CSRF_COOKIE);
}
