"use client";

import { useEffect, useRef, useState } from "react";

export interface Choice {
  value: string;
  label?: string;
  /** Shown after the label, e.g. how many environments have it. */
  count?: number;
}

/** A dropdown of checkboxes (a native <details>): every change applies at once. */
export function MultiSelect({ label, name, choices, selected, onChange }: { label: string; name: string; choices: Choice[]; selected: string[]; onChange: (values: string[]) => void }) {
  const ref = useRef<HTMLDetailsElement>(null);
  // Ticks show at once; the URL (and so `selected`) follows when the navigation lands.
  const [shown, setShown] = useState(selected);
  const selectedKey = selected.join(",");
  useEffect(() => setShown(selected), [selectedKey]);
  useEffect(() => {
    const close = (e: Event) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, []);
  const summary = shown.length === 0 ? "any" : shown.length <= 2 ? shown.join(", ") : `${shown.length} selected`;
  const set = (values: string[]) => {
    setShown(values);
    onChange(values);
  };
  const toggle = (value: string, on: boolean) => set(on ? [...shown, value] : shown.filter((v) => v !== value));
  return (
    <details
      ref={ref}
      className={`multi ${shown.length ? "active" : ""}`}
      data-testid={`filter-${name}`}
      onKeyDown={(e) => {
        if (e.key === "Escape" && ref.current?.open) {
          ref.current.open = false;
          ref.current.querySelector("summary")?.focus();
        }
      }}
    >
      <summary>
        <span className="multi-label">{label}:</span> {summary}
      </summary>
      <div className="multi-menu" role="group" aria-label={label}>
        {choices.length === 0 && <p className="muted">none yet</p>}
        {choices.map((c) => (
          <label key={c.value} className="check">
            <input type="checkbox" name={name} value={c.value} checked={shown.includes(c.value)} onChange={(e) => toggle(c.value, e.target.checked)} />
            <span>{c.label ?? c.value}</span>
            {c.count !== undefined && <span className="muted">{c.count}</span>}
          </label>
        ))}
        {shown.length > 0 && (
          <button type="button" className="link" onClick={() => set([])}>
            clear
          </button>
        )}
      </div>
    </details>
  );
}
