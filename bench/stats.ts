/**
 * The benchmark's statistics, pure: medians, spreads and ratios of repeated runs, and the shape
 * every figure and target takes in bench/results.json.
 */

export interface Spread {
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation between closest ranks). */
  q1: number;
  q3: number;
  iqr: number;
}

export interface Figure {
  /** What the figure measures, in a few words. */
  label: string;
  unit: string;
  /** How many runs the median is of (1 for a figure that is measured once, e.g. a bundle size). */
  runs: number;
  median: number;
  spread: Spread;
  /** Every measured value, in run order. */
  samples: number[];
  /** What was measured: sizes, counts, sources. */
  inputs: Record<string, unknown>;
}

export interface Target {
  name: string;
  /** The target as written, e.g. "<= 1.5". */
  target: string;
  /** The measured value, or null when it could not be measured. */
  value: number | boolean | null;
  met: boolean;
  /** How the value was worked out, for a reader of results.json. */
  detail: string;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no values to summarise');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('every value must be a finite number');
  return [...values].sort((a, b) => a - b);
}

/** The q-quantile (0 <= q <= 1), interpolating between the closest ranks (Hyndman & Fan type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be between 0 and 1, not ${q}`);
  const s = sorted(values);
  const position = (s.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = s[below] as number;
  const high = s[above] as number;
  return low + (high - low) * (position - below);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function spread(values: readonly number[]): Spread {
  const s = sorted(values);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  return { min: s[0] as number, max: s[s.length - 1] as number, q1, q3, iqr: q3 - q1 };
}

/** a / b, or null when b is zero or either is not a finite number: a ratio that cannot be stated. */
export function ratio(a: number, b: number): number | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

export interface RatioOfMedians {
  /** median(a) / median(b). */
  value: number | null;
  /** The most and least favourable pairings of the extremes: min(a)/max(b) and max(a)/min(b). */
  low: number | null;
  high: number | null;
}

export function ratioOfMedians(a: readonly number[], b: readonly number[]): RatioOfMedians {
  const sa = spread(a);
  const sb = spread(b);
  return { value: ratio(median(a), median(b)), low: ratio(sa.min, sb.max), high: ratio(sa.max, sb.min) };
}

/**
 * a[i] / b[i] for runs made in rounds (one of each per round, interleaved): load that slows a whole
 * round slows both, so these spread less than the extremes' pairings of ratioOfMedians.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`rounds differ: ${a.length} and ${b.length} runs`);
  return a.map((value, i) => ratio(value, b[i] as number) ?? Number.NaN);
}

export function figure(
  label: string,
  unit: string,
  samples: readonly number[],
  inputs: Record<string, unknown> = {},
): Figure {
  return {
    label,
    unit,
    runs: samples.length,
    median: median(samples),
    spread: spread(samples),
    samples: [...samples],
    inputs,
  };
}

export type Comparison = '<=' | '>=' | '<' | '==';

/** A numeric target: met when the value compares as asked with the limit. */
export function numericTarget(
  name: string,
  comparison: Comparison,
  limit: number,
  value: number | null,
  detail: string,
): Target {
  const met =
    value !== null &&
    Number.isFinite(value) &&
    (comparison === '<='
      ? value <= limit
      : comparison === '>='
        ? value >= limit
        : comparison === '<'
          ? value < limit
          : value === limit);
  return { name, target: `${comparison} ${limit}`, value, met, detail };
}

/** A yes/no target: met when the condition holds (null: it could not be checked). */
export function booleanTarget(name: string, target: string, value: boolean | null, detail: string): Target {
  return { name, target, value, met: value === true, detail };
}

/** Rounds for reports: a few significant figures, never scientific notation for ordinary sizes. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return Number(value.toFixed(Math.min(decimals, 6)));
}
