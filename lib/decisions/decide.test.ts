import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "@/lib/errors";
import { parseFilter } from "@/lib/filters/schema";
import { createRevision } from "@/lib/revisions/create-revision";
import { setSetting } from "@/lib/settings/settings";
import { seededTestDatabase, storeRun } from "@/lib/stats/seeded-test-db";
import type { TestDatabase } from "@/lib/testing/db";
import { createSourceParser } from "@/lib/tools/parse-sources";
import { decide } from "./decide";
import { getReviewSummary } from "./queries";
import { getQueueSlot } from "./queue";
import { decisionInputSchema, type DecisionInput } from "./schema";
import { tallyVotes } from "./review-state";

const TWO_SUM = "Leetcode_1873_I__TwoSumLookupEnv";
const SHIP = "Codeforces_8344_I__ShipCapacityEnv";
const COINS = "Leetcode_6037_I__CoinChangeEnv";
let db: TestDatabase;
const parser = createSourceParser();
let ann: number;
let ben: number;
let admin: number;

beforeAll(async () => {
  db = await seededTestDatabase();
  ann = (await db.prisma.user.create({ data: { username: "ann", passwordHash: "x", role: "curator" } })).id;
  ben = (await db.prisma.user.create({ data: { username: "ben", passwordHash: "x", role: "curator" } })).id;
  admin = (await db.prisma.user.create({ data: { username: "root", passwordHash: "x", role: "admin" } })).id;
  await storeRun(db.prisma, TWO_SUM, [1, 2, 3, 4, 5].map((s) => ({ passed: true, steps: s * 10 })));
  await storeRun(db.prisma, COINS, [1, 2, 3, 4, 5, 6].map((s) => ({ passed: true, steps: s * 10 })));
});
afterAll(async () => {
  await parser.close();
  await db.drop();
});

const envOf = (key: string) => db.prisma.environment.findUniqueOrThrow({ where: { key } });
const input = (d: Partial<DecisionInput> & { revisionId: number }) => decisionInputSchema.parse({ decision: "approve", ...d });
const run = (key: string, userId: number, d: Partial<DecisionInput>) =>
  envOf(key).then((e) => db.prisma.$transaction((tx) => decide({ db: tx, environmentId: e.id, userId, input: input({ revisionId: e.currentRevisionId!, ...d }) })));

describe("tallyVotes", () => {
  it("follows the latest vote with one approval required, and needs two agreeing users with two", () => {
    const a = (id: number, userId: number) => ({ id, userId, decision: "approve" as const });
    const r = (id: number, userId: number) => ({ id, userId, decision: "reject" as const });
    expect(tallyVotes([], 1).state).toBe("pending");
    expect(tallyVotes([a(1, 1), r(2, 2)], 1)).toEqual({ state: "rejected", approvals: 1, rejects: 1, disagreement: true });
    expect(tallyVotes([a(1, 1)], 2).state).toBe("pending");
    expect(tallyVotes([a(1, 1), a(2, 2)], 2).state).toBe("approved");
    expect(tallyVotes([r(1, 1)], 2).state).toBe("rejected");
    expect(tallyVotes([a(1, 1), r(2, 2)], 2)).toEqual({ state: "pending", approvals: 1, rejects: 1, disagreement: true });
  });
});

describe("decide", () => {
  it("approves a verified revision and records who, which revision and the audit event", async () => {
    const result = await run(TWO_SUM, ann, { decision: "approve" });
    expect(result).toMatchObject({ changed: true, reviewState: "approved", override: false });
    const e = await envOf(TWO_SUM);
    expect(e.reviewState).toBe("approved");
    const d = await db.prisma.reviewDecision.findUniqueOrThrow({ where: { id: result.decisionId } });
    expect(d).toMatchObject({ userId: ann, revisionId: e.currentRevisionId, decision: "approve", override: false });
    const ev = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "decision.approve", environmentId: e.id } });
    expect(ev).toMatchObject({ userId: ann, before: { reviewState: "pending" }, after: { reviewState: "approved", decision: "approve" } });
    // The same decision again changes nothing.
    expect((await run(TWO_SUM, ann, { decision: "approve" })).changed).toBe(false);
    expect(await db.prisma.reviewDecision.count({ where: { environmentId: e.id } })).toBe(1);
  });

  it("needs an explicit, recorded override to approve an unverified revision", async () => {
    const error = (await run(SHIP, ann, { decision: "approve" }).catch((x: unknown) => x)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details).toEqual([expect.objectContaining({ field: "override" })]);
    expect((await envOf(SHIP)).reviewState).toBe("pending");
    const ok = await run(SHIP, ann, { decision: "approve", override: true });
    expect(ok).toMatchObject({ changed: true, override: true, reviewState: "approved" });
    expect((await db.prisma.reviewDecision.findUniqueOrThrow({ where: { id: ok.decisionId } })).override).toBe(true);
  });

  it("needs a reason category to reject, and text for other", async () => {
    const e = await envOf(SHIP);
    expect(decisionInputSchema.safeParse({ revisionId: e.currentRevisionId, decision: "reject" }).error?.issues[0]?.path).toEqual(["reasonCategory"]);
    expect(decisionInputSchema.safeParse({ revisionId: e.currentRevisionId, decision: "reject", reasonCategory: "other", reason: "  " }).error?.issues[0]?.path).toEqual(["reason"]);
    await expect(db.prisma.$transaction((tx) => decide({ db: tx, environmentId: e.id, userId: ben, input: { revisionId: e.currentRevisionId!, decision: "reject", reason: "", override: false } }))).rejects.toBeInstanceOf(ValidationError);
    const r = await run(SHIP, ben, { decision: "reject", reasonCategory: "broken_oracle", reason: "days=1 is answered wrong" });
    expect(r.reviewState).toBe("rejected");
    const summary = await getReviewSummary({ db: db.prisma, key: SHIP });
    expect(summary.tally).toEqual({ state: "rejected", approvals: 1, rejects: 1, disagreement: true });
    expect(summary.votes.map((v) => [v.user.username, v.decision, v.reasonCategory])).toEqual([["ben", "reject", "broken_oracle"], ["ann", "approve", null]]);
  });

  it("refuses a decision on a revision that is no longer current, and a new revision returns to pending", async () => {
    const e = await envOf(TWO_SUM);
    const rev = await db.prisma.revision.findUniqueOrThrow({ where: { id: e.currentRevisionId! }, include: { configs: { orderBy: { position: "asc" } } } });
    await createRevision({ db: db.prisma, environmentId: e.id, baseRevisionId: rev.id, source: rev.sourceCode + "\n", task: rev.taskDescription, configs: rev.configs.map((c) => c.configString), authorId: ben, parse: (s) => parser.parse(s) });
    const after = await envOf(TWO_SUM);
    expect(after.reviewState).toBe("pending");
    const stale = await db.prisma.$transaction((tx) => decide({ db: tx, environmentId: e.id, userId: ann, input: input({ revisionId: rev.id, decision: "reject", reasonCategory: "trivial" }) })).catch((x: unknown) => x);
    expect(stale).toBeInstanceOf(ConflictError);
    // The old approval stays in the history, tied to its revision.
    const summary = await getReviewSummary({ db: db.prisma, key: TWO_SUM });
    expect(summary.votes).toEqual([]);
    expect(summary.history.map((h) => h.revision.number)).toEqual([1]);
  });
});

