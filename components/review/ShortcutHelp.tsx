"use client";

import { useEffect, useRef } from "react";
import styles from "@/components/curation/curation.module.css";
import { QUEUE_SHORTCUTS } from "./shortcuts";
import own from "./review.module.css";

/** The `?` overlay: every shortcut and what it does. Escape, the button or a click outside closes it. */
export function ShortcutHelp({ canCurate, onClose }: { canCurate: boolean; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Focus moves into the dialog and back where it was when it closes.
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className={styles.overlay} onClick={onClose} data-testid="shortcut-help-backdrop">
      <div className={styles.dialog} role="dialog" aria-modal="true" aria-labelledby="shortcut-help-title" onClick={(e) => e.stopPropagation()} data-testid="shortcut-help">
        <div className={styles.spread}>
          <h2 id="shortcut-help-title">Review queue shortcuts</h2>
          <button ref={closeRef} type="button" className={styles.button} onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <dl className={`${styles.shortcuts} ${own.helpList}`}>
          {QUEUE_SHORTCUTS.map((s) => (
            <div key={s.label} className={own.helpRow}>
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </dt>
              <dd>
                {s.help}
                {s.curator && !canCurate && <span className={own.needsRole}> · needs the curator role</span>}
              </dd>
            </div>
          ))}
        </dl>
        <p className="hint">Shortcuts are off while you type in a field or the editor.</p>
      </div>
    </div>
  );
}
