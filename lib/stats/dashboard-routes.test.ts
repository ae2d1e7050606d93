import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/session-store";
import type { TestDatabase } from "@/lib/testing/db";
import { readSeedRecords, seededTestDatabase, storeRun } from "./seeded-test-db";

// The dashboard's route handlers, called as Next calls them, against a real
// database with a real session (cookie `curator_session=<token>`).

let db: TestDatabase;
let cookie = "";
const seed = readSeedRecords();
const SHIP = "Codeforces_8344_I__ShipCapacityEnv";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let routes: { list: Handler; detail: Handler; runs: Handler; replay: Handler; stats: Handler };

beforeAll(async () => {
  db = await seededTestDatabase();
  // The handlers use the app's prisma() singleton, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = db.url;
  const user = await db.prisma.user.create({ data: { username: "viewer1", passwordHash: "x", role: "viewer" } });
  cookie = `curator_session=${(await createSession({ db: db.prisma, userId: user.id })).token}`;
  await storeRun(db.prisma, SHIP, [
    { passed: true, steps: 9 },
    { passed: true, steps: 7 },
    { passed: true, steps: 7 },
    { passed: false, steps: 8, failureKind: "wrong_answer", calls: [{ tool: "Done", parameters: '{"answer": 31}', observation: "reward=0" }] },
    { passed: true, steps: 10 },
  ]);
  routes = {
    list: (await import("@/app/api/environments/route")).GET as unknown as Handler,
    detail: (await import("@/app/api/environments/[key]/route")).GET as unknown as Handler,
    runs: (await import("@/app/api/environments/[key]/runs/route")).GET as unknown as Handler,
    replay: (await import("@/app/api/environments/[key]/configs/[position]/replay/route")).GET as unknown as Handler,
    stats: (await import("@/app/api/stats/route")).GET as unknown as Handler,
  };
});
afterAll(async () => {
  const { prisma } = await import("@/lib/db/client");
  await prisma().$disconnect();
  await db.drop();
});

async function call(handler: Handler, url: string, params: Record<string, string> = {}, withSession = true) {
  const req = new NextRequest(new URL(url, "http://localhost"), { headers: withSession ? { cookie } : {} });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/environments", () => {
  it("returns { rows, total, page, pageSize } for a filter, sort and page", async () => {
    const { status, body } = await call(routes.list, "/api/environments?subset=Leetcode&subset=Codeforces&sort=toolCount&dir=desc&pageSize=4&page=2");
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: seed.filter((s) => s.subset !== "Code_Contests").length, page: 2, pageSize: 4, totalCapped: false });
    const rows = body.rows as { toolCount: number; subset: string }[];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.subset !== "Code_Contests")).toBe(true);
    expect(rows.map((r) => r.toolCount)).toEqual([...rows.map((r) => r.toolCount)].sort((a, b) => b - a));
  });

  it("answers 400 naming every bad parameter", async () => {
    const { status, body } = await call(routes.list, "/api/environments?status=nope&pageSize=0&shape=round");
    expect(status).toBe(400);
    expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(["pageSize", "shape", "status.0"]);
  });

  it("answers 401 without a session", async () => {
    expect((await call(routes.list, "/api/environments", {}, false)).status).toBe(401);
  });
});

describe("the environment's routes", () => {
  it("GET /api/environments/:key returns the page's data as JSON, 404 for an unknown key", async () => {
    const { status, body } = await call(routes.detail, `/api/environments/${SHIP}`, { key: SHIP });
    expect(status).toBe(200);
    expect(body).toMatchObject({ key: SHIP, status: "failed", passCount: 4 });
    const configs = (body.revision as { configs: { position: number; result: { peakMemory: number } | null }[] }).configs;
    expect(configs[3]!.result).toMatchObject({ peakMemory: 1_000_003 });
    expect((await call(routes.detail, "/api/environments/Nope_1_I__NoEnv", { key: "Nope_1_I__NoEnv" })).status).toBe(404);
  });

  it("GET …/runs lists the runs; GET …/configs/:position/replay returns the trace", async () => {
    const runs = await call(routes.runs, `/api/environments/${SHIP}/runs`, { key: SHIP });
    expect((runs.body.runs as unknown[]).length).toBe(1);
    const replay = await call(routes.replay, `/api/environments/${SHIP}/configs/3/replay`, { key: SHIP, position: "3" });
    expect(replay.status).toBe(200);
    expect(replay.body.result).toMatchObject({ passed: false, steps: 8, trace: { calls: [{ tool: "Done" }], omitted: 0 } });
    const bad = await call(routes.replay, `/api/environments/${SHIP}/configs/x/replay?run=-1`, { key: SHIP, position: "x" });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(["position"]);
  });
});

describe("GET /api/stats", () => {
  it("aggregates what the filter selects, and rejects bad filters", async () => {
    const { status, body } = await call(routes.stats, "/api/stats?subset=Codeforces");
    expect(status).toBe(200);
    const codeforces = seed.filter((s) => s.subset === "Codeforces");
    expect(body).toMatchObject({ environments: codeforces.length, configurations: codeforces.reduce((n, s) => n + s.steps.length, 0) });
    expect((await call(routes.stats, "/api/stats?difficulty_max=7")).status).toBe(400);
  });
});
