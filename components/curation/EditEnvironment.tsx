"use client";

import { useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiFetch, describeError } from "@/lib/client/api-fetch";
import { VerificationControl } from "@/components/environment/verification-control";
import { ConflictView } from "./ConflictView";
import { EnsureQueryClient } from "./EnsureQueryClient";
import type { SyntaxMarker } from "./EditSourceEditor";
import { conflictRevision, draftOf, mergeOnTop, type EditDraft, type EditableRevision } from "./edit-draft";
import { curationKeys } from "./query-keys";
import styles from "./curation.module.css";

// Monaco touches `window`, so it is only ever loaded in the browser.
const EditSourceEditor = dynamic(() => import("./EditSourceEditor"), {
  ssr: false,
  loading: () => <p className="muted editor-loading">Loading the editor…</p>,
});

const SYNTAX_DEBOUNCE_MS = 500;

type SyntaxState =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "ok"; via: string }
  | { state: "error"; marker: SyntaxMarker }
  | { state: "unavailable"; message: string };

interface SyntaxAnswer {
  check: { ok: true } | { ok: false; line: number | null; column: number | null; message: string };
  via: "sandbox" | "parser";
}

interface SavedRevision {
  revision: { id: number; number: number; changed: string[]; findings: { kind: string; message: string }[] };
}

export interface EditEnvironmentProps {
  envKey: string;
  base: EditableRevision;
}

/** The environment editor: source in Monaco with a live syntax check, task and configurations, save with conflict handling. */
export function EditEnvironment(props: EditEnvironmentProps) {
  return (
    <EnsureQueryClient>
      <EditEnvironmentInner {...props} />
    </EnsureQueryClient>
  );
}

function EditEnvironmentInner({ envKey, base: initialBase }: EditEnvironmentProps) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState<EditableRevision>(initialBase);
  const [draft, setDraft] = useState<EditDraft>(() => draftOf(initialBase));
  const [message, setMessage] = useState("");
  const [syntax, setSyntax] = useState<SyntaxState>({ state: "idle" });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedRevision["revision"] | null>(null);
  const [conflict, setConflict] = useState<EditableRevision | null>(null);
  // The last text the server checked, and what it answered.
  const checked = useRef<{ code: string; result: SyntaxState }>({ code: initialBase.sourceCode, result: { state: "idle" } });
  const envHref = `/environments/${encodeURIComponent(envKey)}`;
  const dirty = draft.sourceCode !== base.sourceCode || draft.taskDescription !== base.taskDescription || draft.configs !== base.configs;

  // The live syntax check: debounced, and only the latest answer counts.
  useEffect(() => {
    const code = draft.sourceCode;
    if (code === checked.current.code) {
      setSyntax(checked.current.result);
      return;
    }
    setSyntax({ state: "checking" });
    const abort = new AbortController();
    const timer = setTimeout(() => {
      apiFetch<SyntaxAnswer>("/api/syntax-check", { method: "POST", body: { code }, signal: abort.signal })
        .then((r) => {
          const result: SyntaxState = r.check.ok ? { state: "ok", via: r.via } : { state: "error", marker: { line: r.check.line ?? 1, column: r.check.column, message: r.check.message } };
          checked.current = { code, result };
          setSyntax(result);
        })
        .catch((error: unknown) => {
          if ((error as Error).name === "AbortError") return;
          setSyntax({ state: "unavailable", message: describeError(error) });
        });
    }, SYNTAX_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [draft.sourceCode]);

  const save = useCallback(
    async (baseId: number, content: EditDraft) => {
      setSaving(true);
      setSaveError(null);
      try {
        const r = await apiFetch<SavedRevision>(`/api/environments/${encodeURIComponent(envKey)}/revisions`, {
          method: "POST",
          body: { baseRevisionId: baseId, source: content.sourceCode, task: content.taskDescription, configs: content.configs, message },
        });
        setConflict(null);
        setSaved(r.revision);
        void queryClient.invalidateQueries({ queryKey: curationKeys.all });
      } catch (error) {
        const theirs = error instanceof ApiError && error.status === 409 ? conflictRevision(error.errors) : null;
        if (theirs) setConflict(theirs);
        else {
          setSaveError(describeError(error));
          const line = error instanceof ApiError ? error.fieldErrors.find((f) => f.field === "source" && f.line)?.line : undefined;
          if (line) setSyntax({ state: "error", marker: { line, column: null, message: error instanceof ApiError ? (error.fieldErrors[0]?.message ?? error.message) : "" } });
        }
      } finally {
        setSaving(false);
      }
    },
    [envKey, message, queryClient],
  );

  const saveNow = useCallback(() => {
    if (saving || saved !== null || conflict) return;
    if (!dirty) {
      setSaveError(`Nothing changed since revision ${base.number}.`);
      return;
    }
    void save(base.id, draft);
  }, [saving, saved, conflict, dirty, base, draft, save]);

  const keepMine = () => {
    if (!conflict) return;
    const merged = mergeOnTop(draftOf(base), draft, draftOf(conflict));
    setBase(conflict);
    setDraft(merged);
    void save(conflict.id, merged);
  };

  const discardMine = () => {
    if (!conflict) return;
    checked.current = { code: conflict.sourceCode, result: { state: "idle" } };
    setBase(conflict);
    setDraft(draftOf(conflict));
    setSyntax({ state: "idle" });
    setSaveError(null);
    setConflict(null);
  };

  // Ctrl/Cmd+S saves, in the editor and anywhere else on the page (capture: before Monaco and the browser).
  const saveRef = useRef(saveNow);
  saveRef.current = saveNow;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        e.stopPropagation();
        saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty || saved) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [dirty, saved]);

  const set = (field: keyof EditDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const marker = syntax.state === "error" ? syntax.marker : null;

  if (saved) return <SavedPanel envKey={envKey} saved={saved} />;

  if (conflict) {
    return <ConflictView theirs={conflict} mine={mergeOnTop(draftOf(base), draft, draftOf(conflict))} busy={saving} onKeepMine={keepMine} onDiscardMine={discardMine} />;
  }

  return (
    <section className="panel" aria-labelledby="edit-title" data-testid="edit-environment" data-base-revision={base.number}>
      <div className={styles.spread}>
        <h2 id="edit-title">
          Editing revision {base.number}
          {base.author ? <span className="muted"> by {base.author}</span> : null}
        </h2>
        <div className={styles.row}>
          <Link href={envHref} className={styles.button}>
            Cancel
          </Link>
          <button type="button" className={`${styles.button} ${styles.primary}`} onClick={saveNow} disabled={saving || saved !== null} data-testid="save-revision">
            {saving ? "Saving…" : "Save"} <span className={styles.kbd}>Ctrl+S</span>
          </button>
        </div>
      </div>
      <SyntaxStatus syntax={syntax} />
      <div className="editor-frame" data-testid="edit-source" data-marker={marker ? `${marker.line}:${marker.column ?? ""}` : ""}>
        <EditSourceEditor value={draft.sourceCode} onChange={set("sourceCode")} marker={marker} />
      </div>
      <div className={styles.stack} style={{ marginTop: 12 }}>
        <label className={styles.label}>
          Task description (the question the agent gets)
          <textarea className={styles.textarea} rows={6} value={draft.taskDescription} onChange={(e) => set("taskDescription")(e.target.value)} data-testid="edit-task" />
        </label>
        <details>
          <summary>Configurations (one a line, or a JSON list)</summary>
          <textarea className={`${styles.textarea} mono`} rows={8} value={draft.configs} onChange={(e) => set("configs")(e.target.value)} data-testid="edit-configs" />
        </details>
        <label className={styles.label}>
          Message (optional)
          <input className={styles.input} value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} placeholder="What changed and why" data-testid="edit-message" />
        </label>
        {saveError && (
          <p className={styles.error} role="alert" data-testid="save-error">
            {saveError}
          </p>
        )}
      </div>
    </section>
  );
}

