/**
 * The state of "Preview this fix": which preview is active (for the banner), when each preview
 * ran (to label the rows captured under it, so nobody takes them for the server's behaviour),
 * and when it must end: on Stop, after PREVIEW_MAX_MS, or when the page leaves its origin. No I/O:
 * whoever starts a preview hands over the function that removes its rule.
 */

import { signal } from "@preact/signals";

/** Kept in step with src/fixes/preview-rule.ts (not imported: that module loads with the fix area). */
export const PREVIEW_TIMEOUT_MS = 5 * 60_000;

export interface ActivePreview {
  /** The API's host as the banner names it (`api.example.com`). */
  readonly apiHost: string;
  readonly apiOrigin: string;
  /** The inspected page's origin when the preview started: leaving it ends the preview. */
  readonly pageOrigin: string;
  readonly since: number;
}

/** One preview's time span; `until` is null while it runs. */
export interface PreviewWindow {
  readonly apiOrigin: string;
  readonly since: number;
  readonly until: number | null;
}

export type PreviewEnd = "stopped" | "expired" | "navigated" | "failed";

export interface PreviewTimers {
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

const REAL_TIMERS: PreviewTimers = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createFixPreviewState(timers: PreviewTimers = REAL_TIMERS, timeoutMs = PREVIEW_TIMEOUT_MS) {
  const active = signal<ActivePreview | null>(null);
  const windows = signal<readonly PreviewWindow[]>([]);
  /** How the last preview ended, for the line that replaces the banner. */
  const ended = signal<PreviewEnd | null>(null);
  let removeRule: (() => Promise<void>) | null = null;
  let timer: unknown = null;

  /** A preview's rule is in place: show it, time it, and remember how to remove it. */
  function began(preview: Omit<ActivePreview, "since">, remove: () => Promise<void>): void {
    if (active.peek()) void end("stopped");
    const since = timers.now();
    removeRule = remove;
    active.value = { ...preview, since };
    ended.value = null;
    windows.value = [...windows.peek(), { apiOrigin: preview.apiOrigin, since, until: null }];
    timer = timers.setTimer(() => void end("expired"), timeoutMs);
  }

  /** Ends the active preview (if any): the rule goes, the window closes. */
  async function end(why: PreviewEnd): Promise<void> {
    const current = active.peek();
    if (!current) return;
    if (timer !== null) timers.clearTimer(timer);
    timer = null;
    const remove = removeRule;
    removeRule = null;
    active.value = null;
    ended.value = why;
    const until = timers.now();
    windows.value = windows.peek().map((w) => (w.until === null ? { ...w, until } : w));
    await remove?.();
  }

  /** The inspected page navigated: a page on another origin ends the preview. */
  function navigated(url: string): void {
    const current = active.peek();
    if (!current) return;
    let origin: string | null = null;
    try {
      origin = new URL(url).origin;
    } catch {
      origin = null;
    }
    if (origin !== current.pageOrigin) void end("navigated");
  }

  /** Whether a request to `url` started at `startedMs` ran under a preview of its server. */
  function previewed(url: string, startedMs: number | null): boolean {
    const list = windows.value;
    if (list.length === 0 || startedMs === null) return false;
    return list.some(
      (w) => url.startsWith(`${w.apiOrigin}/`) && startedMs >= w.since && (w.until === null || startedMs <= w.until),
    );
  }

  return { active, windows, ended, began, end, navigated, previewed };
}

export type FixPreviewState = ReturnType<typeof createFixPreviewState>;
