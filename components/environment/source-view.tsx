"use client";

import dynamic from "next/dynamic";
import type { Reveal } from "./monaco-source";

// Monaco touches `window`, so it is only ever loaded in the browser.
const MonacoSource = dynamic(() => import("./monaco-source"), {
  ssr: false,
  loading: () => <p className="muted editor-loading">Loading the editor…</p>,
});

export type { Reveal };

export function SourceView({ code, reveal, onShortcut }: { code: string; reveal: Reveal | null; onShortcut?: (key: "solve") => void }) {
  return (
    <div className="editor-frame" data-testid="source-editor" data-revealed={reveal ? `${reveal.start}-${reveal.end}` : undefined}>
      <MonacoSource code={code} reveal={reveal} onShortcut={onShortcut} />
    </div>
  );
}
