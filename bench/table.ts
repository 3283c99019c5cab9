/** How a figure and its spread read in the printed table and the README. */

import type { Spread } from "./results.js";

/** A number as stored (the suites round their figures), thousands separated. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString("en", { maximumFractionDigits: 3 });
}

function withUnit(text: string, unit: string): string {
  return unit === "×" ? `${text}×` : `${text} ${unit}`;
}

/** "1.87× (1.8 – 1.95, 5 runs)", "49.1 KB (deterministic: measured once)", "2.98 µs (spread not recorded)". */
export function formatFigure(value: number, unit: string, spread: Spread): string {
  const figure = withUnit(formatNumber(value), unit);
  switch (spread.kind) {
    case "measured":
      return `${figure} (${formatNumber(spread.min)} – ${formatNumber(spread.max)}, ${spread.runs} ${spread.runs === 1 ? "run" : "runs"})`;
    case "deterministic":
      return `${figure} (deterministic: measured once)`;
    case "unknown":
      return `${figure} (spread not recorded)`;
  }
}

/** "≤ 1.5× — missed" when the target is a bound the median can be held to; the target as is otherwise. */
export function formatTarget(target: string | undefined, value: number): string {
  if (!target) return "";
  const bound = /^≤\s*([\d.]+)/.exec(target);
  if (!bound || !Number.isFinite(value)) return target;
  return `${target} — ${value <= Number(bound[1]) ? "met" : "missed"}`;
}
