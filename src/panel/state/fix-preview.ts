/**
 * The state of "Preview this fix": which preview is active (for the banner), when each preview
 * ran (to label the rows captured under it, so nobody takes them for the server's behaviour),
 * and when it must end: on Stop, after PREVIEW_TIMEOUT_MS, or when the page leaves its origin. No
 * I/O: whoever starts a preview hands over the function that removes its rule.
 *
 * Loaded with the fix area, so it imports no signals (a lazy chunk using @preact/signals makes the
 * bundler split preact out of the panel's first chunk): it publishes an immutable view into the
 * panel state's `fixPreview` signal instead.
 */

import type { CapturedExchange } from "../../capture/index.js";
import { applyPreviewRule, type PreviewRule } from "../../fixes/preview-rule.js";

/** Kept in step with src/fixes/preview-rule.ts's PREVIEW_MAX_MS (test/panel/fix-preview-state.test.ts). */
export const PREVIEW_TIMEOUT_MS = 5 * 60_000;

export interface ActivePreview {
  /** The API's host as the banner names it (`api.example.com`). */
  readonly apiHost: string;
  readonly apiOrigin: string;
  /** The inspected page's origin when the preview started: leaving it ends the preview. */
  readonly pageOrigin: string;
  readonly since: number;
}

/** One preview's time span and rule; `until` is null while it runs. */
export interface PreviewWindow {
  readonly apiOrigin: string;
  readonly pageOrigin: string;
  readonly rule: PreviewRule;
  readonly since: number;
  readonly until: number | null;
}

/** What `began` is told: the preview's origins and the rule now in place. */
export interface StartedPreview extends Omit<ActivePreview, "since"> {
  readonly rule: PreviewRule;
}

export type PreviewEnd = "stopped" | "expired" | "navigated";

/** What the panel reads; a new object after every change. */
export interface FixPreviewView {
  readonly active: ActivePreview | null;
  /** How the last preview ended, for the line that replaces the banner. */
  readonly ended: PreviewEnd | null;
  readonly windows: readonly PreviewWindow[];
  /** Whether a request to `url` started at `startedMs` ran under a preview of its server. */
  previewed(url: string, startedMs: number | null): boolean;
  /** Ends the active preview (if any): the rule goes, the window closes. */
  end(why: PreviewEnd): Promise<void>;
  /** The inspected page navigated: a page on another origin ends the preview. */
  navigated(url: string): void;
  /**
   * A request captured under a preview, as the browser saw it: DevTools records the server's own
   * headers, before the rule rewrote them (src/fixes/preview-rule.ts: applyPreviewRule).
   */
  rewrite(captured: CapturedExchange): CapturedExchange;
  /** A preview's rule is in place: show it, time it, and remember how to remove it. */
  began(preview: StartedPreview, remove: () => Promise<void>): void;
}

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

export function createFixPreviewState(
  publish: (view: FixPreviewView) => void,
  timers: PreviewTimers = REAL_TIMERS,
  timeoutMs = PREVIEW_TIMEOUT_MS,
): FixPreviewView {
  let active: ActivePreview | null = null;
  let ended: PreviewEnd | null = null;
  let windows: readonly PreviewWindow[] = [];
  let removeRule: (() => Promise<void>) | null = null;
  let timer: unknown = null;

  const view = (): FixPreviewView => ({ active, ended, windows, previewed, rewrite, end, navigated, began });
  const changed = () => publish(view());

  function began({ rule, ...preview }: StartedPreview, remove: () => Promise<void>): void {
    if (active) void end("stopped");
    const since = timers.now();
    removeRule = remove;
    active = { ...preview, since };
    ended = null;
    windows = [...windows, { apiOrigin: preview.apiOrigin, pageOrigin: preview.pageOrigin, rule, since, until: null }];
    timer = timers.setTimer(() => void end("expired"), timeoutMs);
    changed();
  }

  async function end(why: PreviewEnd): Promise<void> {
    if (!active) return;
    if (timer !== null) timers.clearTimer(timer);
    timer = null;
    const remove = removeRule;
    removeRule = null;
    active = null;
    ended = why;
    const until = timers.now();
    windows = windows.map((w) => (w.until === null ? { ...w, until } : w));
    changed();
    await remove?.();
  }

  function navigated(url: string): void {
    if (!active) return;
    let origin: string | null = null;
    try {
      origin = new URL(url).origin;
    } catch {
      origin = null;
    }
    if (origin !== active.pageOrigin) void end("navigated");
  }

  function windowOf(url: string, startedMs: number | null): PreviewWindow | undefined {
    if (windows.length === 0 || startedMs === null) return undefined;
    return windows.find(
      (w) => url.startsWith(`${w.apiOrigin}/`) && startedMs >= w.since && (w.until === null || startedMs <= w.until),
    );
  }

  function previewed(url: string, startedMs: number | null): boolean {
    return windowOf(url, startedMs) !== undefined;
  }

  function rewrite(captured: CapturedExchange): CapturedExchange {
    const window = windowOf(captured.exchange.hops[0]?.request.url ?? "", captured.startedMs);
    if (!window) return captured;
    const exchange = applyPreviewRule(window.rule, window.pageOrigin, captured.exchange);
    return exchange === captured.exchange ? captured : { ...captured, exchange };
  }

  const first = view();
  publish(first);
  return first;
}
