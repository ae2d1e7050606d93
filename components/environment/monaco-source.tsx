"use client";

import Editor, { loader, type OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";

// Monaco comes from our own origin: `npm run build` copies monaco-editor/min/vs
// to public/monaco/vs. Never a CDN (the app must work offline).
loader.config({ paths: { vs: "/monaco/vs" } });

type MonacoEditor = Parameters<OnMount>[0];

export interface Reveal {
  start: number;
  end: number;
  /** Changes on every request, so revealing the same lines again scrolls back to them. */
  token: number;
}

/** The source, read-only, with Python highlighting; `reveal` scrolls to and marks a line range. */
export default function MonacoSource({ code, reveal, onShortcut }: { code: string; reveal: Reveal | null; onShortcut?: (key: "solve") => void }) {
  const editorRef = useRef<MonacoEditor | null>(null);
  const decorations = useRef<ReturnType<MonacoEditor["createDecorationsCollection"]> | null>(null);

  const apply = (editor: MonacoEditor, r: Reveal | null) => {
    if (!r) return;
    const model = editor.getModel();
    const end = Math.min(r.end, model?.getLineCount() ?? r.end);
    editor.revealLinesInCenter(r.start, end);
    editor.setSelection({ startLineNumber: r.start, startColumn: 1, endLineNumber: r.start, endColumn: 1 });
    decorations.current?.set([{ range: { startLineNumber: r.start, startColumn: 1, endLineNumber: end, endColumn: 1 }, options: { isWholeLine: true, className: "reveal-line", linesDecorationsClassName: "reveal-gutter" } }]);
  };

  useEffect(() => {
    if (editorRef.current) apply(editorRef.current, reveal);
  }, [reveal]);

  return (
    <Editor
      height="560px"
      language="python"
      value={code}
      loading={<pre className="source-fallback">{code}</pre>}
      options={{
        readOnly: true,
        domReadOnly: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 13,
        automaticLayout: true,
        renderLineHighlight: "none",
        contextmenu: false,
      }}
      onMount={(editor, monaco) => {
        editorRef.current = editor;
        decorations.current = editor.createDecorationsCollection();
        // Inside the editor single keys are not shortcuts; Alt+S jumps to solve() there too.
        editor.addCommand(monaco.KeyMod.Alt | monaco.KeyCode.KeyS, () => onShortcut?.("solve"));
        apply(editor, reveal);
      }}
    />
  );
}
