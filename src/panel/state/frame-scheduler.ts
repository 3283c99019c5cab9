/**
 * When the panel redraws: updates arriving within one frame are coalesced into one render, and
 * while the inspected page loads, redraws are spaced further apart.
 */

import { asFrameCallback } from "./timing.js";

/** Longest wait for a frame: a hidden panel gets none, and its rows still catch up. */
const FRAME_FALLBACK_MS = 100;
/**
 * While requests keep coming, the list is redrawn at most every 32 ms (about 30 times a second):
 * half the rendering work of a redraw every frame, for a quarter of the 50 ms budget from a
 * request finishing to its diagnosis shown.
 */
export const MIN_REDRAW_INTERVAL_MS = 32;
/**
 * For a while after the inspected page navigates, while it loads, at most every 100 ms: each
 * redraw costs the panel's renderer a layout and a paint, and on a small machine that time is
 * taken from the page (bench/overhead.ts: a redraw every frame made the page's load event
 * measurably slower, one every 100 ms did not). Requests of a loading page show up to about
 * 100 ms later.
 */
export const LOADING_REDRAW_INTERVAL_MS = 100;
const LOADING_MS = 3_000;

export type Schedule = (flush: () => void) => void;

/**
 * A scheduler that runs `flush` before a frame is drawn, at most once per `minIntervalMs`.
 * DevTools delivers each finished request in a task of its own, often many per frame: their
 * updates are coalesced into one render. The first update after a quiet spell is drawn in the
 * very next frame.
 */
export function frameScheduler(minIntervalMs: number | (() => number) = MIN_REDRAW_INTERVAL_MS): Schedule {
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  const interval = typeof minIntervalMs === "function" ? minIntervalMs : () => minIntervalMs;
  return (flush) => {
    let done = false;
    const run = (fromFrame?: boolean) => {
      if (done) return;
      const wait = lastFlushAt + interval() - performance.now();
      if (wait > 1) {
        setTimeout(run, wait);
        return;
      }
      done = true;
      lastFlushAt = performance.now();
      if (fromFrame) asFrameCallback(flush);
      else flush();
    };
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => run(true));
    setTimeout(run, FRAME_FALLBACK_MS);
  };
}

export interface RedrawPacing {
  readonly schedule: Schedule;
  /** The inspected page navigated: redraw less often while it loads. */
  pageLoading(): void;
}

/** The panel's pacing: `schedule` when given (tests pass a synchronous one), else frames, slower while a page loads. */
export function redrawPacing(schedule?: Schedule): RedrawPacing {
  /** Until when the inspected page is taken to be loading (after a navigation). */
  let loadingUntil = Number.NEGATIVE_INFINITY;
  return {
    schedule:
      schedule ??
      frameScheduler(() => (performance.now() < loadingUntil ? LOADING_REDRAW_INTERVAL_MS : MIN_REDRAW_INTERVAL_MS)),
    pageLoading() {
      if (typeof performance !== "undefined") loadingUntil = performance.now() + LOADING_MS;
    },
  };
}
