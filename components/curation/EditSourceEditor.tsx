"use client";

import Editor, { loader, type OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";

// Monaco comes from our own origin (public/monaco/vs, copied at build), never a CDN.
loader.config({ paths: { vs: "/monaco/vs" } });

type MonacoEditor = Parameters<OnMount>[0];
type Monaco = Parameters<OnMount>[1];

/** A syntax error at a 1-based line and column (column null: the whole line). */
export interface SyntaxMarker {
  line: number;
  column: number | null;
  message: string;
}

export const MARKER_OWNER = "syntax-check";

/** The marker's range on a model with `lineCount` lines, `maxColumnOf(line)` being the column after its last character. */
export function markerRange(m: SyntaxMarker, lineCount: number, maxColumnOf: (line: number) => number) {
  const line = Math.min(Math.max(1, m.line), Math.max(1, lineCount));
  const max = maxColumnOf(line);
  // Monaco widens an empty range to the nearest character, so an error at the end of a line still shows.
  if (m.column === null) return { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: max };
  const start = Math.min(Math.max(1, m.column), max);
  return { startLineNumber: line, startColumn: start, endLineNumber: line, endColumn: Math.min(start + 1, max) };
}

/** The editable source: Python highlighting, the syntax check's marker, changes reported up. */
export default function EditSourceEditor({ value, onChange, marker }: { value: string; onChange: (value: string) => void; marker: SyntaxMarker | null }) {
  const editorRef = useRef<MonacoEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);

  const applyMarker = (m: SyntaxMarker | null) => {
    const editor = editorRef.current;
    const monaco = monacoRef.current;
    const model = editor?.getModel();
    if (!editor || !monaco || !model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      m ? [{ ...markerRange(m, model.getLineCount(), (l) => model.getLineMaxColumn(l)), message: m.message, severity: monaco.MarkerSeverity.Error, source: "python" }] : [],
    );
  };

  useEffect(() => applyMarker(marker), [marker]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Editor
      height="560px"
      language="python"
      value={value}
      path="curation-edit.py"
      loading={<pre className="source-fallback">{value}</pre>}
      options={{ minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 13, automaticLayout: true, tabSize: 4, insertSpaces: true }}
      onChange={(v) => onChange(v ?? "")}
      onMount={(editor, monaco) => {
        editorRef.current = editor;
        monacoRef.current = monaco;
        applyMarker(marker);
      }}
    />
  );
}
