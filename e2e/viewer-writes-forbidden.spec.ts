import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

// Issue 7: "a viewer gets 403 from every write route (the test walks all of
// them)". The routes are read from the file system here, not from a list kept
// by hand, so a new write route is covered (or fails) without anyone
// remembering this test.

const root = process.cwd();
const appDir = path.join(root, "app");
const adminPassword = process.env.CURATOR_ADMIN_PASSWORD ?? "e2e-admin-password";
const VIEWER = { username: "roles-viewer", password: "roles-viewer-pw" };
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
type WriteMethod = (typeof WRITE_METHODS)[number];

const seedKey = (() => {
  const first = JSON.parse(fs.readFileSync(path.join(root, "prisma/seed/records.jsonl"), "utf8").split("\n")[0]!) as { code_id: string; env_name: string };
  return `${first.code_id}__${first.env_name}`;
})();

/**
 * Values for the dynamic segments, all of things that exist by the time this
 * spec runs (the admin is user 1; earlier specs made run, export and bulk 1).
 * A segment not listed here fails the walk, so a new one must be given a value.
 */
const SEGMENT_VALUES: Record<string, string> = {
  key: seedKey,
  number: "1",
  position: "0",
  id: "1",
  name: "needs-work",
};

/**
 * Writes a viewer may make. `public`: answered without a session at all (so no
 * 401 either); the others need a session, any role. Each entry must still name
 * an existing route and method (checked below), so the list cannot rot.
 */
const VIEWER_ALLOWED: { method: WriteMethod; path: string; public?: true; why: string }[] = [
  { method: "POST", path: "/api/auth/login", public: true, why: "signing in is how one gets a session" },
  { method: "POST", path: "/api/auth/logout", public: true, why: "signing out; public so an expired session can clear its cookies" },
  { method: "POST", path: "/api/auth/password", why: "every signed-in user changes their own password" },
  { method: "POST", path: "/api/exports", why: "viewers may export (issue 7: viewer = read, export)" },
  { method: "POST", path: "/api/exports/preview", why: "the export dialog's preview: a read sent as POST to carry the options" },
];

interface WriteRoute {
  file: string;
  method: WriteMethod;
  /** The URL pattern, e.g. /api/environments/[key]/tags. */
  pattern: string;
  url: string;
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

/** The write methods a route file exports: `export const POST =`, `export async function POST(`, `export { x as POST }`. */
function exportedWrites(source: string): WriteMethod[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|(?:async\s+)?function)\s+(POST|PUT|PATCH|DELETE)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      if ((WRITE_METHODS as readonly string[]).includes(name)) found.add(name);
    }
  }
  return WRITE_METHODS.filter((w) => found.has(w));
}

function urlPattern(file: string): string {
  const dir = path.relative(appDir, path.dirname(file)).split(path.sep);
  // Route groups `(name)` and parallel slots `@name` are not part of the URL.
  return "/" + dir.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@")).join("/");
}

function fillSegments(pattern: string): string {
  return pattern.replace(/\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}/g, (_all, name: string) => {
    const value = SEGMENT_VALUES[name];
    if (value === undefined) throw new Error(`${pattern}: no value for the dynamic segment [${name}]; add one to SEGMENT_VALUES`);
    return encodeURIComponent(value);
  });
}

const writeRoutes: WriteRoute[] = routeFiles(appDir)
  .sort()
  .flatMap((file) =>
    exportedWrites(fs.readFileSync(file, "utf8")).map((method) => {
      const pattern = urlPattern(file);
      return { file: path.relative(root, file), method, pattern, url: fillSegments(pattern) };
    }),
  );

const allowed = (r: WriteRoute) => VIEWER_ALLOWED.find((a) => a.method === r.method && a.path === r.pattern);
const viewerForbidden = writeRoutes.filter((r) => !allowed(r));
const needsSession = writeRoutes.filter((r) => !allowed(r)?.public);

async function csrfOf(ctx: APIRequestContext): Promise<string> {
  const cookie = (await ctx.storageState()).cookies.find((c) => c.name === "curator_csrf");
  return cookie ? decodeURIComponent(cookie.value) : "";
}

async function send(ctx: APIRequestContext, r: WriteRoute, headers: Record<string, string>) {
  // A syntactically valid JSON body: the role check must not depend on what it holds.
  const res = await ctx.fetch(r.url, { method: r.method, data: {}, headers, failOnStatusCode: false, maxRedirects: 0 });
  const text = await res.text();
  let detail = text.slice(0, 200);
  try {
    detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status(), detail };
}

const label = (r: WriteRoute) => `${r.method} ${r.url} (${r.file})`;

let admin: APIRequestContext;
let viewer: APIRequestContext;
let anonymous: APIRequestContext;

