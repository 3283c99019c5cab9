/**
 * Inert timing marks for the benchmarks (bench/panel.ts). Off unless the performance timeline of
 * the panel's frame holds a mark named `cors-doctor:observe` (the benchmark sets it; nothing in
 * the extension does), looked for at most once a second. When on, each timing is a User Timing
 * measure named `cors-doctor:…`, removed from the timeline at once so nothing accumulates; only
 * a PerformanceObserver sees it. Off, a timing costs one `performance.now()`.
 */

export type TimingName =
  | "cors-doctor:ingest"
  | "cors-doctor:flush"
  | "cors-doctor:list-render"
  | "cors-doctor:painted"
  | "cors-doctor:import";

export const OBSERVE_MARK = "cors-doctor:observe";
const RECHECK_MS = 1_000;

let enabled = false;
let checkedAt = Number.NEGATIVE_INFINITY;

function available(): boolean {
  return typeof performance !== "undefined" && typeof performance.measure === "function";
}

export function timingStart(): number {
  return available() ? performance.now() : 0;
}

/** Whether the benchmark is observing (checked at most once a second). */
function observing(now: number): boolean {
  if (now - checkedAt >= RECHECK_MS) {
    checkedAt = now;
    try {
      enabled = performance.getEntriesByName(OBSERVE_MARK, "mark").length > 0;
    } catch {
      enabled = false;
    }
  }
  return enabled;
}

export function timingEnd(name: TimingName, start: number, detail?: () => unknown): void {
  if (!available()) return;
  const end = performance.now();
  if (!observing(end)) return;
  try {
    performance.measure(name, { start, end, detail: detail?.() });
    performance.clearMeasures(name);
  } catch {
    // A timeline without User Timing Level 3: no figure, no harm.
  }
}

/** Whether a requestAnimationFrame callback of the panel's redraw is running (frame-scheduler.ts). */
let inFrameCallback = false;

/** Runs `run` as the frame callback it is, so a measure taken in it knows its frame is being drawn. */
export function asFrameCallback(run: () => void): void {
  inFrameCallback = true;
  try {
    run();
  } finally {
    inFrameCallback = false;
  }
}

/**
 * Measures from `start` to just after the frame showing it is painted: a task posted from a
 * requestAnimationFrame callback runs once that frame's rendering (style, layout, paint) is done,
 * so inside one (a redraw) it is posted at once, else from the next one. Only while observed:
 * otherwise it schedules nothing.
 */
export function timingPainted(name: TimingName, start: number, detail?: () => unknown): void {
  if (!available() || typeof requestAnimationFrame !== "function" || !observing(performance.now())) return;
  const post = () => setTimeout(() => timingEnd(name, start, detail));
  if (inFrameCallback) post();
  else requestAnimationFrame(post);
}
