/**
 * getHAR() read again after each navigation, for requests onRequestFinished never delivered.
 *
 * Firefox ESR 153's onRequestFinished now and then delivers neither a failed preflight nor the
 * request it blocked (the Firefox smoke test's preflight-404 scenario, 1 load in 6; traced: the
 * page's document delivered, nothing after it), while getHAR() holds both. Chromium has not been
 * seen to miss one, and getHAR() holds up DevTools while it builds the log (1.5 s at 10,000
 * requests; reread.ts): a re-read in the middle of a page's 10,000 requests took the panel's p95
 * from request to diagnosis from 40 ms to over a second. So only builds whose browser misses
 * deliveries use this (NetworkSource.missesDeliveries), and a re-read waits for a lull in
 * deliveries. The caller takes in only the new page's entries (PanelState.pageSince), in case
 * DevTools' own "Preserve log" keeps older ones.
 *
 * Pure scheduling: the timers and the re-read come in, so tests drive it with fake time.
 */

export const PAGE_REREAD_DELAYS_MS = [1_000, 4_000] as const;
/** A re-read waits until no entry was delivered for this long (at most MAX_WAIT_FOR_LULL_MS). */
export const LULL_MS = 1_000;
const MAX_WAIT_FOR_LULL_MS = 30_000;

export interface PageRereadDeps {
  readonly reread: () => Promise<void>;
  /** When the last entry was delivered (same clock as `now`). */
  readonly lastDeliveryAt: () => number;
  readonly now?: () => number;
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
  const now = deps.now ?? (() => performance.now());
  let timers = new Set<unknown>();

  function arm(run: () => void, ms: number): void {
    const timer = setTimer(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }

  function rereadInALull(since: number): void {
    const quietFor = now() - deps.lastDeliveryAt();
    if (quietFor < LULL_MS && now() - since < MAX_WAIT_FOR_LULL_MS) {
      arm(() => rereadInALull(since), LULL_MS - quietFor);
      return;
    }
    void deps.reread().catch(() => {});
  }

  return {
    navigated() {
      for (const timer of timers) clearTimer(timer);
      timers = new Set();
      for (const ms of PAGE_REREAD_DELAYS_MS) arm(() => rereadInALull(now()), ms);
    },
  };
}
