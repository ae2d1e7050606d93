import type { ConfigResult } from "../../lib/sandbox";

/** What must agree between two verifiers: CodeGym's verdict and the oracle step count. */
export interface Verdict {
  failureKind: ConfigResult["failureKind"];
  steps: number | null;
}

export interface Mismatch {
  key: string;
  config: string;
  baseline: Verdict;
  pool: Verdict;
}

export function verdictOf(result: ConfigResult): Verdict {
  return { failureKind: result.failureKind, steps: result.steps };
}

export function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.failureKind === b.failureKind && a.steps === b.steps;
}

export function describeVerdict(v: Verdict): string {
  return `${v.failureKind ?? "passed"}, steps ${v.steps ?? "-"}`;
}

export function countKinds(verdicts: Iterable<Verdict>): string {
  const counts = new Map<string, number>();
  for (const v of verdicts) {
    const kind = v.failureKind ?? "passed";
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${kind} ${n}`).join(", ");
}
