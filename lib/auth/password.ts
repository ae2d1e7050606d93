import { hash, verify } from "@node-rs/argon2";

// Passwords are stored only as argon2id hashes (the library's defaults follow
// OWASP's recommended parameters); no crypto of our own.

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the time of one verification, so a sign-in with an unknown username takes as long as a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
  dummyHash ??= hash("not-a-real-password-0000");
  await verifyPassword(await dummyHash, password);
}
