import crypto from "node:crypto";
import { canonicalOptions, configHash, parseConfigString } from "@/lib/codegym/config-string";
import { toolRows } from "@/lib/tools/tool-rows";
import { recordAudit } from "@/lib/audit/record";
import type { DbClient } from "@/lib/db/client";
import { refreshDerived } from "@/lib/environments/derived";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ParsedSource, ParseFinding } from "@/lib/tools/parsed-source-schema";
import { lockEnvironment } from "@/lib/decisions/decide";
import { refreshReviewState } from "@/lib/decisions/review-state";
import { formatConfigsText, parseConfigList, parseConfigsText } from "./configs-text";
import { parseWithSharedParser } from "./parser";

export interface CreateRevisionInput {
  db: DbClient;
  environmentId: number;
  /** The revision the edit started from; must still be the current one. */
  baseRevisionId: number;
  source: string;
  task: string;
  /** A list of config strings, or the editor's text (one a line or a JSON list). */
  configs: string[] | string;
  authorId: number | null;
  message?: string;
  /** revision.create (an edit) or revision.restore. */
  action?: "revision.create" | "revision.restore";
  /** For a restore: the revision whose content this is. */
  restoredFrom?: { id: number; number: number };
  parse?: (source: string) => Promise<ParsedSource>;
}

export interface CreatedRevision {
  id: number;
  number: number;
  changed: ("source" | "task" | "configs")[];
  findings: ParseFinding[];
}

/** What a 409 carries: the current revision, so the editor can show theirs beside yours. */
export interface RevisionConflict {
  current: { id: number; number: number; sourceCode: string; taskDescription: string; configs: string; message: string; author: string | null; createdAt: Date };
}

const RECORDED = ["refAnswer", "recordedSteps", "recordedTime", "recordedMem", "bo4Score", "bo8Score", "trainingIndex", "dataSource", "extraInfo"] as const;

/**
 * Saves an edit as a new revision (never an overwrite) and makes it current:
 * tools and docs block re-parsed from the source, configurations stored (a
 * configuration kept from the base revision keeps what the CodeGym files
 * recorded for it), status back to unverified, review back to pending, an
 * audit event. Refuses a save whose base is no longer current (409 with the
 * current revision), a source Python cannot parse, and bad configurations.
 * Opens its own transaction when given the client; pass a transaction to join one.
 */
