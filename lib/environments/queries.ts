import "server-only";
import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export const environmentListSelect = {
  id: true,
  key: true,
  codeId: true,
  envName: true,
  subset: true,
  status: true,
  reviewState: true,
  toolCount: true,
  configCount: true,
  passCount: true,
  stepsMedian: true,
  stepsMax: true,
  difficulty: true,
  lastVerifiedAt: true,
} satisfies Prisma.EnvironmentSelect;

export type EnvironmentListRow = Prisma.EnvironmentGetPayload<{ select: typeof environmentListSelect }>;

export async function listEnvironments(db: DbClient, { page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {}) {
  const [rows, total] = await Promise.all([
    db.environment.findMany({ select: environmentListSelect, orderBy: { key: "asc" }, skip: (page - 1) * pageSize, take: pageSize }),
    db.environment.count(),
  ]);
  return { rows, total };
}

export const environmentDetailSelect = {
  ...environmentListSelect,
  originalProblem: true,
  notes: true,
  currentRevision: {
    select: {
      id: true,
      number: true,
      sourceCode: true,
      taskDescription: true,
      docsBlock: true,
      className: true,
      findings: true,
      createdAt: true,
      tools: { orderBy: { position: "asc" } },
      configs: { orderBy: { position: "asc" } },
    },
  },
} satisfies Prisma.EnvironmentSelect;

export type EnvironmentDetail = Prisma.EnvironmentGetPayload<{ select: typeof environmentDetailSelect }>;

export function getEnvironment(db: DbClient, key: string) {
  return db.environment.findUnique({ where: { key }, select: environmentDetailSelect });
}
