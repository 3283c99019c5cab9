/**
 * getHAR() read again after each navigation, for requests onRequestFinished never delivered.
 *
 * Firefox ESR 153's onRequestFinished now and then delivers neither a failed preflight nor the
 * request it blocked (the Firefox smoke test's preflight-404 scenario, 1 load in 6; traced: the
 * page's document delivered, nothing after it), while getHAR() holds both. Chromium has not been
 * seen to miss one, and a re-read right after a navigation is cheap there: DevTools' log holds only
 * the new page (0.1 s at 1,000 requests; reread.ts). The caller takes in only the new page's
 * entries (PanelState.pageSince), in case DevTools' own "Preserve log" keeps older ones.
 *
 * Pure scheduling: the timers and the re-read come in, so tests drive it with fake time.
 */

export const PAGE_REREAD_DELAYS_MS = [1_000, 4_000] as const;

export interface PageRereadDeps {
  readonly reread: () => Promise<void>;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

export interface PageRereads {
  /** The inspected page navigated: re-read after each delay; a newer navigation cancels the rest. */
  navigated(): void;
}

export function createPageRereads(deps: PageRereadDeps): PageRereads {
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let timers: unknown[] = [];
  return {
    navigated() {
      for (const timer of timers) clearTimer(timer);
      timers = PAGE_REREAD_DELAYS_MS.map((ms) => setTimer(() => void deps.reread().catch(() => {}), ms));
    },
  };
}
