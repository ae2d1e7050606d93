"use client";

import { useMemo, useRef, useState } from "react";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import { SourceView, type Reveal } from "./source-view";
import { viewHref } from "./view-params";

export interface ToolView {
  id: number;
  position: number;
  name: string;
  actionCode: unknown;
  description: string;
  parameters: unknown;
  returns: string;
  exampleOutput: string;
  signature: string;
  lineStart: number | null;
  lineEnd: number | null;
}

export interface FindingView {
  kind: string;
  message: string;
  line: number | null;
  tool: string | null;
}

interface Parameter {
  name: string;
  type: string | null;
  annotation?: string | null;
  description?: string;
}

/** 1-based line of `def solve(`, if the class has one. */
export function solveLine(code: string): number | null {
  const lines = code.split("\n");
  const i = lines.findIndex((l) => /^\s+def solve\s*\(/.test(l));
  return i < 0 ? null : i + 1;
}

function methodEnd(code: string, start: number): number {
  // From a def line to the line before the next line indented as little or less.
  const lines = code.split("\n");
  const indent = (lines[start - 1] ?? "").search(/\S/);
  let end = start;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === "") continue;
    if (l.search(/\S/) <= indent) break;
    end = i + 1;
  }
  return end;
}

/**
 * The tools parsed from func_mapping and the methods' docstrings, the parser's
 * findings, and the source. Clicking a tool (or a finding's line) shows it in
 * the editor; `s` (Alt+S inside the editor) jumps to solve(). On the
 * environment page the URL names the picked tool; elsewhere (`syncUrl` false,
 * the review queue) the URL is left alone.
 */
export function ToolsPanel({
  envKey,
  code,
  tools,
  findings,
  initialTool,
  syncUrl = true,
}: {
  envKey: string;
  code: string;
  tools: ToolView[];
  findings: FindingView[];
  initialTool?: string;
  syncUrl?: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(initialTool ?? null);
  const first = tools.find((t) => t.name === initialTool);
  const [reveal, setReveal] = useState<Reveal | null>(first?.lineStart ? { start: first.lineStart, end: first.lineEnd ?? first.lineStart, token: 0 } : null);
  const [revealLabel, setRevealLabel] = useState<string | null>(first ? first.name : null);
  const editorBox = useRef<HTMLDivElement>(null);
  const solve = useMemo(() => solveLine(code), [code]);

  const show = (start: number, end: number, label: string) => {
    setReveal({ start, end, token: Date.now() });
    setRevealLabel(label);
    editorBox.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };
  const pickTool = (tool: ToolView) => {
    setSelected(tool.name);
    // The URL names the tool (shareable) without a server round trip.
    if (syncUrl) window.history.replaceState(null, "", viewHref(envKey, { tool: tool.name }));
    if (tool.lineStart) show(tool.lineStart, tool.lineEnd ?? tool.lineStart, tool.name);
  };
  const jumpToSolve = () => (solve ? show(solve, methodEnd(code, solve), "solve()") : undefined);
  useShortcuts({ s: () => (solve ? jumpToSolve() : false) });

  return (
    <>
      {findings.length > 0 && (
        <section className="panel" aria-labelledby="findings-title" data-testid="findings">
          <h2 id="findings-title">Parser findings ({findings.length})</h2>
          <ul className="findings">
            {findings.map((f, i) => (
              <li key={i}>
                <span className="badge finding">{f.kind.replaceAll("_", " ")}</span> {f.message}
                {f.tool && <span className="muted"> · tool {f.tool}</span>}
                {f.line !== null && (
                  <>
                    {" · "}
                    <button type="button" className="link" onClick={() => show(f.line!, f.line!, `line ${f.line}`)}>
                      line {f.line}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel" aria-labelledby="tools-title">
        <h2 id="tools-title">Tools ({tools.length})</h2>
        {tools.length === 0 ? (
          <p className="muted">No tools were parsed from this source{findings.length ? " (see the findings above)" : ""}.</p>
        ) : (
          <div className="table-scroll">
            <table className="grid tools-table" data-testid="tools-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Action</th>
                  <th>Description</th>
                  <th>Parameters</th>
                  <th>Returns</th>
                  <th>Example output</th>
                  <th>Lines</th>
                </tr>
              </thead>
              <tbody>
                {tools.map((t) => (
                  <tr key={t.id} className={selected === t.name ? "selected" : undefined} aria-selected={selected === t.name}>
                    <td className="mono">
                      <button type="button" className="link tool-link" onClick={() => pickTool(t)} title={t.lineStart ? `Show lines ${t.lineStart}–${t.lineEnd} in the source` : "Not found in the source"}>
                        {t.name}
                      </button>
                    </td>
                    <td className="mono">{JSON.stringify(t.actionCode)}</td>
                    <td className="prose">{t.description || <span className="muted">no description</span>}</td>
                    <td className="mono params">
                      {(t.parameters as Parameter[]).length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul>
                          {(t.parameters as Parameter[]).map((p) => (
                            <li key={p.name}>
                              {p.name}: <span className="type">{p.type ?? "?"}</span>
                              {p.description ? <span className="param-desc"> — {p.description}</span> : <span className="warn-text"> — undocumented</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="prose">{t.returns || <span className="muted">–</span>}</td>
                    <td>{t.exampleOutput ? <pre className="example">{t.exampleOutput}</pre> : <span className="muted">–</span>}</td>
                    <td className="nowrap mono">{t.lineStart ? `${t.lineStart}–${t.lineEnd}` : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="source-title" ref={editorBox}>
        <div className="spread">
          <h2 id="source-title">Source</h2>
          <span className="row">
            {revealLabel && reveal && <span className="muted" data-testid="revealed">{revealLabel}: lines {reveal.start}–{reveal.end}</span>}
            <button type="button" className="btn" onClick={jumpToSolve} disabled={!solve} data-testid="jump-solve" title="Shortcut: s (Alt+S in the editor)">
              Jump to solve() <kbd>s</kbd>
            </button>
          </span>
        </div>
        <SourceView code={code} reveal={reveal} onShortcut={jumpToSolve} />
      </section>
    </>
  );
}
