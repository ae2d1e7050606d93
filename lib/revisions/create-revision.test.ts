import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "@/lib/errors";
import { seededTestDatabase, storeRun } from "@/lib/stats/seeded-test-db";
import type { TestDatabase } from "@/lib/testing/db";
import { createSourceParser } from "@/lib/tools/parse-sources";
import { createRevision, type RevisionConflict } from "./create-revision";
import { getRevisionContent, listRevisions } from "./queries";
import { restoreRevision } from "./restore-revision";

const KEY = "Leetcode_1873_I__TwoSumLookupEnv";
let db: TestDatabase;
const parser = createSourceParser();
const parse = (s: string) => parser.parse(s);
let curator: number;
let other: number;

beforeAll(async () => {
  db = await seededTestDatabase();
  curator = (await db.prisma.user.create({ data: { username: "cara", passwordHash: "x", role: "curator" } })).id;
  other = (await db.prisma.user.create({ data: { username: "otto", passwordHash: "x", role: "curator" } })).id;
});
afterAll(async () => {
  await parser.close();
  await db.drop();
});

const env = () => db.prisma.environment.findUniqueOrThrow({ where: { key: KEY }, include: { currentRevision: { include: { tools: { orderBy: { position: "asc" } }, configs: { orderBy: { position: "asc" } } } } } });