/** After a save: what the new revision is, and the way to verify it with live progress. */
function SavedPanel({ envKey, saved }: { envKey: string; saved: SavedRevision["revision"] }) {
  const envHref = `/environments/${encodeURIComponent(envKey)}`;
  return (
    <section className="panel" aria-labelledby="saved-title" data-testid="save-ok" data-revision={saved.number}>
      <h2 id="saved-title">Saved revision {saved.number}</h2>
      <p>
        Changed: {saved.changed.join(", ")}. The tools were parsed again
        {saved.findings.length ? `, with ${saved.findings.length} finding${saved.findings.length === 1 ? "" : "s"}: ${saved.findings.map((f) => f.message).join("; ")}` : " with no findings"}. The
        environment is back in review until revision {saved.number} is verified and decided.
      </p>
      <VerificationControl envKey={envKey} activeRunId={null} canVerify />
      <p className={styles.row} style={{ marginTop: 10 }}>
        <Link href={envHref} className={styles.button}>
          Open the environment
        </Link>
        <Link href={`${envHref}/revisions`} className={styles.button}>
          Compare revisions
        </Link>
        <a href={`${envHref}/edit`} className={styles.button}>
          Edit again
        </a>
      </p>
    </section>
  );
}

function SyntaxStatus({ syntax }: { syntax: SyntaxState }) {
  let text: string;
  let cls = styles.hint;
  if (syntax.state === "idle") text = "Syntax: unchanged";
  else if (syntax.state === "checking") text = "Checking syntax…";
  else if (syntax.state === "ok") text = "Syntax OK";
  else if (syntax.state === "unavailable") text = `The syntax check is unavailable: ${syntax.message}`;
  else {
    const m = syntax.marker;
    text = `Syntax error at line ${m.line}${m.column ? `, column ${m.column}` : ""}: ${m.message}`;
    cls = styles.fieldError;
  }
  return (
    <p className={cls} role="status" aria-live="polite" data-testid="syntax-status" data-state={syntax.state}>
      {text}
    </p>
  );
}
