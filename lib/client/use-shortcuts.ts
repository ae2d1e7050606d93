"use client";

import { useEffect, useRef } from "react";

/** True when a key press belongs to a text field (or the code editor), not to page shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest(".monaco-editor")) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
}

/**
 * Page-wide single-key shortcuts (`j`, `ArrowDown`, …), ignored while the user
 * types in a field or holds a modifier, so they never steal text input.
 * A handler returning false lets the key through (no preventDefault).
 */
export function useShortcuts(handlers: Record<string, (event: KeyboardEvent) => boolean | void>, enabled = true) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target)) return;
      const handler = ref.current[event.key];
      if (handler && handler(event) !== false) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