describe("createRevision", () => {
  it("saves an edit as a new current revision, re-parsing tools, resetting status and review", async () => {
    await storeRun(db.prisma, KEY, [1, 2, 3, 4, 5].map((steps) => ({ passed: true, steps: steps * 10 })));
    const before = await env();
    expect(before.status).toBe("verified");
    await db.prisma.environment.update({ where: { id: before.id }, data: { reviewState: "approved" } });
    const rev1 = before.currentRevision!;
    const source = rev1.sourceCode.replace(/def Done\(self, answer\):/, "def Submit(self, answer):\n        return self.Done(answer)\n\n    def Done(self, answer):").replace('"Done": self.DONE,', '"Done": self.DONE,\n            "Submit": 6,');
    const configs = [rev1.configs[0]!.configString, 'TwoSumLookupEnv@{"nums": [1, 2], "target": 3}'].join("\n");
    const created = await createRevision({ db: db.prisma, environmentId: before.id, baseRevisionId: rev1.id, source, task: "New task text", configs, authorId: curator, message: "add Submit", parse });
    expect(created.number).toBe(2);
    expect(created.changed).toEqual(["source", "task", "configs"]);

    const after = await env();
    expect(after.currentRevisionId).toBe(created.id);
    expect(after.status).toBe("unverified");
    expect(after.reviewState).toBe("pending");
    expect(after.toolCount).toBe(rev1.tools.length + 1);
    expect(after.configCount).toBe(2);
    const rev2 = after.currentRevision!;
    expect(rev2.parentId).toBe(rev1.id);
    expect(rev2.authorId).toBe(curator);
    expect(rev2.message).toBe("add Submit");
    expect(rev2.tools.map((t) => t.name)).toContain("Submit");
    expect(rev2.docsBlock).toContain("def Submit(answer):");
    // The kept configuration keeps what the CodeGym files recorded; results belong to the old revision.
    expect(rev2.configs[0]).toMatchObject({ configString: rev1.configs[0]!.configString, recordedSteps: rev1.configs[0]!.recordedSteps, bo4Score: rev1.configs[0]!.bo4Score, lastPassed: null, lastRunId: null });
    expect(rev2.configs[1]).toMatchObject({ options: { nums: [1, 2], target: 3 }, recordedSteps: null });
    // The old revision is untouched.
    const old = await db.prisma.revision.findUniqueOrThrow({ where: { id: rev1.id }, include: { configs: true } });
    expect(old.sourceCode).toBe(rev1.sourceCode);
    expect(old.configs).toHaveLength(5);

    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "revision.create", environmentId: before.id } });
    expect(event).toMatchObject({ userId: curator, entityId: String(created.id), before: { revisionId: rev1.id, number: 1, status: "verified", reviewState: "approved" }, after: { revisionId: created.id, number: 2, status: "unverified", reviewState: "pending" } });
  });

  it("refuses a save based on an older revision with 409 carrying the current text, and accepts it re-based", async () => {
    const e = await env();
    const base = e.currentRevision!;
    const theirs = await createRevision({ db: db.prisma, environmentId: e.id, baseRevisionId: base.id, source: base.sourceCode, task: "their task", configs: base.configs.map((c) => c.configString), authorId: other, parse });
    const mine = { db: db.prisma, environmentId: e.id, source: base.sourceCode + "\n# mine\n", task: "my task", configs: base.configs.map((c) => c.configString), authorId: curator, parse };
    const error = await createRevision({ ...mine, baseRevisionId: base.id }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(ConflictError);
    const details = (error as ConflictError).details as RevisionConflict;
    expect(details.current).toMatchObject({ id: theirs.id, number: theirs.number, taskDescription: "their task", author: "otto", sourceCode: base.sourceCode });
    expect(details.current.configs.split("\n")).toHaveLength(base.configs.length);
    expect((await env()).currentRevisionId).toBe(theirs.id);

    const rebased = await createRevision({ ...mine, baseRevisionId: theirs.id });
    expect(rebased.number).toBe(theirs.number + 1);
    expect((await env()).currentRevision!.taskDescription).toBe("my task");
  });

  it("refuses a source Python cannot parse, naming the line", async () => {
    const e = await env();
    const bad = e.currentRevision!.sourceCode.replace("def reset(self, options: dict = None):", "def reset(self, options: dict = None:");
    const error = (await createRevision({ db: db.prisma, environmentId: e.id, baseRevisionId: e.currentRevisionId!, source: bad, task: "t", configs: e.currentRevision!.configs.map((c) => c.configString), authorId: curator, parse }).catch((x: unknown) => x)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    const line = bad.split("\n").findIndex((l) => l.includes("def reset(")) + 1;
    expect(error.details).toEqual([expect.objectContaining({ field: "source", line })]);
    expect((await env()).currentRevisionId).toBe(e.currentRevisionId);
  });

  it("refuses bad, duplicate, foreign and empty configurations with their lines, and no-op saves", async () => {
    const e = await env();
    const rev = e.currentRevision!;
    const save = (configs: string) => createRevision({ db: db.prisma, environmentId: e.id, baseRevisionId: rev.id, source: rev.sourceCode, task: rev.taskDescription, configs, authorId: curator, parse });
    const text = ['TwoSumLookupEnv@{"nums": [1], "target": 1}', "", "TwoSumLookupEnv@{nope", 'OtherEnv@{"a": 1}', 'TwoSumLookupEnv@{"target": 1, "nums": [1]}'].join("\n");
    const error = (await save(text).catch((x: unknown) => x)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error.details as { line: number }[]).map((d) => d.line)).toEqual([3, 4, 5]);
    expect(error.message).toMatch(/line 5: the same configuration as line 1/);
    await expect(save("  \n")).rejects.toThrow(/at least one configuration/);
    await expect(save(rev.configs.map((c) => c.configString).join("\n"))).rejects.toThrow(/Nothing changed/);
    // A JSON list works too, including bare option objects.
    const ok = await save(JSON.stringify([rev.configs[0]!.configString, { nums: [4, 5], target: 9 }], null, 2));
    expect((await db.prisma.taskConfig.findMany({ where: { revisionId: ok.id }, orderBy: { position: "asc" } })).map((c) => c.configString)).toEqual([rev.configs[0]!.configString, 'TwoSumLookupEnv@{"nums":[4,5],"target":9}']);
  });

  it("restores an old revision as a new one whose parent is the current one", async () => {
    const e = await env();
    const restored = await restoreRevision({ db: db.prisma, key: KEY, number: 1, baseRevisionId: e.currentRevisionId!, authorId: curator });
    const content = await getRevisionContent({ db: db.prisma, key: KEY });
    const one = await getRevisionContent({ db: db.prisma, key: KEY, number: 1 });
    expect(content).toMatchObject({ id: restored.id, sourceCode: one.sourceCode, taskDescription: one.taskDescription, configs: one.configs, parentId: e.currentRevisionId, message: "restored revision 1" });
    const list = await listRevisions({ db: db.prisma, key: KEY });
    expect(list.map((r) => r.number)).toEqual([...Array(list.length).keys()].map((i) => list.length - i));
    expect(list[0]).toMatchObject({ current: true, number: restored.number, author: "cara" });
    expect(await db.prisma.auditEvent.count({ where: { action: "revision.restore", environmentId: e.id } })).toBe(1);
    await expect(restoreRevision({ db: db.prisma, key: KEY, number: restored.number, baseRevisionId: restored.id, authorId: curator })).rejects.toThrow(/already the current/);
  });
});
