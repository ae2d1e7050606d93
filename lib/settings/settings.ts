import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { DbClient } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// App-wide settings in the Setting table: each key has its schema and default
// here, so a missing or corrupt row reads as the default and a write is checked.

export const SETTINGS = {
  /** Approvals from different curators a revision needs before it counts as approved. */
  "review.requiredApprovals": { schema: z.union([z.literal(1), z.literal(2)]), default: 1 as 1 | 2, label: "Approvals needed (second review)" },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;
export type SettingValues = { [K in SettingKey]: SettingValue<K> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export const settingsUpdateSchema = z
  .object(Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].schema.optional()])) as { [K in SettingKey]: z.ZodOptional<(typeof SETTINGS)[K]["schema"]> })
  .strict();

export async function getSetting<K extends SettingKey>({ db, key }: { db: DbClient; key: K }): Promise<SettingValue<K>> {
  const row = await db.setting.findUnique({ where: { key } });
  const parsed = SETTINGS[key].schema.safeParse(row?.value);
  return (parsed.success ? parsed.data : SETTINGS[key].default) as SettingValue<K>;
}

export async function getSettings({ db }: { db: DbClient }): Promise<SettingValues> {
  const rows = await db.setting.findMany({ where: { key: { in: SETTING_KEYS } } });
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return Object.fromEntries(
    SETTING_KEYS.map((k) => {
      const parsed = SETTINGS[k].schema.safeParse(byKey.get(k));
      return [k, parsed.success ? parsed.data : SETTINGS[k].default];
    }),
  ) as SettingValues;
}

/** Stores a value and records the change; returns the value it replaced. */
export async function setSetting<K extends SettingKey>({
  db,
  key,
  value,
  userId,
}: {
  db: DbClient;
  key: K;
  value: unknown;
  userId: number | null;
}): Promise<{ before: SettingValue<K>; after: SettingValue<K> }> {
  const def = SETTINGS[key];
  if (!def) throw new NotFoundError(`No setting ${key}`);
  const parsed = def.schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`Invalid value for ${key}`, [{ field: key, message: parsed.error.issues[0]?.message ?? "invalid" }]);
  const before = await getSetting({ db, key });
  const after = parsed.data as SettingValue<K>;
  if (before === after) return { before, after };
  await db.setting.upsert({ where: { key }, create: { key, value: after as Prisma.InputJsonValue }, update: { value: after as Prisma.InputJsonValue } });
  await recordAudit({ db, event: { action: "setting.update", userId, entityType: "setting", entityId: key, before: { value: before }, after: { value: after } } });
  return { before, after };
}
