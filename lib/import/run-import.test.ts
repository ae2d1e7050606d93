import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssue } from "./contributions";
import { pairSumRecord, pairSumSource, pairSumTrainingRow } from "./fixtures/pair-sum-env";
import { runImport } from "./run-import";
import { importTestBed } from "./test-bed";

const bed = importTestBed("import-test");
const { parser, write, dir } = bed;

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const importPaths = (...paths: string[]) => runImport({ db: bed.db.prisma, paths, parse: (s) => parser.parse(s) });

describe("runImport", () => {
  it("imports records, sources and training rows, merged by key", async () => {
    const records = write("a/records.jsonl", jsonl([pairSumRecord("Leetcode_1_I"), pairSumRecord("Codeforces_2_I", "SumTwoEnv")]));
    write("a/sources/Code_Contests_3_I__AddUpEnv.py", pairSumSource("AddUpEnv"));
    const training = write("a/training.jsonl", jsonl([pairSumTrainingRow("Leetcode_1_I", 2, 3, "7"), pairSumTrainingRow("Leetcode_1_I", 5, 5, "8")]));
    const summary = await importPaths(path.join(dir, "a"));

    expect(summary.issues.map(formatIssue)).toEqual([]);
    expect(summary.environments).toEqual({ new: 3, changed: 0, unchanged: 0 });
    expect(summary.configurations.added).toBe(5);
    expect(summary.sourcesParsed).toBe(3);

    const env = await bed.db.prisma.environment.findUniqueOrThrow({
      where: { key: "Leetcode_1_I__PairSumEnv" },
      include: { currentRevision: { include: { tools: { orderBy: { position: "asc" } }, configs: { orderBy: { position: "asc" } } } } },
    });
    expect(env).toMatchObject({ subset: "Leetcode", toolCount: 3, configCount: 3, status: "unverified" });
    const rev = env.currentRevision!;
    expect(rev.tools.map((t) => [t.name, t.actionCode])).toEqual([["Observe", 0], ["AddPair", 1], ["Done", 2]]);
    expect(rev.docsBlock).toContain("\nFunction:\n\ndef AddPair(x: int, y: int):\n");
    expect(rev.configs.map((c) => c.configString)).toEqual(['PairSumEnv@{"a":2,"b":3}', 'PairSumEnv@{"a":10,"b":20}', 'PairSumEnv@{"a":5,"b":5}']);
    // The training row for {"a":2,"b":3} matched the record's configuration and added its scores.
    expect(rev.configs[0]).toMatchObject({ trainingIndex: "7", bo4Score: 0.25, bo8Score: 0.375, recordedSteps: 3, dataSource: "codegym_gym_v1" });
    expect(fs.existsSync(records) && fs.existsSync(training)).toBe(true);

    const bare = await bed.db.prisma.environment.findUniqueOrThrow({ where: { key: "Code_Contests_3_I__AddUpEnv" }, include: { currentRevision: true } });
    expect(bare.currentRevision?.taskDescription).toBe("");
  });

  it("changes nothing, and says so, when the same files are imported again", async () => {
    const before = await bed.db.prisma.revision.count();
    const summary = await importPaths(path.join(dir, "a"));
    expect(summary.environments).toEqual({ new: 0, changed: 0, unchanged: 3 });
    expect(summary.configurations).toMatchObject({ added: 0, updated: 0 });
    expect(summary.rejected).toBe(0);
    expect(summary.sourcesParsed).toBe(0);
    expect(await bed.db.prisma.revision.count()).toBe(before);
    const run = await bed.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "import.run" }, orderBy: { id: "desc" } });
    expect(run).toMatchObject({ entityType: "import", entityId: path.join(dir, "a"), userId: null, details: { paths: [path.join(dir, "a")] } });
    expect(run.after).toEqual({ environments: summary.environments, configurations: summary.configurations, rejected: 0 });
  });

  it("gives a new task text a new revision that reuses the unchanged source's tools and docs, unparsed", async () => {
    const record = { ...pairSumRecord("Codeforces_2_I", "SumTwoEnv"), gym_task: "\nAdd the two hidden numbers, now said differently." };
    const summary = await importPaths(write("t/records.jsonl", jsonl([record])));
    expect(summary.environments).toEqual({ new: 0, changed: 1, unchanged: 0 });
    expect(summary.revisionsCreated).toBe(1);
    expect(summary.sourcesParsed).toBe(0);
    const env = await bed.db.prisma.environment.findUniqueOrThrow({
      where: { key: "Codeforces_2_I__SumTwoEnv" },
      include: { revisions: { orderBy: { number: "asc" }, include: { tools: { orderBy: { position: "asc" } } } } },
    });
    const [first, second] = env.revisions as [(typeof env.revisions)[number], (typeof env.revisions)[number]];
    expect(env.currentRevisionId).toBe(second.id);
    expect(second.taskDescription).toBe(record.gym_task);
    expect(second).toMatchObject({ docsBlock: first.docsBlock, className: "SumTwoEnv", findings: first.findings, sourceSha256: first.sourceSha256 });
    const withoutIds = (tools: typeof first.tools) => tools.map(({ id: _id, revisionId: _rev, ...rest }) => rest);
    expect(second.tools).toHaveLength(3);
    expect(withoutIds(second.tools)).toEqual(withoutIds(first.tools));
    expect(env).toMatchObject({ toolCount: 3, configCount: 2 });
  });

  it("turns a changed source into a new revision that keeps the configurations", async () => {
    const changed = { ...pairSumRecord("Leetcode_1_I"), gym_env: pairSumSource("PairSumEnv", "\n\n        Now with more words.") };
    const summary = await importPaths(write("b/records.jsonl", jsonl([changed])));
    expect(summary.environments).toEqual({ new: 0, changed: 1, unchanged: 0 });
    expect(summary.sourcesParsed).toBe(1);
    const env = await bed.db.prisma.environment.findUniqueOrThrow({
      where: { key: "Leetcode_1_I__PairSumEnv" },
      include: { revisions: { orderBy: { number: "asc" }, include: { configs: true } } },
    });
    expect(env.revisions.map((r) => r.number)).toEqual([1, 2]);
    expect(env.revisions[1]!.parentId).toBe(env.revisions[0]!.id);
    expect(env.revisions[0]!.sourceCode).toBe(pairSumSource());
    expect(env.currentRevisionId).toBe(env.revisions[1]!.id);
    expect(env.revisions[1]!.configs).toHaveLength(3);
  });

  it("reports every bad line with file, line and field, and keeps the good ones and what was stored", async () => {
    const storedBefore = await bed.db.prisma.revision.findMany({ orderBy: { id: "asc" } });
    const good = pairSumRecord("Leetcode_50_I", "GoodEnv");
    const lines = [
      JSON.stringify(good),
      "{not json",
      JSON.stringify({ ...pairSumRecord("Leetcode_51_I", "NoTaskEnv"), gym_task: undefined }),
      JSON.stringify({ ...pairSumRecord("Leetcode_52_I", "TypeEnv"), unit_test_list: "nope" }),
      JSON.stringify({ ...pairSumRecord("Leetcode_53_I", "MixEnv"), unit_test_list: [{ unit_test: 'OtherEnv@{"a":1}' }, { unit_test: 'MixEnv@{"a":1,"b":1}' }] }),
      JSON.stringify(good),
      `{"code_id": "${"x".repeat(17 * 1024 * 1024)}"}`,
    ];
    const file = write("c/records.jsonl", Buffer.concat([Buffer.from(lines.join("\n") + "\n"), Buffer.from([0xc3, 0x28, 0x0a])]));
    const summary = await importPaths(file);
    const messages = summary.issues.map(formatIssue);

    expect(messages).toEqual([
      expect.stringMatching(new RegExp(`^${file}: line 2: malformed JSON`)),
      `${file}: line 3: field gym_task: Invalid input: expected string, received undefined`,
      `${file}: line 4: field unit_test_list: Invalid input: expected array, received string`,
      `${file}: line 5: field unit_test_list.0.unit_test: configuration names class OtherEnv, but the record's env_name is MixEnv`,
      `${file}: line 6: field code_id: duplicate environment Leetcode_50_I__GoodEnv (first at line 1); the first one is kept`,
      expect.stringMatching(new RegExp(`^${file}: line 7: line is 17\\.0 MB, over the 16\\.0 MB limit`)),
      `${file}: line 8: not valid UTF-8 (first bad byte at column 2)`,
    ]);
    expect(summary.environments.new).toBe(2);
    expect(await bed.db.prisma.environment.findUnique({ where: { key: "Leetcode_53_I__MixEnv" }, select: { configCount: true } })).toEqual({ configCount: 1 });
    const storedAfter = await bed.db.prisma.revision.findMany({ where: { id: { in: storedBefore.map((r) => r.id) } }, orderBy: { id: "asc" } });
    expect(storedAfter).toEqual(storedBefore);
  });

  it("rejects training rows of unknown environments once per key, and bad files by name", async () => {
    const file = write("d/training.jsonl", jsonl([pairSumTrainingRow("Leetcode_99_I", 1, 1, "1"), pairSumTrainingRow("Leetcode_99_I", 1, 2, "2"), { ...pairSumTrainingRow("Leetcode_1_I", 1, 1, "3"), code_id: "Leetcode_2_I" }]));
    const summary = await importPaths(file, path.join(dir, "missing.jsonl"), write("d/notes.txt", "hi"));
    expect(summary.issues.map(formatIssue)).toEqual([
      `${path.join(dir, "missing.jsonl")}: no such file or folder`,
      `${path.join(dir, "d/notes.txt")}: unknown file type (expected .jsonl, .json, .parquet, .py or a folder)`,
      `${file}: line 3: field code_id: ability names code_id Leetcode_1_I, but code_id is Leetcode_2_I`,
      `${file}: line 1: field ability: no environment Leetcode_99_I__PairSumEnv is stored: import its records or source file first (further rows of this key are skipped silently)`,
    ]);
  });

  it("matches training rows to configurations by meaning, whether or not the text is spelled the same", async () => {
    await importPaths(write("s/records.jsonl", jsonl([pairSumRecord("Leetcode_70_I", "SpellEnv")])));
    const respelled = { ...pairSumTrainingRow("Leetcode_70_I", 2, 3, "s1", "SpellEnv"), ability: 'codegym_v1@Leetcode_70_I__SpellEnv@{"b": 3, "a": 2}' };
    const rows = [respelled, pairSumTrainingRow("Leetcode_70_I", 10, 20, "s2", "SpellEnv"), pairSumTrainingRow("Leetcode_70_I", 7, 7, "s3", "SpellEnv")];
    const summary = await importPaths(write("s/training.jsonl", jsonl(rows)));
    expect(summary.issues).toEqual([]);
    expect(summary.configurations).toEqual({ added: 1, updated: 2, unchanged: 0 });
    const env = await bed.db.prisma.environment.findUniqueOrThrow({ where: { key: "Leetcode_70_I__SpellEnv" }, include: { currentRevision: { include: { configs: { orderBy: { position: "asc" } } } } } });
    expect(env.currentRevision!.configs.map((c) => [c.position, c.configString, c.trainingIndex])).toEqual([
      [0, 'SpellEnv@{"a":2,"b":3}', "s1"],
      [1, 'SpellEnv@{"a":10,"b":20}', "s2"],
      [2, 'SpellEnv@{"a":7,"b":7}', "s3"],
    ]);
    // Again: every row now finds its configuration and changes nothing.
    const again = await importPaths(path.join(dir, "s/training.jsonl"));
    expect(again.configurations).toEqual({ added: 0, updated: 0, unchanged: 3 });
  });

  it("records parse findings on the revision", async () => {
    const broken = { ...pairSumRecord("Leetcode_60_I", "BrokenEnv"), gym_env: "class BrokenEnv(gymnasium.Env:\n    pass\n" };
    await importPaths(write("e/records.jsonl", jsonl([broken])));
    const env = await bed.db.prisma.environment.findUniqueOrThrow({ where: { key: "Leetcode_60_I__BrokenEnv" }, include: { currentRevision: true } });
    expect(env.toolCount).toBe(0);
    expect(env.currentRevision!.findings).toEqual([expect.objectContaining({ kind: "syntax_error", line: 1 })]);
  });
});
