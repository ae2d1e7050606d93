import { z } from "zod";

// The payloads of CodeGym's artifact files (see shared/CODEGYM_FORMAT.md). The
// importer parses with them and the exporter's output is checked against them.

const nullableNumber = z.number().nullable().optional();

export const unitTestSchema = z.object({
  unit_test: z.string().min(1),
  ref_answer: z.unknown().optional(),
  solve_fc_round: z.number().int().nonnegative().nullable().optional(),
  time: nullableNumber,
  mem: nullableNumber,
});

export const envRecordSchema = z.object({
  code_id: z.string().min(1),
  env_name: z.string().regex(/^[A-Za-z]+$/, "must be alphabetic (CodeGym class names are)"),
  gym_env: z.string().min(1),
  gym_task: z.string(),
  docstring: z.string().optional(),
  unit_test_list: z.array(unitTestSchema),
});

export type EnvRecord = z.infer<typeof envRecordSchema>;
export type UnitTest = z.infer<typeof unitTestSchema>;

const chatMessageSchema = z.object({ role: z.string(), name: z.string().optional(), content: z.string() });

export const trainingExtraInfoSchema = z
  .object({
    index: z.union([z.string(), z.number()]).transform(String),
    solve_fc_round: z.number().int().nonnegative().nullable().optional(),
    qwen32b_Bo4_score: nullableNumber,
    qwen32b_Bo8_score: nullableNumber,
  })
  .passthrough();

export const trainingRowSchema = z.object({
  data_source: z.string(),
  ability: z.string(),
  code_id: z.string(),
  prompt: z.array(chatMessageSchema).min(2),
  reward_model: z.object({ style: z.string(), ground_truth: z.unknown() }),
  answer: z.string(),
  plugin_call_max_round: z.number().int().positive(),
  extra_info: trainingExtraInfoSchema,
});

export type TrainingRow = z.infer<typeof trainingRowSchema>;

export const TRAINING_ROW_KEYS = [
  "data_source",
  "ability",
  "code_id",
  "prompt",
  "reward_model",
  "answer",
  "plugin_call_max_round",
  "extra_info",
] as const;

export const QUESTION_MARKER = "\n\nQuestion:\n\n";

/** The task text from a training row's user message (everything after the Question marker). */
export function taskFromPrompt(userContent: string): string | null {
  const at = userContent.indexOf(QUESTION_MARKER);
  return at < 0 ? null : userContent.slice(at + QUESTION_MARKER.length);
}
