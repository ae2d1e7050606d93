import type { DbClient } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { createRevision, type CreatedRevision } from "./create-revision";
import { getRevisionContent } from "./queries";

/**
 * Restores an old revision's content as a NEW revision whose parent is the
 * current one (history is never rewound), with the same conflict check as a save.
 */
export async function restoreRevision({
  db,
  key,
  number,
  baseRevisionId,
  authorId,
  message,
}: {
  db: DbClient;
  key: string;
  number: number;
  baseRevisionId: number;
  authorId: number | null;
  message?: string;
}): Promise<CreatedRevision> {
  const old = await getRevisionContent({ db, key, number });
  if (old.current) throw new ValidationError(`Revision ${number} is already the current one`, [{ field: "number", message: "is current" }]);
  return createRevision({
    db,
    environmentId: old.environmentId,
    baseRevisionId,
    source: old.sourceCode,
    task: old.taskDescription,
    configs: old.configs,
    authorId,
    message: message || `restored revision ${number}`,
    action: "revision.restore",
    restoredFrom: { id: old.id, number: old.number },
  });
}
