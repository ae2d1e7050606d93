"use client";

import { DiffEditor, loader, type DiffOnMount } from "@monaco-editor/react";
import { useEffect, useId, useRef } from "react";

// Monaco comes from our own origin (public/monaco/vs, copied at build), never a CDN.
loader.config({ paths: { vs: "/monaco/vs" } });

type MonacoDiff = Parameters<DiffOnMount>[0];

/** Two texts side by side (left: original), read-only, with Python highlighting. */
export default function RevisionDiffEditor({ original, modified, height = "560px", language = "python" }: { original: string; modified: string; height?: string; language?: string }) {
  const editorRef = useRef<MonacoDiff | null>(null);
  const id = useId().replace(/[^a-zA-Z0-9]/g, "");

  // The models are kept by the wrapper and disposed here after detaching them: disposing them
  // while the diff widget still holds them throws ("TextModel got disposed before DiffEditorWidget model got reset").
  useEffect(
    () => () => {
      const editor = editorRef.current;
      const models = editor?.getModel();
      editor?.setModel(null);
      models?.original.dispose();
      models?.modified.dispose();
    },
    [],
  );

  return (
    <DiffEditor
      height={height}
      language={language}
      original={original}
      modified={modified}
      originalModelPath={`diff-${id}-a.py`}
      modifiedModelPath={`diff-${id}-b.py`}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      loading={<p className="muted editor-loading">Loading the diff…</p>}
      options={{ readOnly: true, originalEditable: false, domReadOnly: true, minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 13, automaticLayout: true, renderSideBySide: true, contextmenu: false, wordWrap: language === "plaintext" ? "on" : "off", hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 20 } }}
      onMount={(editor) => {
        editorRef.current = editor;
      }}
    />
  );
}
