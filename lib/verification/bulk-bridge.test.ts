import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBulkAction, startBulkAction } from "@/lib/bulk/run-bulk";
import { bulkActionSchema } from "@/lib/bulk/schema";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { enqueueVerificationForBulk } from "./bulk-bridge";
import { stopProducerQueue } from "./queue";
import { importSeed, waitUntil } from "./testing";
import { startVerificationWorker, type VerificationWorker } from "./worker";

// A bulk "verify" goes through the real queue to a real worker and sandbox.

let db: TestDatabase;
let worker: VerificationWorker;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url; // the bridge uses the process's queue, which reads DATABASE_URL
  await importSeed(db.prisma);
  worker = await startVerificationWorker({ url: db.url, slots: 2, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await stopProducerQueue();
  await db?.drop();
});

describe("bulk re-verify", () => {
  it("enqueues one run per selected environment, tied to the bulk action, and the worker finishes them", async () => {
    const admin = await db.prisma.user.create({ data: { username: "root", passwordHash: "x", role: "admin" } });
    const contests = (await db.prisma.environment.findMany({ where: { subset: "Code_Contests" }, select: { id: true } })).map((e) => e.id);
    expect(contests.length).toBeGreaterThan(0);
    const input = bulkActionSchema.parse({ kind: "verify", filter: "subset=Code_Contests" });
    const { id } = await startBulkAction({ db: db.prisma, input, userId: admin.id });
    const report = await runBulkAction({ db: db.prisma, id, enqueueVerification: enqueueVerificationForBulk });
    expect(report.changed).toHaveLength(contests.length);

    const runs = () => db.prisma.verificationRun.findMany({ where: { bulkActionId: id } });
    expect((await runs()).map((r) => r.environmentId).sort()).toEqual([...contests].sort());
    await waitUntil(async () => (await runs()).every((r) => r.status === "succeeded" || r.status === "failed"));
    expect((await runs()).every((r) => r.status === "succeeded" && r.done === r.total && r.total > 0)).toBe(true);
    const statuses = await db.prisma.environment.findMany({ where: { id: { in: contests } }, select: { status: true } });
    expect(statuses.every((s) => s.status === "verified" || s.status === "failed")).toBe(true);
  });
});
