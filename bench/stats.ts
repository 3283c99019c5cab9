/**
 * Small statistics for benchmark figures: the min / median / max of a figure's runs, and for
 * comparing two sets of timings taken in the same run a two-sided Mann-Whitney U test (normal
 * approximation with tie and continuity corrections) and a bootstrap confidence interval for the
 * difference of medians.
 */

import type { MeasuredSpread } from "./results.js";

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile (q in 0..1). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

/** Standard normal cumulative distribution (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Two-sided Mann-Whitney U test of `a` against `b`: U of `a` and the p-value. */
export function mannWhitney(a: readonly number[], b: readonly number[]): { u: number; p: number } {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, p: Number.NaN };
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && (all[j + 1] as { v: number }).v === (all[i] as { v: number }).v) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if ((all[k] as { first: boolean }).first) rankSumA += rank;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1 };
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * (1 - normalCdf(z))) };
}

/**
 * A 95% bootstrap interval for median(a) - median(b): `resamples` resamplings of each set with a
 * fixed seed, so the same data give the same interval.
 */
export function medianDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  resamples = 4000,
  seed = 1,
): { low: number; high: number } {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const resample = (values: readonly number[]) =>
    Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)] as number);
  const differences: number[] = [];
  for (let i = 0; i < resamples; i++) differences.push(median(resample(a)) - median(resample(b)));
  return { low: quantile(differences, 0.025), high: quantile(differences, 0.975) };
}

/** min / median / max of one figure's runs (the median of an even count is the mean of the middle two). */
export function spreadOf(values: readonly number[], digits = 2): MeasuredSpread {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) throw new Error("spreadOf: no finite values");
  const round = (n: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    kind: "measured",
    runs: finite.length,
    min: round(Math.min(...finite)),
    median: round(median(finite)),
    max: round(Math.max(...finite)),
  };
}

/** A figure measured over runs: its median as the value, with the spread. */
export function measured(values: readonly number[], digits = 2): { value: number; spread: MeasuredSpread } {
  const spread = spreadOf(values, digits);
  return { value: spread.median, spread };
}
