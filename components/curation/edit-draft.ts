// Shapes shared by the edit page, the editor and the conflict view.

/** The editable content of one revision, as the edit page and a 409 hand it over. */
export interface EditableRevision {
  id: number;
  number: number;
  sourceCode: string;
  taskDescription: string;
  /** The editor's text of the configurations (one a line, or a JSON list). */
  configs: string;
  author: string | null;
  /** ISO date. */
  createdAt: string;
  message: string;
}

export interface EditDraft {
  sourceCode: string;
  taskDescription: string;
  configs: string;
}

export const DRAFT_FIELDS = ["sourceCode", "taskDescription", "configs"] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

export const FIELD_LABELS: Record<DraftField, string> = { sourceCode: "Source", taskDescription: "Task description", configs: "Configurations" };

/**
 * "Keep mine" after a conflict: each field I changed since my base keeps my text,
 * each field I left alone takes theirs, so saving on top of theirs undoes nothing of theirs I never touched.
 */
export function mergeOnTop(base: EditDraft, mine: EditDraft, theirs: EditDraft): EditDraft {
  const out = { ...mine };
  for (const f of DRAFT_FIELDS) out[f] = mine[f] === base[f] ? theirs[f] : mine[f];
  return out;
}

export const draftOf = (r: EditDraft): EditDraft => ({ sourceCode: r.sourceCode, taskDescription: r.taskDescription, configs: r.configs });

/** The current revision a 409 from POST /revisions carries, when it carries one. */
export function conflictRevision(errors: unknown): EditableRevision | null {
  const current = (errors as { current?: Partial<EditableRevision> & { createdAt?: string | Date } } | null | undefined)?.current;
  if (!current || typeof current.id !== "number" || typeof current.sourceCode !== "string") return null;
  return {
    id: current.id,
    number: current.number ?? 0,
    sourceCode: current.sourceCode,
    taskDescription: current.taskDescription ?? "",
    configs: current.configs ?? "",
    author: current.author ?? null,
    createdAt: current.createdAt ? String(current.createdAt) : "",
    message: current.message ?? "",
  };
}