test.beforeAll(async ({ baseURL }) => {
  admin = await playwrightRequest.newContext({ baseURL });
  expect((await admin.post("/api/auth/login", { data: { username: "admin", password: adminPassword } })).ok()).toBe(true);
  const created = await admin.post("/api/users", { data: { ...VIEWER, role: "viewer" }, headers: { "x-csrf-token": await csrfOf(admin) } });
  expect([201, 409], await created.text()).toContain(created.status());

  // Its own context, so its own session cookie and CSRF token.
  viewer = await playwrightRequest.newContext({ baseURL });
  const login = await viewer.post("/api/auth/login", { data: VIEWER });
  expect(login.ok()).toBe(true);
  expect(((await login.json()) as { user: { role: string } }).user.role).toBe("viewer");
  expect(await csrfOf(viewer)).not.toBe("");
  anonymous = await playwrightRequest.newContext({ baseURL });
});

test.afterAll(async () => {
  await Promise.all([admin?.dispose(), viewer?.dispose(), anonymous?.dispose()]);
});

test("the walk finds the write routes, and every allowed one still exists", () => {
  console.log(`write routes walked: ${writeRoutes.length} (${viewerForbidden.length} must answer a viewer 403, ${writeRoutes.length - viewerForbidden.length} allowed)`);
  // A floor, so a walker that silently finds nothing (or a few) cannot pass.
  expect(writeRoutes.length).toBeGreaterThan(15);
  for (const a of VIEWER_ALLOWED) {
    expect(writeRoutes.some((r) => r.method === a.method && r.pattern === a.path), `allow-listed ${a.method} ${a.path} (${a.why}) is no route any more; drop it from VIEWER_ALLOWED`).toBe(true);
  }
});

test("a viewer with a valid session and CSRF token gets 403 from every other write route", async () => {
  const headers = { "x-csrf-token": await csrfOf(viewer) };
  const wrong: string[] = [];
  for (const r of viewerForbidden) {
    const { status, detail } = await send(viewer, r, headers);
    // 403 for the role, not for the CSRF token (which is valid here).
    if (status !== 403 || !/needs the \w+ role/.test(detail)) wrong.push(`${label(r)} → ${status} ${detail}`);
  }
  expect(wrong, `write routes that did not refuse a viewer with 403:\n${wrong.join("\n")}`).toEqual([]);
  expect(viewerForbidden.length).toBeGreaterThan(0);
});

test("the routes open to viewers do let a viewer through (to body validation)", async () => {
  const headers = { "x-csrf-token": await csrfOf(viewer) };
  const wrong: string[] = [];
  // Not the public sign-in/out routes: signing the viewer out would end this spec's session.
  for (const r of writeRoutes.filter((r) => allowed(r) && !allowed(r)!.public)) {
    // `{}` lacks the required fields, so nothing is exported or changed: a 400 shows the role check passed.
    const { status, detail } = await send(viewer, r, headers);
    if (status === 401 || status === 403) wrong.push(`${label(r)} → ${status} ${detail}`);
  }
  expect(wrong, `allow-listed routes that refused a viewer:\n${wrong.join("\n")}`).toEqual([]);
});

test("without a session every write route that needs one answers 401", async () => {
  const wrong: string[] = [];
  for (const r of needsSession) {
    const { status, detail } = await send(anonymous, r, {});
    if (status !== 401) wrong.push(`${label(r)} → ${status} ${detail}`);
  }
  expect(wrong, `write routes that did not answer 401 without a session:\n${wrong.join("\n")}`).toEqual([]);
});

test("a viewer's write without the CSRF header, or with a wrong one, is refused", async () => {
  const wrong: string[] = [];
  for (const r of needsSession) {
    for (const headers of [{}, { "x-csrf-token": "not-the-token" }] as Record<string, string>[]) {
      const { status, detail } = await send(viewer, r, headers);
      if (status !== 403 || !/CSRF/.test(detail)) wrong.push(`${label(r)} with ${JSON.stringify(headers)} → ${status} ${detail}`);
    }
  }
  expect(wrong, `writes accepted without a valid CSRF token:\n${wrong.join("\n")}`).toEqual([]);
});

test("there are no server actions (they would bypass the route walk above)", () => {
  // A "use server" module's exports are POST endpoints Next creates itself; they
  // check roles with requireRole (lib/auth/session.ts), but this walk cannot
  // see them. Whoever adds one must add its 403 check here.
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sources(full);
      return /\.(ts|tsx|js|jsx|mjs)$/.test(e.name) ? [full] : [];
    });
  const actions = ["app", "components", "lib"]
    .flatMap((d) => sources(path.join(root, d)))
    .filter((f) => /^\s*["']use server["']/m.test(fs.readFileSync(f, "utf8")))
    .map((f) => path.relative(root, f));
  expect(actions, `server actions found; cover each one's role check in this spec:\n${actions.join("\n")}`).toEqual([]);
});
