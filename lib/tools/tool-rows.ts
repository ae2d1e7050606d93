import type { Prisma } from "@/lib/generated/prisma/client";
import type { ParsedTool } from "./parsed-source-schema";

/** Tool rows of a revision from the parser's output (importer and editor alike). */
export function toolRows(revisionId: number, tools: ParsedTool[]): Prisma.ToolCreateManyInput[] {
  return tools.map((t) => ({
    revisionId,
    position: t.position,
    name: t.name,
    actionCode: (t.actionCode ?? undefined) as Prisma.InputJsonValue | undefined,
    description: t.description,
    parameters: t.parameters as Prisma.InputJsonValue,
    returns: t.returns,
    exampleOutput: t.exampleOutput,
    signature: t.signature,
    lineStart: t.lineStart,
    lineEnd: t.lineEnd,
  }));
}
