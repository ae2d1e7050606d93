import crypto from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";

export const BOOTSTRAP_USERNAME = "admin";

export interface EnsureAdminResult {
  username: string;
  /** Set only when we generated it: shown once, never stored in clear. */
  generatedPassword: string | null;
}

/**
 * Makes sure someone can sign in and manage users: when no enabled admin
 * exists (the first start, or everyone locked out), the user `admin` is
 * created or re-enabled as admin with CURATOR_ADMIN_PASSWORD, or with a
 * generated password printed once. Returns null when an admin exists.
 */
export async function ensureAdmin(
  db: Db,
  opts: { /** Default CURATOR_ADMIN_PASSWORD; null generates one. */ password?: string | null; log?: (line: string) => void } = {},
): Promise<EnsureAdminResult | null> {
  if ((await db.user.count({ where: { role: "admin", disabled: false } })) > 0) return null;
  const given = opts.password === null ? undefined : (opts.password ?? env.CURATOR_ADMIN_PASSWORD);
  const password = given ?? crypto.randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  const existing = await db.user.findUnique({ where: { username: BOOTSTRAP_USERNAME }, select: { id: true } });
  const user = await db.user.upsert({
    where: { username: BOOTSTRAP_USERNAME },
    create: { username: BOOTSTRAP_USERNAME, passwordHash, role: "admin" },
    update: { passwordHash, role: "admin", disabled: false },
    select: { id: true },
  });
  await db.session.deleteMany({ where: { userId: user.id } });
  await recordAudit({
    db,
    event: {
      action: existing ? "user.bootstrap_reset" : "user.bootstrap",
      userId: null,
      entityType: "user",
      entityId: user.id,
      after: { username: BOOTSTRAP_USERNAME, role: "admin" },
      details: { passwordFrom: given ? "CURATOR_ADMIN_PASSWORD" : "generated" },
    },
  });
  const log = opts.log ?? console.log;
  if (given) log(`Created the admin user "${BOOTSTRAP_USERNAME}" with the password from CURATOR_ADMIN_PASSWORD.`);
  else {
    log(`Created the admin user "${BOOTSTRAP_USERNAME}". Its password, shown only this once:`);
    log(`    ${password}`);
    log("Sign in and change it (or create your own admin) under Admin → Users.");
  }
  return { username: BOOTSTRAP_USERNAME, generatedPassword: given ? null : password };
}
