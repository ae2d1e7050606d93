"use client";

import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ValidationError } from "@/lib/errors";
import { ENV_STATUSES, FAILURE_KINDS, REVIEW_STATES, filterToQuery, isFilterKey, parseFilter, type EnvironmentFilter } from "@/lib/filters/schema";
import { MultiSelect, type Choice } from "./multi-select";
import { NavigationLink, useNavigation } from "./navigation";

export interface FilterChoicesView {
  subsets: { name: string; n: number }[];
  tags: { name: string; n: number }[];
}

/** The text and number fields, applied together (Enter or Apply); lists and the window apply on change. */
const TEXT_FIELDS = ["q", "tool"] as const;
const RANGES: { label: string; min: string; max: string; step?: string; hint: string }[] = [
  { label: "Tools", min: "tools_min", max: "tools_max", hint: "tools per environment" },
  { label: "Configs", min: "configs_min", max: "configs_max", hint: "configurations per environment" },
  { label: "Median steps", min: "steps_min", max: "steps_max", hint: "median over the environment's configurations" },
  { label: "A config's steps", min: "config_steps_min", max: "config_steps_max", hint: "at least one configuration's oracle steps in range" },
  { label: "Pass rate", min: "pass_min", max: "pass_max", step: "0.05", hint: "0 to 1" },
  { label: "Difficulty", min: "difficulty_min", max: "difficulty_max", step: "0.05", hint: "mean Best-of-4 score, 0 to 1" },
];
const DRAFT_KEYS = [...TEXT_FIELDS, ...RANGES.flatMap((r) => [r.min, r.max])];

/** The filter's parameters only (a list query's sort and page are not filters). */
function toValues(filter: EnvironmentFilter): Record<string, string> {
  return Object.fromEntries([...new URLSearchParams(filterToQuery(filter))].filter(([k]) => isFilterKey(k)));
}

/**
 * The filter model as form controls. Every change becomes a new URL (page reset
 * to 1, sort kept), so the list and the charts follow it and it can be shared.
 */
export function FilterBar({ basePath, filter, keep = {}, choices }: { basePath: string; filter: EnvironmentFilter; keep?: Record<string, string>; choices: FilterChoicesView }) {
  const { navigate, pending } = useNavigation();
  const current = useMemo(() => toValues(filter), [filter]);
  const currentKey = JSON.stringify(current);
  const [draft, setDraft] = useState(current);
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    setDraft(current);
    setProblems({});
    // Reset the fields when the URL (not the draft) changes.
  }, [currentKey]);

  const go = (values: Record<string, string>) => {
    const record = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
    try {
      parseFilter(record);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const details = (error.details ?? []) as { field: string; message: string }[];
      setProblems(Object.fromEntries(details.map((d) => [d.field.split(".")[0]!, d.message])));
      return;
    }
    setProblems({});
    const qs = filterToQuery({ ...record, ...keep } as never);
    navigate(`${basePath}${qs ? `?${qs}` : ""}`);
  };
  const setList = (key: string, values: string[]) => go({ ...draft, [key]: values.join(",") });
  const listOf = (key: string) => (current[key] ? current[key]!.split(",") : []);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  const dirty = DRAFT_KEYS.some((k) => (draft[k] ?? "") !== (current[k] ?? ""));
  const active = Object.keys(current).length;
  const asChoices = (values: readonly string[]): Choice[] => values.map((v) => ({ value: v, label: v.replaceAll("_", " ") }));
  const field = (key: string) => ({
    id: `filter-${key}`,
    name: key,
    value: draft[key] ?? "",
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
    "aria-invalid": problems[key] ? true : undefined,
    "aria-describedby": problems[key] ? `filter-${key}-problem` : undefined,
  });

  return (
    <form className="filter-bar panel" role="search" aria-label="Filter environments" onSubmit={onSubmit} data-testid="filter-bar">
      <div className="filter-row">
        <label className="filter-search">
          <span className="sr-only">Search key, code_id or task text</span>
          <input type="search" placeholder="Search key, code_id or task text (3+ characters)" {...field("q")} />
        </label>
        <MultiSelect label="Subset" name="subset" choices={choices.subsets.map((s) => ({ value: s.name, count: s.n }))} selected={listOf("subset")} onChange={(v) => setList("subset", v)} />
        <MultiSelect label="Status" name="status" choices={asChoices(ENV_STATUSES)} selected={listOf("status")} onChange={(v) => setList("status", v)} />
        <MultiSelect label="Review" name="review" choices={asChoices(REVIEW_STATES)} selected={listOf("review")} onChange={(v) => setList("review", v)} />
        <MultiSelect label="Failure" name="failure" choices={asChoices(FAILURE_KINDS)} selected={listOf("failure")} onChange={(v) => setList("failure", v)} />
        <MultiSelect label="Tags" name="tag" choices={choices.tags.map((t) => ({ value: t.name, count: t.n }))} selected={listOf("tag")} onChange={(v) => setList("tag", v)} />
        <label className="filter-inline">
          Tool name
          <input type="text" placeholder="e.g. Observe" size={10} {...field("tool")} />
        </label>
        <label className="filter-inline">
          Training window
          <select name="window" value={current.window ?? ""} onChange={(e) => go({ ...draft, window: e.target.value })} data-testid="filter-window">
            <option value="">any</option>
            <option value="in">inside [10, 256]</option>
            <option value="out">outside</option>
          </select>
        </label>

        {RANGES.map((r) => (
          <fieldset key={r.min} className="range" title={r.hint}>
            <legend>{r.label}</legend>
            <input type="number" min={0} step={r.step ?? 1} placeholder="min" aria-label={`${r.label} at least`} {...field(r.min)} />
            <span aria-hidden>–</span>
            <input type="number" min={0} step={r.step ?? 1} placeholder="max" aria-label={`${r.label} at most`} {...field(r.max)} />
          </fieldset>
        ))}
        <div className="filter-actions">
          <button type="submit" className={`btn ${dirty ? "btn-primary" : ""}`} data-testid="filter-apply">
            Apply
          </button>
          {active > 0 && (
            <NavigationLink href={`${basePath}${filterToQuery(keep as never) ? `?${filterToQuery(keep as never)}` : ""}`} className="btn" data-testid="filter-clear">
              Clear {active} filter{active === 1 ? "" : "s"}
            </NavigationLink>
          )}
          <span className="filter-status" aria-live="polite">
            {pending ? "Updating…" : ""}
          </span>
        </div>
      </div>
      {Object.keys(problems).length > 0 && (
        <ul className="filter-problems" role="alert">
          {Object.entries(problems).map(([key, message]) => (
            <li key={key} id={`filter-${key}-problem`}>
              <code>{key}</code>: {message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
