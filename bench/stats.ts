/**
 * The few statistics the report uses. Every function refuses an empty sample instead of returning NaN:
 * a figure that was not measured must never reach the report looking like a number.
 */

/** Median, minimum and maximum of repeated measurements: the centre and the spread the report prints. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many measurements were summarised. */
  n: number;
}

function sorted(values: readonly number[], what: string): number[] {
  if (values.length === 0) throw new RangeError(`${what}: no measurements`);
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`${what}: not a finite number (${value})`);
  return [...values].sort((a, b) => a - b);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[], what = 'median'): number {
  const s = sorted(values, what);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The `p`-th percentile (0–100) by the nearest-rank method, as latency tools report it: p99 of 100 samples
 * is the 99th smallest, never an interpolated value no request took.
 */
export function percentile(values: readonly number[], p: number, what = `p${p}`): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`${what}: percentile must be in (0, 100], got ${p}`);
  const s = sorted(values, what);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Percentile of a large typed sample, sorted in place (latency samples run to hundreds of thousands). */
export function percentileOfSorted(sortedValues: Float64Array, p: number, what = `p${p}`): number {
  if (sortedValues.length === 0) throw new RangeError(`${what}: no measurements`);
  return sortedValues[Math.max(0, Math.ceil((p / 100) * sortedValues.length) - 1)]!;
}

export function summarize(values: readonly number[], what = 'summary'): Summary {
  const s = sorted(values, what);
  return { median: median(s, what), min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

/** `a / b`, refusing a zero or non-finite divisor (a ratio against a baseline that was not measured). */
export function ratio(a: number, b: number, what = 'ratio'): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) throw new RangeError(`${what}: cannot divide ${a} by ${b}`);
  return a / b;
}
