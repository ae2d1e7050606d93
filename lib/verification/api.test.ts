import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/runs/[id]/cancel/route";
import { GET as runRoute } from "@/app/api/runs/[id]/route";
import { GET as runsRoute } from "@/app/api/runs/route";
import { GET as statusRoute, POST as verifyRoute } from "@/app/api/verify/route";
import { createSession } from "@/lib/auth/session-store";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { stopProducerQueue } from "./queue";
import { importSeed } from "./testing";

// The HTTP surface, called as Next calls it (a NextRequest into the exported handler):
// roles, CSRF, and the shared zod schemas' 4xx answers naming the field. No worker runs
// here, so runs stay queued.

let db: TestDatabase;
const tokens: Record<string, { token: string; csrfToken: string }> = {};
const SPIRAL = "Leetcode_4412_I__SpiralMatrixEnv";
const COINS = "Leetcode_6037_I__CoinChangeEnv";

beforeAll(async () => {
  db = await createTestDatabase();
  // Route handlers use the process's client, which reads DATABASE_URL.
  process.env.DATABASE_URL = db.url;
  await importSeed(db.prisma);
  for (const role of ["viewer", "curator"] as const) {
    const user = await db.prisma.user.create({ data: { username: role, passwordHash: "x", role } });
    tokens[role] = await createSession({ db: db.prisma, userId: user.id });
  }
});

