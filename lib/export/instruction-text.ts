import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { DbClient } from "@/lib/db/client";

// The fixed instructions that open every training row's user message, before
// "\n\nQuestion:\n\n" and the task text. Ours, stored as a Setting so curators
// can change it in the export dialog (lib/settings holds the admin settings;
// this one is the export's, editable by curators); the default is the text of
// the sample environments' training rows (prisma/seed/training.jsonl; a test
// keeps them equal).

export const INSTRUCTION_TEXT_SETTING = "export.instructionText";
export const MAX_INSTRUCTION_TEXT = 20_000;

export const DEFAULT_INSTRUCTION_TEXT =
  "You are solving a problem inside an interactive environment. The functions described in the system message are the only way " +
  "to look at the problem instance and to act on it. In every turn, call exactly one function by replying with a single JSON " +
  'object of the form {"name": "<function name>", "parameters": {"<argument>": <value>, ...}} and nothing else; the environment ' +
  "replies with the function's output, and messages that start with \"Error:\" mean the call was rejected. Think about which call " +
  "brings you closer to the answer, keep track of what you have learned, and stay within the limited number of calls. When you " +
  "know the answer, submit it with the Done function: the episode ends there, with reward 1 for a correct answer and 0 otherwise.";

export const instructionTextSchema = z.object({
  text: z
    .string()
    .max(MAX_INSTRUCTION_TEXT)
    .refine((t) => t.trim().length > 0, "must not be empty")
    .refine((t) => !t.includes("\n\nQuestion:\n\n"), 'must not contain the "\\n\\nQuestion:\\n\\n" marker that separates it from the task'),
});

export interface InstructionText {
  text: string;
  isDefault: boolean;
  updatedAt: Date | null;
}

export async function getInstructionText(db: DbClient): Promise<InstructionText> {
  const row = await db.setting.findUnique({ where: { key: INSTRUCTION_TEXT_SETTING } });
  const stored = typeof row?.value === "string" ? row.value : null;
  return { text: stored ?? DEFAULT_INSTRUCTION_TEXT, isDefault: stored === null, updatedAt: row?.updatedAt ?? null };
}

/** Saves the text (audited with before and after); the default is restored by saving it. */
export async function setInstructionText({ text, userId }: { text: string; userId: number | null }, db: DbClient): Promise<InstructionText> {
  const before = await getInstructionText(db);
  const row = await db.setting.upsert({
    where: { key: INSTRUCTION_TEXT_SETTING },
    create: { key: INSTRUCTION_TEXT_SETTING, value: text },
    update: { value: text },
  });
  await recordAudit({ db, event: { action: "setting.update", userId, entityType: "setting", entityId: INSTRUCTION_TEXT_SETTING, before: { value: before.text }, after: { value: text } } });
  return { text, isDefault: false, updatedAt: row.updatedAt };
}
