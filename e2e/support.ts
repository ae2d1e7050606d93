// What the specs share: signing in, the CSRF token, and a direct look at the app's database.
import { expect, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const ADMIN_PASSWORD = process.env.CURATOR_ADMIN_PASSWORD ?? "e2e-admin-password";
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? ".data/e2e");

/** Signs the page's context in through the API (its cookies then carry the session). */
export async function signIn(page: Page, username = "admin", password = ADMIN_PASSWORD) {
  const login = await page.request.post("/api/auth/login", { data: { username, password } });
  expect(login.ok(), `sign-in as ${username}: ${login.status()}`).toBe(true);
}

/** The session's CSRF token, which every write sends as `x-csrf-token`. */
export async function csrf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "curator_csrf");
  return cookie ? decodeURIComponent(cookie.value) : "";
}

/** Runs SQL against the app's embedded PostgreSQL, so a test can check what was stored independently of the API. */
export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: fs.readFileSync(path.join(dataDir, "postgres.url"), "utf8").trim() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
