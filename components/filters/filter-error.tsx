import { ErrorState, type FieldProblem } from "@/components/ui/states";

type Search = Record<string, string | string[] | undefined>;

/** The URL parameter a problem is about: `status.0` is `status`; an unknown-key problem may name several. */
function paramsOf(problem: FieldProblem): string[] {
  return problem.field.split(",").map((f) => f.split(".")[0]!).filter(Boolean);
}

/** What a page shows for a URL whose filter does not parse: which parameters are wrong, and links without them. */
export function FilterError({ basePath, search, problems }: { basePath: string; search: Search; problems: FieldProblem[] }) {
  const bad = new Set(problems.flatMap(paramsOf));
  const kept = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (bad.has(key) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) kept.append(key, v);
  }
  const without = kept.toString();
  return (
    <ErrorState
      title="These filter parameters are not valid"
      message="Nothing was loaded. Fix the address, or follow one of the links."
      problems={problems}
      actions={[
        ...(bad.size ? [{ href: `${basePath}${without ? `?${without}` : ""}`, label: `Drop ${[...bad].join(", ")}` }] : []),
        { href: basePath, label: "Clear all filters" },
      ]}
    />
  );
}

/** The field problems of a ValidationError raised by parseFilter / parseListQuery. */
export function problemsOf(details: unknown): FieldProblem[] {
  return Array.isArray(details) ? (details as FieldProblem[]) : [];
}