afterAll(async () => {
  await stopProducerQueue();
  const { prisma } = await import("@/lib/db/client");
  await prisma().$disconnect();
  await db?.drop();
});

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, url: string, { as, body, params = {}, rawBody }: { as?: "viewer" | "curator"; body?: unknown; params?: Record<string, string>; rawBody?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const session = as ? tokens[as] : undefined;
  if (session) {
    headers.cookie = `curator_session=${session.token}`;
    headers["x-csrf-token"] = session.csrfToken;
  }
  const post = body !== undefined || rawBody !== undefined;
  const req = new NextRequest(`http://localhost${url}`, { method: post ? "POST" : "GET", headers, body: rawBody ?? (post ? JSON.stringify(body) : undefined) });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const fields = (json: Record<string, any>) => (json.errors as { field: string }[] | undefined)?.map((e) => e.field);

describe("POST /api/verify", () => {
  it("needs a curator with the CSRF token", async () => {
    expect((await call(verifyRoute, "/api/verify", { body: { key: SPIRAL } })).status).toBe(401);
    expect((await call(verifyRoute, "/api/verify", { as: "viewer", body: { key: SPIRAL } })).status).toBe(403);
    const noCsrf = new NextRequest("http://localhost/api/verify", { method: "POST", body: JSON.stringify({ key: SPIRAL }), headers: { cookie: `curator_session=${tokens.curator!.token}` } });
    expect((await verifyRoute(noCsrf, { params: Promise.resolve({}) })).status).toBe(403);
  });

  it("answers bad input with a 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{}, "key"],
      [{ key: SPIRAL, filter: "" }, "filter"],
      [{ keys: [] }, "keys"],
      [{ key: "" }, "key"],
      [{ key: SPIRAL, limits: { timeoutMs: 5 } }, "limits.timeoutMs"],
      [{ key: SPIRAL, limits: { cpus: 2 } }, "limits"],
      [{ key: SPIRAL, extra: 1 }, ""],
    ];
    for (const [body, field] of cases) {
      const res = await call(verifyRoute, "/api/verify", { as: "curator", body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(fields(res.json), JSON.stringify(body)).toContain(field);
    }
    const badFilter = await call(verifyRoute, "/api/verify", { as: "curator", body: { filter: "status=bogus" } });
    expect(badFilter.status).toBe(400);
    expect(fields(badFilter.json)).toEqual(["status.0"]);
    expect((await call(verifyRoute, "/api/verify", { as: "curator", body: { filter: "colour=red" } })).json.detail).toMatch(/colour/);
    expect((await call(verifyRoute, "/api/verify", { as: "curator", rawBody: "{not json" })).status).toBe(400);
  });

  it("answers unknown environments with a 404 naming them", async () => {
    const one = await call(verifyRoute, "/api/verify", { as: "curator", body: { key: "Leetcode_1_I__NopeEnv" } });
    expect(one.status).toBe(404);
    expect(one.json.detail).toContain("Leetcode_1_I__NopeEnv");
    const some = await call(verifyRoute, "/api/verify", { as: "curator", body: { keys: [SPIRAL, "Leetcode_2_I__GoneEnv"] } });
    expect(some.status).toBe(404);
    expect(some.json.detail).toBe("No environment Leetcode_2_I__GoneEnv");
    expect(await db.prisma.verificationRun.count()).toBe(0);
  });

  it("enqueues one run per environment, by key, keys or filter", async () => {
    const one = await call(verifyRoute, "/api/verify", { as: "curator", body: { key: SPIRAL } });
    expect(one.status).toBe(202);
    expect(one.json.runs).toEqual([{ runId: expect.any(Number), key: SPIRAL }]);
    const byFilter = await call(verifyRoute, "/api/verify", { as: "curator", body: { filter: "subset=Leetcode&q=coin" } });
    expect(byFilter.json.runs.map((r: { key: string }) => r.key)).toEqual([COINS]);
    const all = await call(verifyRoute, "/api/verify", { as: "curator", body: { filter: "" } });
    expect(all.json.runs).toHaveLength(await db.prisma.environment.count());

    const run = await db.prisma.verificationRun.findUniqueOrThrow({ where: { id: one.json.runs[0].runId }, include: { requestedBy: true } });
    expect(run).toMatchObject({ status: "queued", total: 4, done: 0, limits: { timeoutMs: 2000, memoryBytes: 100 * 1024 * 1024 } });
    expect(run.requestedBy?.username).toBe("curator");
    expect((await db.prisma.environment.findUniqueOrThrow({ where: { key: SPIRAL } })).status).toBe("queued");
    // Each run has its job, carrying only the run's id.
    const jobs = await db.prisma.$queryRaw<{ data: unknown }[]>`SELECT data FROM pgboss.job WHERE name = 'verify' ORDER BY created_on`;
    expect(jobs).toHaveLength(2 + all.json.runs.length);
    expect(jobs[0]!.data).toEqual({ runId: one.json.runs[0].runId });

    const status = await call(statusRoute, "/api/verify", { as: "viewer" });
    expect(status.json).toEqual({ workers: 0, queued: 2 + all.json.runs.length, running: 0 });
  });
});

describe("GET /api/runs and /api/runs/:id", () => {
  it("shows a run's progress and an environment's history", async () => {
    const history = await call(runsRoute, `/api/runs?environment=${SPIRAL}`, { as: "viewer" });
    expect(history.status).toBe(200);
    expect(history.json.runs.map((r: { key: string; status: string }) => [r.key, r.status])).toEqual([
      [SPIRAL, "queued"],
      [SPIRAL, "queued"],
    ]);
    const [newest, oldest] = history.json.runs;
    expect(newest.id).toBeGreaterThan(oldest.id);
    const paged = await call(runsRoute, `/api/runs?environment=${SPIRAL}&limit=1`, { as: "viewer" });
    expect(paged.json).toMatchObject({ runs: [{ id: newest.id }], nextBefore: newest.id });
    const next = await call(runsRoute, `/api/runs?environment=${SPIRAL}&limit=1&before=${paged.json.nextBefore}`, { as: "viewer" });
    expect(next.json).toMatchObject({ runs: [{ id: oldest.id }], nextBefore: null });

    const detail = await call(runRoute, `/api/runs/${newest.id}`, { as: "viewer", params: { id: String(newest.id) } });
    expect(detail.status).toBe(200);
    expect(detail.json.run).toMatchObject({ id: newest.id, key: SPIRAL, status: "queued", total: 4, done: 0, passed: 0, currentRevision: true, verified: false });
    expect(detail.json.results).toEqual([]);
  });

  it("answers bad ids and queries with 4xx naming the field", async () => {
    expect((await call(runsRoute, "/api/runs?environment=Nope_1_I__XEnv", { as: "viewer" })).status).toBe(404);
    expect(fields((await call(runsRoute, "/api/runs?status=bogus", { as: "viewer" })).json)).toEqual(["status.0"]);
    expect(fields((await call(runsRoute, "/api/runs?limit=1000", { as: "viewer" })).json)).toEqual(["limit"]);
    expect(fields((await call(runRoute, "/api/runs/abc", { as: "viewer", params: { id: "abc" } })).json)).toEqual(["id"]);
    expect((await call(runRoute, "/api/runs/999999", { as: "viewer", params: { id: "999999" } })).status).toBe(404);
    expect(fields((await call(runRoute, "/api/runs/1?results=some", { as: "viewer", params: { id: "1" } })).json)).toEqual(["results"]);
    expect((await call(runRoute, "/api/runs/1", { params: { id: "1" } })).status).toBe(401);
  });

  it("cancels a queued run once, and the environment's status follows", async () => {
    const history = await call(runsRoute, `/api/runs?environment=${COINS}`, { as: "viewer" });
    const ids: number[] = history.json.runs.map((r: { id: number }) => r.id);
    expect((await call(cancelRoute, `/api/runs/${ids[0]}/cancel`, { as: "viewer", body: {}, params: { id: String(ids[0]) } })).status).toBe(403);
    for (const id of ids) {
      const res = await call(cancelRoute, `/api/runs/${id}/cancel`, { as: "curator", body: {}, params: { id: String(id) } });
      expect(res).toEqual({ status: 200, json: { id, status: "cancelled" } });
    }
    expect((await call(cancelRoute, `/api/runs/${ids[0]}/cancel`, { as: "curator", body: {}, params: { id: String(ids[0]) } })).status).toBe(409);
    // No run of the current revision is left (cancelled ones do not count): back to unverified.
    expect((await db.prisma.environment.findUniqueOrThrow({ where: { key: COINS } })).status).toBe("unverified");
  });
});