describe("second review", () => {
  it("with two approvals required, counts only approvals of different curators on the same revision and flags disagreements", async () => {
    await setSetting({ db: db.prisma, key: "review.requiredApprovals", value: 2, userId: admin });
    const { refreshReviewState } = await import("./review-state");
    await refreshReviewState({ db: db.prisma, environmentIds: "all" });
    // SHIP had ann approve and ben reject: a split is pending under two-review.
    expect((await envOf(SHIP)).reviewState).toBe("pending");

    expect((await run(COINS, ann, { decision: "approve" })).reviewState).toBe("pending");
    // The same curator approving again is not a second approval.
    expect((await run(COINS, ann, { decision: "approve" })).changed).toBe(false);
    expect((await envOf(COINS)).reviewState).toBe("pending");
    expect((await run(COINS, ben, { decision: "approve" })).reviewState).toBe("approved");

    const all = parseFilter("");
    const pendingForAnn = await getQueueSlot({ db: db.prisma, filter: all, mode: "pending", userId: ann });
    const disagreements = await getQueueSlot({ db: db.prisma, filter: all, mode: "disagreements", userId: ann });
    expect(disagreements).toMatchObject({ key: SHIP, remaining: 1, position: 1 });
    // ben changes his mind: the split is resolved.
    await run(SHIP, ben, { decision: "approve", override: true });
    expect((await envOf(SHIP)).reviewState).toBe("approved");
    expect((await getQueueSlot({ db: db.prisma, filter: all, mode: "disagreements", userId: ann })).remaining).toBe(0);
    expect(pendingForAnn.remaining).toBeGreaterThan(0);

    await setSetting({ db: db.prisma, key: "review.requiredApprovals", value: 1, userId: admin });
  });
});

describe("review queue", () => {
  it("walks the filtered pending environments by key, continuing after one that was just decided", async () => {
    const filter = parseFilter("subset=Leetcode");
    const pending = (await db.prisma.environment.findMany({ where: { subset: "Leetcode", reviewState: "pending" }, orderBy: { key: "asc" }, select: { key: true } })).map((e) => e.key);
    const total = await db.prisma.environment.count({ where: { subset: "Leetcode" } });
    expect(pending.length).toBeGreaterThan(2);
    const first = await getQueueSlot({ db: db.prisma, filter, mode: "pending", userId: ann });
    expect(first).toEqual({ key: pending[0], prevKey: null, nextKey: pending[1], firstKey: pending[0], position: 1, remaining: pending.length, done: total - pending.length, total });
    const second = await getQueueSlot({ db: db.prisma, filter, mode: "pending", userId: ann, at: pending[1] });
    expect(second).toMatchObject({ key: pending[1], prevKey: pending[0], nextKey: pending[2], position: 2 });
    // Decide the second; the queue moves on to the third from there.
    await db.prisma.environment.update({ where: { key: pending[1]! }, data: { status: "verified" } });
    await run(pending[1]!, ann, { decision: "approve" });
    const third = await getQueueSlot({ db: db.prisma, filter, mode: "pending", userId: ann, at: pending[1] });
    expect(third).toMatchObject({ key: pending[2], prevKey: pending[0], firstKey: pending[0], position: 2, remaining: pending.length - 1, done: total - pending.length + 1 });
    // Past the end, it wraps around to what was skipped.
    expect((await getQueueSlot({ db: db.prisma, filter, mode: "pending", userId: ann, at: "zzz" })).key).toBe(pending[0]);
  });
});
