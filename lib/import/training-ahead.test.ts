import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssue } from "./contributions";
import { pairSumRecord, pairSumSource, pairSumTrainingRow } from "./fixtures/pair-sum-env";
import { runImport } from "./run-import";
import { importTestBed } from "./test-bed";

// Records and training rows of one run: the environments take their training rows in their one insert.
const bed = importTestBed("import-ahead-test");
const { parser, write, dir } = bed;
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const importPaths = (...paths: string[]) => runImport({ db: bed.db.prisma, paths, parse: (s) => parser.parse(s) });
const actions = async (key: string) => (await stored(key)).audit.map((a) => a.action);

/** Training rows of one environment: one per record configuration (with new scores), one more configuration. */
function trainingRows(codeId: string, className: string) {
  const row = (a: number, b: number, index: string, bo4: number, steps: number) => {
    const r = pairSumTrainingRow(codeId, a, b, index, className);
    return { ...r, extra_info: { ...r.extra_info, qwen32b_Bo4_score: bo4, solve_fc_round: steps, note: `row ${a}+${b}` } };
  };
  return [row(2, 3, `${codeId}-a`, 0.5, 12), row(10, 20, `${codeId}-b`, 0.25, 3), row(7, 7, `${codeId}-c`, 1, 40)];
}

async function stored(key: string) {
  const env = await bed.db.prisma.environment.findUniqueOrThrow({
    where: { key },
    include: { revisions: true, currentRevision: { include: { configs: { orderBy: { position: "asc" } } } } },
  });
  const configs = env.currentRevision!.configs.map((c) => ({
    position: c.position,
    options: c.options,
    refAnswer: c.refAnswer,
    recordedSteps: c.recordedSteps,
    recordedTime: c.recordedTime,
    bo4Score: c.bo4Score,
    bo8Score: c.bo8Score,
    dataSource: c.dataSource,
    extraInfo: c.extraInfo,
    trainingIndex: c.trainingIndex?.replace(/^[^-]+-/, ""),
  }));
  const figures = { configCount: env.configCount, stepsMin: env.stepsMin, stepsMedian: env.stepsMedian, stepsMax: env.stepsMax, difficulty: env.difficulty, inTrainingWindow: env.inTrainingWindow, status: env.status };
  const audit = await bed.db.prisma.auditEvent.findMany({ where: { environmentId: env.id }, orderBy: { id: "asc" } });
  return { revisions: env.revisions.length, configs, figures, audit, task: env.currentRevision!.taskDescription };
}

