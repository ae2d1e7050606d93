import { z } from "zod";

// The environment page's own URL parameters: which tab, configuration, tool and run,
// so any view of it can be shared (e.g. ?tab=replay&config=3).

export const ENVIRONMENT_TABS = ["tools", "task", "configs", "replay", "history", "review"] as const;
export type EnvironmentTab = (typeof ENVIRONMENT_TABS)[number];

export const environmentViewSchema = z.object({
  tab: z.enum(ENVIRONMENT_TABS).default("tools"),
  /** A configuration's position (0-based, as CodeGym's extra_info.index numbers them). */
  config: z.coerce.number().int().min(0).max(1_000_000).optional(),
  tool: z.string().min(1).max(200).optional(),
  run: z.coerce.number().int().positive().optional(),
});

export type EnvironmentView = z.infer<typeof environmentViewSchema>;

export function viewHref(key: string, view: Partial<EnvironmentView>): string {
  const params = new URLSearchParams();
  if (view.tab && view.tab !== "tools") params.set("tab", view.tab);
  if (view.config !== undefined) params.set("config", String(view.config));
  if (view.tool) params.set("tool", view.tool);
  if (view.run !== undefined) params.set("run", String(view.run));
  const qs = params.toString();
  return `/environments/${encodeURIComponent(key)}${qs ? `?${qs}` : ""}`;
}
