import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_LOCK, executeExportJob, recoverInterruptedExports } from "./execute";
import { DEFAULT_INSTRUCTION_TEXT, getInstructionText, instructionTextSchema, setInstructionText } from "./instruction-text";
import { createExportJob, getExportJob, listExportEvents } from "./jobs";
import type { ExportWho } from "./manifest";
import { parseExportOptions } from "./options";
import { runExport } from "./run-export";
import { expectManifestFile, readJsonl, seededDatabase, type ExportFixture } from "./test-helpers";

let fx: ExportFixture;
const who: ExportWho = { userId: null, username: "tester", via: "cli" };

beforeAll(async () => {
  fx = await seededDatabase();
});
afterAll(async () => {
  await fx.close();
});

async function newJob(input: Parameters<typeof parseExportOptions>[0]) {
  const { options, filter } = parseExportOptions(input);
  return createExportJob({ options, filter, who }, fx.db.prisma);
}

describe("export jobs", () => {
  it("run to the end with progress, manifest and audit events on the row", async () => {
    const job = await newJob({ format: "verl-jsonl", includeUnapproved: true, filter: "subset=Codeforces" });
    expect(job.status).toBe("queued");
    const progress: number[] = [];
    const out = path.join(fx.dir, "job", "rows.jsonl");
    const manifest = await executeExportJob({ db: fx.db.prisma, url: fx.db.url, job, out, who, onProgress: (p) => progress.push(p.done) });
    const row = await getExportJob({ id: job.id }, fx.db.prisma);
    expect(row.status).toBe("succeeded");
    expect(row.filePath).toBe(out);
    expect(row.done).toBe(manifest.counts.items);
    expect(row.total).toBe(manifest.counts.items);
    expect(row.manifest?.exportId).toBe(job.id);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(manifest.counts.items);
    expect(readJsonl(out).length).toBe(manifest.counts.items);
    expect(row.manifest).toEqual(manifest);
    await expectManifestFile(fx, out, manifest, readJsonl(out).map((r) => (r.ability as string).split("@")[1]!));
    const events = await listExportEvents({ id: job.id }, fx.db.prisma);
    expect(events.map((e) => e.action)).toEqual(["export.create", "export.finish"]);
  });

  it("record a failure, leaving no file behind", async () => {
    const job = await newJob({ format: "records-jsonl", includeUnapproved: true });
    const blocker = path.join(fx.dir, "not-a-folder");
    fs.writeFileSync(blocker, "x");
    await expect(executeExportJob({ db: fx.db.prisma, url: fx.db.url, job, out: path.join(blocker, "r.jsonl"), who })).rejects.toThrow();
    const row = await getExportJob({ id: job.id }, fx.db.prisma);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/EEXIST|ENOTDIR/);
    expect((await listExportEvents({ id: job.id }, fx.db.prisma)).map((e) => e.action)).toEqual(["export.create", "export.fail"]);
  });

  it("leave neither a data file nor a partial one when stopped halfway", async () => {
    const { options, filter } = parseExportOptions({ format: "verl-jsonl", includeUnapproved: true, valFraction: 0.5 });
    const dir = path.join(fx.dir, "aborted");
    const stop = new AbortController();
    const run = runExport({
      url: fx.db.url, options, filter, out: path.join(dir, "rows.jsonl"), instructionText: DEFAULT_INSTRUCTION_TEXT, who,
      onProgress: (p) => { if (p.done > 0) stop.abort(new Error("stopped by the test")); },
      signal: stop.signal,
    });
    await expect(run).rejects.toThrow("stopped by the test");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("fail exports whose process is gone, and only those", async () => {
    const orphan = await newJob({ format: "sources", includeUnapproved: true });
    const live = await newJob({ format: "sources", includeUnapproved: true });
    await fx.db.prisma.exportJob.updateMany({ where: { id: { in: [orphan.id, live.id] } }, data: { status: "running" } });
    // Another process runs `live`: it holds the job's advisory lock.
    const other = new pg.Client({ connectionString: fx.db.url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1, $2)", [EXPORT_LOCK, live.id]);
      expect(await recoverInterruptedExports(fx.db.prisma, fx.db.url, new Set())).toBe(1);
      expect((await getExportJob({ id: orphan.id }, fx.db.prisma)).status).toBe("failed");
      expect((await getExportJob({ id: orphan.id }, fx.db.prisma)).error).toMatch(/interrupted/);
      expect((await getExportJob({ id: live.id }, fx.db.prisma)).status).toBe("running");
      // And a second runner of the same job is refused.
      await expect(executeExportJob({ db: fx.db.prisma, url: fx.db.url, job: live, out: path.join(fx.dir, "twice.tar.gz"), who })).rejects.toThrow(/already running/);
      expect((await getExportJob({ id: live.id }, fx.db.prisma)).status).toBe("running");
    } finally {
      await other.end();
    }
  });
});

describe("the instruction text setting", () => {
  it("defaults to the seed's text, saves with an audit event, and feeds the rows", async () => {
    expect(await getInstructionText(fx.db.prisma)).toMatchObject({ text: DEFAULT_INSTRUCTION_TEXT, isDefault: true });
    await setInstructionText({ text: "Answer with the tools.", userId: null }, fx.db.prisma);
    expect(await getInstructionText(fx.db.prisma)).toMatchObject({ text: "Answer with the tools.", isDefault: false });
    const event = await fx.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "setting.update", entityId: "export.instructionText" } });
    expect(event.before).toEqual({ value: DEFAULT_INSTRUCTION_TEXT });
    expect(event.after).toEqual({ value: "Answer with the tools." });
    const job = await newJob({ format: "verl-jsonl", includeUnapproved: true, filter: "q=twosum" });
    const out = path.join(fx.dir, "instr.jsonl");
    const manifest = await executeExportJob({ db: fx.db.prisma, url: fx.db.url, job, out, who });
    expect(manifest.instructionText).toBe("Answer with the tools.");
    for (const row of readJsonl(out)) expect((row.prompt as { content: string }[])[1]!.content.startsWith("Answer with the tools.\n\nQuestion:\n\n")).toBe(true);
    await setInstructionText({ text: DEFAULT_INSTRUCTION_TEXT, userId: null }, fx.db.prisma);
  });

  it("rejects an empty text and one holding the Question marker", () => {
    expect(instructionTextSchema.safeParse({ text: "  " }).success).toBe(false);
    expect(instructionTextSchema.safeParse({ text: "a\n\nQuestion:\n\nb" }).success).toBe(false);
  });
});