describe("training rows read ahead of the environments of the same run", () => {
  it("are merged into the environment's one insert and store what a second run would", async () => {
    // The reference: records in one run, their training rows in the next.
    await importPaths(write("two/records.jsonl", jsonl([pairSumRecord("Leetcode_10_I", "TwoPassEnv")])));
    const second = await importPaths(write("two/training.jsonl", jsonl(trainingRows("Leetcode_10_I", "TwoPassEnv"))));
    expect(second.configurations).toEqual({ added: 1, updated: 2, unchanged: 0 });

    const training = jsonl([...trainingRows("Leetcode_11_I", "OnePassEnv"), pairSumTrainingRow("Leetcode_98_I", 1, 1, "x", "NowhereEnv")]);
    const duplicate = JSON.stringify(trainingRows("Leetcode_11_I", "OnePassEnv")[0]);
    const trainingFile = write("one/training.jsonl", training + "{oops\n" + duplicate + "\n");
    const recordsFile = write("one/records.jsonl", jsonl([pairSumRecord("Leetcode_11_I", "OnePassEnv")]));
    const summary = await importPaths(path.join(dir, "one"));

    expect(summary.issues.map(formatIssue)).toEqual([
      expect.stringMatching(new RegExp(`^${trainingFile}: line 5: malformed JSON`)),
      `${trainingFile}: line 6: field ability: duplicate configuration OnePassEnv@{"a":2,"b":3} of Leetcode_11_I__OnePassEnv (first at line 1)`,
      `${trainingFile}: line 4: field ability: no environment Leetcode_98_I__NowhereEnv is stored: import its records or source file first (further rows of this key are skipped silently)`,
    ]);
    expect(summary.environments).toEqual({ new: 1, changed: 0, unchanged: 0 });
    // The record's two configurations and the training row's new one are added, already holding the training data.
    expect(summary.configurations).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(summary.itemsRead).toBe(7);

    const one = await stored("Leetcode_11_I__OnePassEnv");
    const two = await stored("Leetcode_10_I__TwoPassEnv");
    expect(one.configs).toEqual(two.configs);
    expect(one.figures).toEqual(two.figures);
    expect(one.figures).toMatchObject({ configCount: 3, stepsMedian: 12, difficulty: (0.5 + 0.25 + 1) / 3 });
    expect(one.revisions).toBe(1);
    expect(one.audit.map((a) => [a.action, a.after])).toEqual([["import.create", expect.objectContaining({ number: 1, configs: 3 })]]);
    expect(one.audit[0]!.details).toEqual({ origin: { file: recordsFile, line: 1 } });
    expect(two.audit.map((a) => a.action)).toEqual(["import.create", "import.configs"]);
  });

  it("change nothing, and say so, when the same run is imported again", async () => {
    const eventsBefore = await bed.db.prisma.auditEvent.count();
    const summary = await importPaths(path.join(dir, "one"));
    expect(summary.environments).toEqual({ new: 0, changed: 0, unchanged: 1 });
    // As many unchanged as training rows that found their configuration, as a second run would count them.
    expect(summary.configurations).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(summary.sourcesParsed).toBe(0);
    expect((await stored("Leetcode_11_I__OnePassEnv")).revisions).toBe(1);
    // Only the run's own event.
    expect(await bed.db.prisma.auditEvent.count()).toBe(eventsBefore + 1);
  });

  it("update a stored configuration a changed training row corrects, beside unchanged records", async () => {
    const rows = trainingRows("Leetcode_11_I", "OnePassEnv");
    rows[1] = { ...rows[1]!, extra_info: { ...rows[1]!.extra_info, qwen32b_Bo4_score: 0.75 } };
    write("one/training.jsonl", jsonl(rows));
    const summary = await importPaths(path.join(dir, "one"));
    expect(summary.environments).toEqual({ new: 0, changed: 1, unchanged: 0 });
    expect(summary.configurations).toEqual({ added: 0, updated: 1, unchanged: 2 });
    const one = await stored("Leetcode_11_I__OnePassEnv");
    expect(one.configs.map((c) => c.bo4Score)).toEqual([0.5, 0.75, 1]);
    expect(one.figures.difficulty).toBeCloseTo((0.5 + 0.75 + 1) / 3);
    expect(one.revisions).toBe(1);
  });

  it("leave a bare source's training rows to the second pass, which fills in its task text", async () => {
    write("bare/sources/Leetcode_12_I__BareEnv.py", pairSumSource("BareEnv"));
    write("bare/training.jsonl", jsonl(trainingRows("Leetcode_12_I", "BareEnv")));
    const summary = await importPaths(path.join(dir, "bare"));
    expect(summary.issues).toEqual([]);
    expect(summary.configurations).toEqual({ added: 3, updated: 0, unchanged: 0 });
    const bare = await stored("Leetcode_12_I__BareEnv");
    expect(bare.task).toBe("\nAdd the two hidden numbers and submit their sum.");
    expect(bare.configs.map((c) => c.trainingIndex)).toEqual(["a", "b", "c"]);
    expect(bare.audit.map((a) => a.action)).toEqual(["import.create", "import.configs"]);
  });

  it("leave the rows past their memory bound to the second pass, which stores the same", async () => {
    const envs = ["Leetcode_20_I", "Leetcode_21_I", "Leetcode_22_I"];
    write("bound/records.jsonl", jsonl(envs.map((id) => pairSumRecord(id, "BoundEnv"))));
    write("bound/training.jsonl", jsonl(envs.flatMap((id) => trainingRows(id, "BoundEnv"))));
    // One byte: the first key's block fills it; the row that closed that block, the second key's first,
    // is the last one read ahead, so that key takes one row in its insert and two in the second pass.
    const summary = await runImport({ db: bed.db.prisma, paths: [path.join(dir, "bound")], parse: (s) => parser.parse(s), trainingAheadBytes: 1 });
    expect(summary.issues).toEqual([]);
    expect(summary.itemsRead).toBe(12);
    expect(summary.environments).toEqual({ new: 3, changed: 0, unchanged: 0 });
    expect(await actions("Leetcode_20_I__BoundEnv")).toEqual(["import.create"]);
    expect(await actions("Leetcode_21_I__BoundEnv")).toEqual(["import.create", "import.configs"]);
    expect(await actions("Leetcode_22_I__BoundEnv")).toEqual(["import.create", "import.configs"]);
    const [a, b, c] = await Promise.all(envs.map((id) => stored(`${id}__BoundEnv`)));
    expect(c!.configs).toEqual(a!.configs);
    expect(b!.configs).toEqual(a!.configs);
    expect(c!.figures).toEqual(a!.figures);
  });
});
