import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors";
import { seededTestDatabase, storeRun } from "@/lib/stats/seeded-test-db";
import type { TestDatabase } from "@/lib/testing/db";
import type { EnqueueVerification } from "./apply-one";
import { getBulkAction, previewBulk } from "./queries";
import { runBulkAction, startBulkAction } from "./run-bulk";
import { bulkActionSchema, type BulkReport } from "./schema";

let db: TestDatabase;
let admin: number;

beforeAll(async () => {
  db = await seededTestDatabase();
  admin = (await db.prisma.user.create({ data: { username: "root", passwordHash: "x", role: "admin" } })).id;
});
afterAll(async () => {
  await db.drop();
});

async function bulk(raw: Record<string, unknown>, enqueueVerification?: EnqueueVerification) {
  const input = bulkActionSchema.parse(raw);
  const { id } = await startBulkAction({ db: db.prisma, input, userId: admin });
  const report = await runBulkAction({ db: db.prisma, id, enqueueVerification });
  return { id, report, row: await getBulkAction({ db: db.prisma, id }) };
}

const keysWhere = async (where: object) => (await db.prisma.environment.findMany({ where, orderBy: { id: "asc" }, select: { key: true } })).map((e) => e.key);

describe("bulk actions", () => {
  it("rejects exactly the filtered set, writes an audit event per change, and skips everything the second time", async () => {
    const codeforces = await keysWhere({ subset: "Codeforces" });
    const others = await keysWhere({ NOT: { subset: "Codeforces" } });
    expect(codeforces.length).toBeGreaterThan(1);
    expect((await previewBulk({ db: db.prisma, filterQuery: "subset=Codeforces" })).total).toBe(codeforces.length);

    const first = await bulk({ kind: "reject", filter: "subset=Codeforces&page=3", reasonCategory: "unclear_task", reason: "bulk test", expectedTotal: codeforces.length });
    expect(first.row).toMatchObject({ status: "succeeded", total: codeforces.length, done: codeforces.length, changed: codeforces.length, skipped: 0, filter: "subset=Codeforces" });
    expect(first.report.changed).toEqual(codeforces);
    expect(await keysWhere({ reviewState: "rejected" })).toEqual(codeforces);
    expect(await keysWhere({ reviewState: "pending" })).toEqual(others);
    const events = await db.prisma.auditEvent.findMany({ where: { action: "decision.reject" }, include: { environment: true } });
    expect(events.map((e) => e.environment!.key).sort()).toEqual([...codeforces].sort());
    expect(events.every((e) => (e.details as { bulkActionId?: number }).bulkActionId === first.id && e.userId === admin)).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { action: { in: ["bulk.start", "bulk.finish"] }, entityId: String(first.id) } })).toBe(2);

    const again = await bulk({ kind: "reject", filter: "subset=Codeforces", reasonCategory: "unclear_task", reason: "bulk test" });
    expect(again.row).toMatchObject({ status: "succeeded", changed: 0, skipped: codeforces.length });
    expect((again.report as BulkReport).skipped).toEqual({ "already rejected on this revision": { count: codeforces.length, keys: codeforces } });
    expect(await db.prisma.reviewDecision.count()).toBe(codeforces.length);
  });

  it("refuses to start when the selection no longer has the confirmed count", async () => {
    await expect(startBulkAction({ db: db.prisma, input: bulkActionSchema.parse({ kind: "tag", filter: "subset=Leetcode", tag: "x", expectedTotal: 999 }), userId: admin })).rejects.toBeInstanceOf(ConflictError);
    expect(await db.prisma.bulkAction.count({ where: { kind: "tag" } })).toBe(0);
  });

  it("approves only verified ones unless overridden, skipping with the reason", async () => {
    const verified = "Leetcode_3176_I__MergeIntervalsEnv";
    await storeRun(db.prisma, verified, [1, 2, 3, 4, 5].map((s) => ({ passed: true, steps: s * 10 })));
    const leetcode = await keysWhere({ subset: "Leetcode" });
    const first = await bulk({ kind: "approve", filter: "subset=Leetcode" });
    expect(first.report.changed).toEqual([verified]);
    expect(first.report.skipped["not verified (unverified); needs override"]?.count).toBe(leetcode.length - 1);
    const second = await bulk({ kind: "approve", filter: "subset=Leetcode" });
    expect(second.row.changed).toBe(0);
    expect(second.report.skipped["already approved on this revision"]).toEqual({ count: 1, keys: [verified] });
  });

  it("tags and untags idempotently, by filter", async () => {
    const spiral = await keysWhere({ key: { contains: "Spiral" } });
    const tagged = await bulk({ kind: "tag", filter: "q=spiral", tag: "Needs-Work" });
    expect(tagged.report.changed).toEqual(spiral);
    const tag = await db.prisma.tag.findUniqueOrThrow({ where: { name: "needs-work" }, include: { envs: true } });
    expect(tag.envs).toHaveLength(1);
    expect((await bulk({ kind: "tag", filter: "q=spiral", tag: "needs-work" })).report.skipped).toEqual({ "already tagged needs-work": { count: 1, keys: spiral } });
    expect((await bulk({ kind: "untag", filter: "q=spiral", tag: "needs-work" })).row.changed).toBe(1);
    expect((await bulk({ kind: "untag", filter: "q=spiral", tag: "needs-work" })).row.changed).toBe(0);
    // A tag nobody uses any more is gone.
    expect(await db.prisma.tag.count({ where: { name: "needs-work" } })).toBe(0);
  });

  it("re-verifies through the verification service and skips what is verified or in progress", async () => {
    const calls: number[] = [];
    const enqueue: EnqueueVerification = async ({ db: d, environmentId, revisionId, bulkActionId }) => {
      calls.push(environmentId);
      const run = await d.verificationRun.create({ data: { environmentId, revisionId, bulkActionId, status: "queued" } });
      await d.environment.update({ where: { id: environmentId }, data: { status: "queued" } });
      return { runId: run.id };
    };
    const contests = await keysWhere({ subset: "Code_Contests" });
    const first = await bulk({ kind: "verify", filter: "subset=Code_Contests" }, enqueue);
    expect(first.report.changed).toEqual(contests);
    expect(calls).toHaveLength(contests.length);
    const second = await bulk({ kind: "verify", filter: "subset=Code_Contests", scope: "all" }, enqueue);
    expect(second.row.changed).toBe(0);
    expect(second.report.skipped["a verification is already queued or running"]?.count).toBe(contests.length);
    expect(calls).toHaveLength(contests.length);
  });

  it("validates the payload with field names", () => {
    const bad = bulkActionSchema.safeParse({ kind: "reject", filter: "" });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["reasonCategory"]);
    expect(bulkActionSchema.safeParse({ kind: "tag", filter: "", tag: "a,b" }).error?.issues[0]?.path).toEqual(["tag"]);
    expect(bulkActionSchema.safeParse({ kind: "delete", filter: "" }).success).toBe(false);
  });
});
