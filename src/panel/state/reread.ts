/**
 * When to re-read getHAR().
 *
 * onRequestFinished sometimes delivers a request that failed only the response check with status 0
 * and no headers; moments later getHAR() has the full copy (browser-facts §2.6a). A preflight
 * answered with a redirect can come the same way (status 0, no headers, ERR_INVALID_REDIRECT). So
 * after such an entry getHAR() is re-read a few times, while some request may still get a fuller
 * copy (not for a request a failed preflight blocked: it was never sent); the store keeps the
 * fuller copy.
 *
 * getHAR() makes DevTools build the whole session's HAR, which holds up everything DevTools does
 * (measured: 0.1 s at 1,000 requests, 1.5 s at 10,000; bench/panel.ts). So re-reads are spaced by
 * at least ten times what the last one took, in a big session they wait for a lull in requests
 * (at most a minute), and only the entries of the awaited requests are taken in.
 *
 * Pure scheduling: the clock, the timers and getHAR() come in, so tests drive it with fake time.
 */

export const REREAD_DELAYS_MS = [250, 1000, 3000] as const;
/** A session with more rows, or a re-read slower than this, waits for a lull in requests. */
const BIG_SESSION_ROWS = 500;
const SLOW_REREAD_MS = 50;
const LULL_MS = 1_000;
const MAX_WAIT_FOR_LULL_MS = 60_000;

export interface RereadDeps {
  /**
   * URLs a re-read could still complete. Must include entries delivered but not yet drawn (the
   * panel batches updates per frame; see PanelState.awaitedUrls, which applies them first).
   */
  readonly awaitedUrls: () => ReadonlySet<string>;
  /** Re-reads getHAR() and takes in the entries of these URLs. */
  readonly reread: (urls: ReadonlySet<string>) => Promise<void>;
  readonly rowCount: () => number;
  readonly now?: () => number;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
}

export interface RereadScheduler {
  /** An entry was delivered (any entry: big sessions wait for a lull between deliveries). */
  delivered(): void;
  /** An entry that getHAR() may later hold in full was delivered: re-read soon. */
  awaitFullerCopy(): void;
}

export function createRereadScheduler(deps: RereadDeps): RereadScheduler {
  const now = deps.now ?? (() => performance.now());
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  let timerPending = false;
  let rereading = false;
  /** A new entry to await arrived while a re-read was in flight: its answer may predate it. */
  let arrivedDuringReread = false;
  let attempt = 0;
  let lastRereadMs = 0;
  let lastDeliveryAt = Number.NEGATIVE_INFINITY;

  function schedule(): void {
    if (timerPending || rereading) return;
    const delay = Math.max(
      REREAD_DELAYS_MS[Math.min(attempt, REREAD_DELAYS_MS.length - 1)] as number,
      lastRereadMs * 10,
    );
    const scheduledAt = now();
    const fire = () => {
      timerPending = false;
      const awaited = deps.awaitedUrls();
      if (awaited.size === 0) {
        attempt = 0;
        return;
      }
      const startedAt = now();
      const big = lastRereadMs > SLOW_REREAD_MS || deps.rowCount() > BIG_SESSION_ROWS;
      if (big && startedAt - lastDeliveryAt < LULL_MS && startedAt - scheduledAt < MAX_WAIT_FOR_LULL_MS) {
        timerPending = true;
        setTimer(fire, LULL_MS);
        return;
      }
      attempt++;
      rereading = true;
      arrivedDuringReread = false;
      const settle = (ok: boolean) => {
        rereading = false;
        lastRereadMs = now() - startedAt;
        if (arrivedDuringReread) {
          // A fresh entry gets its own full series of attempts.
          arrivedDuringReread = false;
          attempt = 0;
          schedule();
        } else if (ok && attempt < REREAD_DELAYS_MS.length && deps.awaitedUrls().size > 0) schedule();
        else attempt = 0;
      };
      deps.reread(awaited).then(
        () => settle(true),
        () => settle(false),
      );
    };
    timerPending = true;
    setTimer(fire, delay);
  }

  return {
    delivered() {
      lastDeliveryAt = now();
    },
    awaitFullerCopy() {
      if (rereading) {
        arrivedDuringReread = true;
        return;
      }
      // A fresh entry gets the whole series, even when it arrives late in another's.
      attempt = 0;
      schedule();
    },
  };
}
