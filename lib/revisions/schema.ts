import { z } from "zod";

export const MAX_SOURCE_CHARS = 2_000_000;
export const MAX_TASK_CHARS = 200_000;
export const MAX_CONFIGS_CHARS = 5_000_000;

/** A save from the editor: the whole new content and the revision it started from. */
export const saveRevisionSchema = z
  .object({
    baseRevisionId: z.number().int().positive(),
    source: z.string().min(1, "is required").max(MAX_SOURCE_CHARS),
    task: z.string().max(MAX_TASK_CHARS),
    /** One config string per line, or a JSON list (see configs-text.ts); or already a list of strings. */
    configs: z.union([z.string().max(MAX_CONFIGS_CHARS), z.array(z.string().max(100_000)).max(10_000)]),
    message: z.string().trim().max(500).default(""),
  })
  .strict();

export type SaveRevisionInput = z.infer<typeof saveRevisionSchema>;

export const restoreRevisionSchema = z
  .object({
    /** The current revision the user saw; restoring over a newer one is refused like a save. */
    baseRevisionId: z.number().int().positive(),
    message: z.string().trim().max(500).default(""),
  })
  .strict();

export const revisionParamsSchema = z.object({ key: z.string().min(1), number: z.coerce.number().int().positive() });
export const environmentParamsSchema = z.object({ key: z.string().min(1) });

export const syntaxCheckSchema = z.object({ code: z.string().max(MAX_SOURCE_CHARS) }).strict();
