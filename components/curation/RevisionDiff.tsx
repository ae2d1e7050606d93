"use client";

import dynamic from "next/dynamic";

// Monaco touches `window`, so it is only ever loaded in the browser.
const RevisionDiffEditor = dynamic(() => import("./RevisionDiffEditor"), {
  ssr: false,
  loading: () => <p className="muted editor-loading">Loading the diff…</p>,
});

export interface RevisionDiffProps {
  original: string;
  modified: string;
  /** Captions over the left and right side. */
  originalLabel: string;
  modifiedLabel: string;
  height?: string;
  language?: string;
  testId?: string;
}

/** A Monaco diff of two texts with a caption over each side. */
export function RevisionDiff({ original, modified, originalLabel, modifiedLabel, height, language, testId = "revision-diff" }: RevisionDiffProps) {
  const same = original === modified;
  return (
    <div data-testid={testId} data-identical={same ? "true" : "false"}>
      <div className="spread" style={{ fontSize: 12.5 }}>
        <span className="muted" data-testid={`${testId}-a`}>
          {originalLabel}
        </span>
        {same && <span className="muted">identical</span>}
        <span className="muted" data-testid={`${testId}-b`}>
          {modifiedLabel}
        </span>
      </div>
      <div className="editor-frame">
        <RevisionDiffEditor original={original} modified={modified} height={height} language={language} />
      </div>
    </div>
  );
}
