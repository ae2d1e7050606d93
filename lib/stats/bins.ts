// Bin shapes shared by the SQL in get-stats.ts and the charts (client-safe: no server imports).

export interface Bin {
  /** What the axis shows, e.g. "7", "[8, 16)", "0.2–0.3". */
  label: string;
  /** Inclusive bounds of the values the bin holds (integers for counts). */
  lo: number;
  hi: number;
  count: number;
}

export interface Distribution {
  bins: Bin[];
  /** Values counted (rows with a value). */
  n: number;
  /** Rows left out because they have no value (e.g. configurations never run). */
  missing: number;
  mean: number | null;
  median: number | null;
}

/** The paper's averages (Du et al., 2025), shown beside ours. */
export const PAPER = { toolsPerEnvironment: 6.52, stepsPerSolution: 44.07 } as const;

/** Oracle steps are binned by powers of two, [1,2), [2,4), …; step counts of 0 get a bin of their own. */
export function logBin(exponent: number): Pick<Bin, "label" | "lo" | "hi"> {
  if (exponent < 0) return { label: "0", lo: 0, hi: 0 };
  const lo = 2 ** exponent;
  return { label: `[${lo}, ${lo * 2})`, lo, hi: lo * 2 - 1 };
}

export const DIFFICULTY_BINS = 10;

/** [0, 0.1), [0.1, 0.2), … [0.9, 1]: the last bin is closed so a score of 1 has a home. */
export function difficultyBin(index: number): Pick<Bin, "label" | "lo" | "hi"> {
  const lo = index / DIFFICULTY_BINS;
  const hi = (index + 1) / DIFFICULTY_BINS;
  return { label: `${lo.toFixed(1)}–${hi.toFixed(1)}`, lo, hi };
}

/**
 * The bin a value falls into, for marking a mean or median on a categorical
 * axis. Count bins hold integers lo..hi, so 6.52 belongs to the bin of 6.
 */
export function binLabelFor(bins: Bin[], value: number | null, integerBins = true): string | undefined {
  if (value === null) return undefined;
  const last = bins.at(-1);
  const hit = bins.find((b) => value >= b.lo && value < (integerBins ? b.hi + 1 : b.hi)) ?? (last && value === last.hi ? last : undefined);
  return hit?.label;
}
