import type { DbClient } from "@/lib/db/client";
import { refreshReviewState } from "@/lib/decisions/review-state";
import { SETTING_KEYS, setSetting, type SettingValues } from "./settings";

/**
 * Applies a settings form (only the keys given) and what follows from each
 * change: a new number of required approvals re-derives every review state.
 */
export async function updateSettings({ db, values, userId }: { db: DbClient; values: Partial<SettingValues>; userId: number }) {
  const changed: string[] = [];
  for (const key of SETTING_KEYS) {
    if (values[key] === undefined) continue;
    const { before, after } = await setSetting({ db, key, value: values[key], userId });
    if (before !== after) changed.push(key);
  }
  let reviewStatesChanged = 0;
  if (changed.includes("review.requiredApprovals")) reviewStatesChanged = (await refreshReviewState({ db, environmentIds: "all" })).size;
  return { changed, reviewStatesChanged };
}