export async function createRevision(input: CreateRevisionInput): Promise<CreatedRevision> {
  const parse = input.parse ?? parseWithSharedParser;
  // Parse before locking anything: it runs in another process and may take a moment.
  const parsed = await parse(input.source);
  const syntax = parsed.findings.find((f) => f.kind === "syntax_error" || f.kind === "source_too_large");
  if (syntax) {
    throw new ValidationError(`The source cannot be parsed${syntax.line ? ` (line ${syntax.line})` : ""}: ${syntax.message}`, [
      { field: "source", message: syntax.message, line: syntax.line },
    ]);
  }
  const configList = typeof input.configs === "string" ? parseConfigsText(input.configs, parsed.className) : parseConfigList(input.configs, parsed.className);
  if (configList.errors.length) {
    const shown = configList.errors.slice(0, 20);
    throw new ValidationError(`Invalid configurations: ${shown.map((e) => `line ${e.line}: ${e.message}`).join("; ")}`, shown.map((e) => ({ field: "configs", line: e.line, message: e.message })));
  }
  if (configList.configs.length === 0) throw new ValidationError("Give at least one configuration", [{ field: "configs", message: "is empty" }]);

  const run = async (db: DbClient) => {
    const env = await lockEnvironment(db, input.environmentId);
    const envRow = await db.environment.findUniqueOrThrow({ where: { id: env.id }, select: { envName: true } });
    if (!env.currentRevisionId) throw new NotFoundError(`${env.key} has no revision to edit`);
    const current = await db.revision.findUniqueOrThrow({
      where: { id: env.currentRevisionId },
      select: {
        id: true,
        number: true,
        sourceCode: true,
        taskDescription: true,
        message: true,
        createdAt: true,
        author: { select: { username: true } },
        configs: { orderBy: { position: "asc" } },
      },
    });
    if (current.id !== input.baseRevisionId) {
      const conflict: RevisionConflict = {
        current: {
          id: current.id,
          number: current.number,
          sourceCode: current.sourceCode,
          taskDescription: current.taskDescription,
          configs: formatConfigsText(current.configs.map((c) => c.configString)),
          message: current.message,
          author: current.author?.username ?? null,
          createdAt: current.createdAt,
        },
      };
      throw new ConflictError(
        `Revision ${current.number} was saved${current.author ? ` by ${current.author.username}` : ""} after you started editing; compare and save again on top of it`,
        conflict,
      );
    }
    const changed: CreatedRevision["changed"] = [];
    if (current.sourceCode !== input.source) changed.push("source");
    if (current.taskDescription !== input.task) changed.push("task");
    if (formatConfigsText(current.configs.map((c) => c.configString)) !== formatConfigsText(configList.configs)) changed.push("configs");
    if (changed.length === 0) throw new ValidationError(`Nothing changed since revision ${current.number}`, [{ field: "source", message: "is unchanged" }]);

    const [last] = await db.$queryRaw<{ max: number | null }[]>`SELECT max(number)::int AS max FROM "Revision" WHERE "environmentId" = ${env.id}`;
    const findings = [...parsed.findings];
    if (parsed.className && parsed.className !== envRow.envName) {
      findings.push({ kind: "class_name_mismatch", message: `the key names ${envRow.envName}, but the source defines ${parsed.className}`, line: null, tool: null });
    }
    const message = input.message?.trim() || (input.restoredFrom ? `restored revision ${input.restoredFrom.number}` : `edited ${changed.join(", ")}`);
    const revision = await db.revision.create({
      data: {
        environmentId: env.id,
        number: (last?.max ?? 0) + 1,
        parentId: current.id,
        sourceCode: input.source,
        sourceSha256: crypto.createHash("sha256").update(input.source).digest("hex"),
        taskDescription: input.task,
        docsBlock: parsed.docsBlock,
        className: parsed.className,
        findings: findings as Prisma.InputJsonValue,
        authorId: input.authorId,
        message,
      },
      select: { id: true, number: true },
    });
    await db.tool.createMany({ data: toolRows(revision.id, parsed.tools) });
    const known = await recordedByCanonical(db, [current.id, ...(input.restoredFrom ? [input.restoredFrom.id] : [])]);
    let kept = 0;
    await db.taskConfig.createMany({
      data: configList.configs.map((configString, position) => {
        const p = parseConfigString(configString);
        const options = p.ok ? p.options : {};
        const recorded = known.get(canonicalOptions(options));
        if (recorded) kept++;
        return { revisionId: revision.id, position, configString, configSha256: configHash(configString), options: options as Prisma.InputJsonValue, ...(recorded ?? {}) };
      }),
    });
    await db.environment.update({ where: { id: env.id }, data: { currentRevisionId: revision.id, status: "unverified" } });
    await refreshReviewState({ db, environmentIds: [env.id] });
    await refreshDerived(db, [env.id]);
    await recordAudit({
      db,
      event: {
        action: input.action ?? "revision.create",
        userId: input.authorId,
        environmentId: env.id,
        entityType: "revision",
        entityId: revision.id,
        before: { revisionId: current.id, number: current.number, status: env.status, reviewState: env.reviewState },
        after: { revisionId: revision.id, number: revision.number, status: "unverified", reviewState: "pending" },
        details: {
          message,
          changed,
          configs: configList.configs.length,
          configsKept: kept,
          findings: findings.map((f) => f.kind),
          ...(input.restoredFrom ? { restoredFrom: input.restoredFrom } : {}),
        },
      },
    });
    return { id: revision.id, number: revision.number, changed, findings };
  };
  const db = input.db as DbClient & { $transaction?: (fn: (tx: DbClient) => Promise<CreatedRevision>) => Promise<CreatedRevision> };
  return typeof db.$transaction === "function" ? db.$transaction((tx) => run(tx)) : run(input.db);
}

/** What the CodeGym files recorded per configuration (by options), from the given revisions, first one winning. */
async function recordedByCanonical(db: DbClient, revisionIds: number[]) {
  const rows = await db.taskConfig.findMany({ where: { revisionId: { in: revisionIds } } });
  const rank = new Map(revisionIds.map((id, i) => [id, i]));
  rows.sort((a, b) => (rank.get(a.revisionId) ?? 0) - (rank.get(b.revisionId) ?? 0));
  const out = new Map<string, Record<(typeof RECORDED)[number], unknown>>();
  for (const row of rows) {
    const key = canonicalOptions(row.options);
    if (out.has(key)) continue;
    out.set(key, Object.fromEntries(RECORDED.map((f) => [f, row[f] ?? undefined])) as Record<(typeof RECORDED)[number], unknown>);
  }
  return out as Map<string, Partial<Prisma.TaskConfigCreateManyInput>>;
}
