import { z } from "zod";

// Tag names are compared lower-case and may not hold commas: the filter model
// lists tags comma-separated in the URL (`?tag=hard,needs-work`).
export const tagNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "is required")
  .max(50, "must be at most 50 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:/+-]*$/u, "may hold letters, digits, spaces and _ . : / + -, starting with a letter or digit");

export const tagInputSchema = z.object({ name: tagNameSchema }).strict();
/** The tag in the URL may arrive still percent-encoded (a space as %20). */
export const tagParamsSchema = z.object({
  key: z.string().min(1),
  name: z
    .string()
    .transform((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .pipe(tagNameSchema),
});

export const MAX_NOTES_CHARS = 20_000;

export const notesInputSchema = z
  .object({
    notes: z.string().max(MAX_NOTES_CHARS, `must be at most ${MAX_NOTES_CHARS} characters`),
    /** The notes the editor started from; a save over someone else's newer notes is refused. */
    previous: z.string().max(MAX_NOTES_CHARS),
  })
  .strict();
