import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { formatConfigsText } from "./configs-text";

/** Every revision of an environment, newest first, with its latest run's outcome. */
export async function listRevisions({ db, key }: { db: DbClient; key: string }) {
  const env = await db.environment.findUnique({ where: { key }, select: { id: true, currentRevisionId: true } });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  const rows = await db.revision.findMany({
    where: { environmentId: env.id },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      parentId: true,
      message: true,
      createdAt: true,
      sourceSha256: true,
      author: { select: { username: true } },
      _count: { select: { configs: true, tools: true, decisions: true } },
      runs: { orderBy: { id: "desc" }, take: 1, select: { id: true, status: true, total: true, passed: true, finishedAt: true } },
    },
  });
  const numberOf = new Map(rows.map((r) => [r.id, r.number]));
  return rows.map(({ _count, runs, author, ...r }) => ({
    ...r,
    author: author?.username ?? null,
    parentNumber: r.parentId ? (numberOf.get(r.parentId) ?? null) : null,
    configCount: _count.configs,
    toolCount: _count.tools,
    decisionCount: _count.decisions,
    latestRun: runs[0] ?? null,
    current: r.id === env.currentRevisionId,
  }));
}

export type RevisionListRow = Awaited<ReturnType<typeof listRevisions>>[number];

/** One revision's editable content: what the editor loads and the diff compares. */
export async function getRevisionContent({ db, key, number }: { db: DbClient; key: string; number?: number }) {
  const env = await db.environment.findUnique({ where: { key }, select: { id: true, envName: true, currentRevisionId: true } });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  const revision = await db.revision.findFirst({
    where: number === undefined ? { id: env.currentRevisionId ?? -1 } : { environmentId: env.id, number },
    select: {
      id: true,
      number: true,
      parentId: true,
      sourceCode: true,
      taskDescription: true,
      className: true,
      message: true,
      createdAt: true,
      findings: true,
      author: { select: { username: true } },
      configs: { orderBy: { position: "asc" }, select: { configString: true } },
    },
  });
  if (!revision) throw new NotFoundError(number === undefined ? `${key} has no revision` : `${key} has no revision ${number}`);
  const { configs, author, ...rest } = revision;
  return {
    ...rest,
    environmentId: env.id,
    envName: env.envName,
    author: author?.username ?? null,
    configs: formatConfigsText(configs.map((c) => c.configString)),
    current: revision.id === env.currentRevisionId,
  };
}

export type RevisionContent = Awaited<ReturnType<typeof getRevisionContent>>;

/** The id behind an environment key, for the write paths that take a key in the URL. */
export async function environmentIdOf({ db, key }: { db: DbClient; key: string }): Promise<number> {
  const env = await db.environment.findUnique({ where: { key }, select: { id: true } });
  if (!env) throw new NotFoundError(`No environment ${key}`);
  return env.id;
}
