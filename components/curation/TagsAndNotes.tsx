"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { ApiError, apiFetch, describeError } from "@/lib/client/api-fetch";
import { EnsureQueryClient } from "./EnsureQueryClient";
import { curationKeys } from "./query-keys";
import styles from "./curation.module.css";

interface TagsAnswer {
  tags: string[];
  all: { name: string; count: number }[];
}

/** An environment's tags and notes: curators change them, everyone reads them. */
export function TagsAndNotes(props: { envKey: string; canEdit: boolean }) {
  return (
    <EnsureQueryClient>
      <Tags {...props} />
      <Notes {...props} />
    </EnsureQueryClient>
  );
}

const envApi = (key: string) => `/api/environments/${encodeURIComponent(key)}`;

function Tags({ envKey, canEdit }: { envKey: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const listId = useId();
  const [name, setName] = useState("");
  const tags = useQuery({ queryKey: curationKeys.tags(envKey), queryFn: () => apiFetch<TagsAnswer>(`${envApi(envKey)}/tags`) });
  const change = useMutation({
    mutationFn: ({ op, tag }: { op: "add" | "remove"; tag: string }) =>
      op === "add"
        ? apiFetch(`${envApi(envKey)}/tags`, { method: "POST", body: { name: tag } })
        : apiFetch(`${envApi(envKey)}/tags/${encodeURIComponent(tag)}`, { method: "DELETE" }),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: curationKeys.tags(envKey) });
      router.refresh(); // the header and the timeline show tags too
    },
  });

  const current = tags.data?.tags ?? [];
  return (
    <section aria-labelledby="tags-title" data-testid="env-tags">
      <h3 id="tags-title">Tags</h3>
      {tags.error ? <p className={styles.error}>Could not read the tags: {describeError(tags.error)}</p> : null}
      <ul className={styles.row} style={{ listStyle: "none", padding: 0 }} aria-label="Tags of this environment">
        {current.length === 0 && !tags.isPending && <li className="muted">No tags.</li>}
        {current.map((t) => (
          <li key={t} className={styles.tag} data-testid={`tag-${t}`}>
            {t}
            {canEdit && (
              <button type="button" className={styles.tagRemove} aria-label={`Remove tag ${t}`} disabled={change.isPending} onClick={() => change.mutate({ op: "remove", tag: t })}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          className={styles.row}
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) change.mutate({ op: "add", tag: name.trim() });
          }}
        >
          <label className={styles.label}>
            Add a tag
            <input className={styles.input} value={name} onChange={(e) => setName(e.target.value)} list={listId} maxLength={50} placeholder="e.g. needs-work" data-testid="tag-input" />
          </label>
          <datalist id={listId}>
            {(tags.data?.all ?? []).filter((t) => !current.includes(t.name)).map((t) => (
              <option key={t.name} value={t.name}>{`${t.name} (${t.count})`}</option>
            ))}
          </datalist>
          <button type="submit" className={styles.button} disabled={!name.trim() || change.isPending} data-testid="tag-add">
            Add
          </button>
        </form>
      )}
      {change.error && (
        <p className={styles.error} role="alert">
          {describeError(change.error)}
        </p>
      )}
    </section>
  );
}

function Notes({ envKey, canEdit }: { envKey: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const notes = useQuery({ queryKey: curationKeys.notes(envKey), queryFn: () => apiFetch<{ notes: string }>(`${envApi(envKey)}/notes`) });
  // What the editor started from: a save over newer notes of someone else is refused (409).
  const [previous, setPrevious] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [theirs, setTheirs] = useState<string | null>(null);
  useEffect(() => {
    if (notes.data && previous === null) {
      setPrevious(notes.data.notes);
      setDraft(notes.data.notes);
    }
  }, [notes.data, previous]);

  const save = useMutation({
    mutationFn: (body: { notes: string; previous: string }) => apiFetch<{ changed: boolean; notes: string }>(`${envApi(envKey)}/notes`, { method: "PUT", body }),
    onSuccess: (r) => {
      setPrevious(r.notes);
      setTheirs(null);
      void queryClient.invalidateQueries({ queryKey: curationKeys.notes(envKey) });
    },
    onError: (error) => {
      const current = error instanceof ApiError && error.status === 409 ? (error.errors as { current?: unknown } | undefined)?.current : undefined;
      if (typeof current === "string") setTheirs(current);
    },
  });

  if (!canEdit) {
    return (
      <section aria-labelledby="notes-title" data-testid="env-notes">
        <h3 id="notes-title">Notes</h3>
        {notes.data?.notes ? <p style={{ whiteSpace: "pre-wrap" }}>{notes.data.notes}</p> : <p className="muted">No notes.</p>}
      </section>
    );
  }
  const dirty = previous !== null && draft !== previous;
  return (
    <section aria-labelledby="notes-title" data-testid="env-notes">
      <h3 id="notes-title">Notes</h3>
      <form
        className={styles.stack}
        onSubmit={(e) => {
          e.preventDefault();
          if (previous !== null) save.mutate({ notes: draft, previous });
        }}
      >
        <textarea className={styles.textarea} rows={4} value={draft} onChange={(e) => setDraft(e.target.value)} aria-labelledby="notes-title" placeholder="What a reviewer should know" data-testid="notes-input" />
        <div className={styles.row}>
          <button type="submit" className={styles.button} disabled={!dirty || save.isPending} data-testid="notes-save">
            {save.isPending ? "Saving…" : "Save notes"}
          </button>
          {save.isSuccess && !dirty && <span className={styles.ok}>Saved.</span>}
        </div>
      </form>
      {theirs !== null && (
        <div className={styles.warn} role="alert" data-testid="notes-conflict">
          <p>Someone else changed these notes since you opened them. Theirs:</p>
          <pre className={styles.pre}>{theirs || "(empty)"}</pre>
          <button type="button" className={`${styles.button} ${styles.small}`} onClick={() => { setPrevious(theirs); setTheirs(null); }}>
            Save mine over theirs next time
          </button>
        </div>
      )}
      {save.error && theirs === null && (
        <p className={styles.error} role="alert">
          {describeError(save.error)}
        </p>
      )}
    </section>
  );
}
