/**
 * The panel's state: signals and actions, no I/O. The composition root (src/extension or a test
 * harness) feeds it HAR entries and Chrome's reports.
 *
 * Entries go into the incremental ExchangeStore; only exchanges that changed are re-diagnosed,
 * and updates arriving within one frame are coalesced into one render. Nothing walks every row
 * per update: totals, the filtered list and the rows are kept in step change by change.
 */

import { batch, computed, signal } from "@preact/signals";
import { toCapturedExchange } from "../../capture/exchanges.js";
import { type CapturedExchange, normalizeHarEntry, parseHarDocument, parseJsonText } from "../../capture/index.js";
import { Interner } from "../../capture/intern.js";
import { ExchangeStore, type StoredExchange } from "../../capture/store.js";
import { currentCorsErrorName, type Diagnosis, diagnose, isCorsErrorName, parseUrl } from "../../engine/index.js";
import type { ChromeCorsReport, PreciseModeState } from "../services.js";
import { timingEnd, timingStart } from "./timing.js";
import { type RowFilter, VisibleRows } from "./visible-rows.js";

export { haystackOf } from "./visible-rows.js";

export const DEFAULT_CAP = 10_000;
/** Chrome reports kept for matching (precise mode); older ones are dropped. */
const MAX_CHROME_REPORTS = 5_000;
/** Chrome reports for requests started this long before a navigation event survive its clear. */
const NAVIGATION_SLACK_MS = 3_000;

export interface Row {
  readonly id: string;
  readonly captured: CapturedExchange;
  readonly diagnosis: Diagnosis;
  /** Chrome's own verdict for this request (precise mode), when it reported one. */
  readonly chrome: ChromeCorsReport | null;
  /** Chrome and the engine name different errors. */
  readonly disagrees: boolean;
}

export interface PanelStateOptions {
  readonly cap?: number;
  /** How updates are batched (default: frameScheduler()); tests pass a synchronous scheduler. */
  readonly schedule?: (flush: () => void) => void;
}

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

/**
 * A scheduler that runs `flush` before a frame is drawn, at most once per `minIntervalMs`.
 * DevTools delivers each finished request in a task of its own, often many per frame: their
 * updates are coalesced into one render. The first update after a quiet spell is drawn in the
 * very next frame.
 */
export function frameScheduler(
  minIntervalMs: number | (() => number) = MIN_REDRAW_INTERVAL_MS,
): (flush: () => void) => void {
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  const interval = typeof minIntervalMs === "function" ? minIntervalMs : () => minIntervalMs;
  return (flush) => {
    let done = false;
    const run = () => {
      if (done) return;
      const wait = lastFlushAt + interval() - performance.now();
      if (wait > 1) {
        setTimeout(run, wait);
        return;
      }
      done = true;
      lastFlushAt = performance.now();
      flush();
    };
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(run);
    setTimeout(run, FRAME_FALLBACK_MS);
  };
}

export function createPanelState(options: PanelStateOptions = {}) {
  const cap = options.cap ?? DEFAULT_CAP;
  /** Until when the inspected page is taken to be loading (after a navigation). */
  let loadingUntil = Number.NEGATIVE_INFINITY;
  const schedule =
    options.schedule ??
    frameScheduler(() => (performance.now() < loadingUntil ? LOADING_REDRAW_INTERVAL_MS : MIN_REDRAW_INTERVAL_MS));
  let store = new ExchangeStore(cap);
  const interner = new Interner();
  let entrySequence = 0;
  /** Each stored exchange's current row. */
  const cache = new Map<string, { version: number; row: Row; stored: StoredExchange }>();
  /** The stored exchanges in list order, and their rows at the same indices. */
  let order: StoredExchange[] = [];
  let list: Row[] = [];
  const pending = new Set<string>();
  /** Exchanges to re-diagnose although they did not change (a Chrome report arrived for them). */
  const forced = new Set<string>();
  let flushScheduled = false;
  let chromeReports: ChromeCorsReport[] = [];
  /**
   * Running totals over `list`, kept up to date as rows come, change and go, so that an update
   * never walks every row (10,000 of them in a long session).
   */
  let totals = { blocked: 0, corsRequests: 0, captureGaps: 0 };
  /** How many rows have a hop with each URL (Chrome reports for other URLs are "Chrome only"). */
  const capturedUrls = new Map<string, number>();

  // Data
  const rows = signal<readonly Row[]>([]);
  const dropped = signal(0);
  const pageUrl = signal<string | null>(null);
  const chromeOnly = signal<readonly ChromeCorsReport[]>([]);
  const rowTotals = signal(totals);

  /** The HAR file being shown instead of the live capture, if one was imported. */
  const importedFrom = signal<string | null>(null);
  const importError = signal<string | null>(null);

  // View state
  const filterText = signal("");
  const blockedOnly = signal(false);
  const showNotCors = signal(false);
  const preserveLog = signal(false);
  const selectedId = signal<string | null>(null);
  const precise = signal<PreciseModeState>({ kind: "off" });

  /** The filtered rows, kept in step with `list` by each flush. */
  const visible = new VisibleRows();
  const currentFilter = (): RowFilter => ({
    text: filterText.peek().trim().toLowerCase(),
    blockedOnly: blockedOnly.peek(),
    showNotCors: showNotCors.peek(),
  });
  const visibleRows = computed(() =>
    visible.get(rows.value, {
      text: filterText.value.trim().toLowerCase(),
      blockedOnly: blockedOnly.value,
      showNotCors: showNotCors.value,
    }),
  );

  const selected = computed(() => {
    const id = selectedId.value;
    // The cache holds exactly the listed rows once a flush has run; reading `rows` tracks them.
    const listed = rows.value;
    if (id === null || listed.length === 0) return null;
    return cache.get(id)?.row ?? null;
  });

  const counts = computed(() => {
    const t = rowTotals.value;
    return {
      total: rows.value.length,
      corsRequests: t.corsRequests,
      blocked: t.blocked,
      dropped: dropped.value,
      cap,
    };
  });

  /** Requests needing a preflight that was never captured, or blocked before capture: offer a reload. */
  const captureGaps = computed(() => rowTotals.value.captureGaps > 0);

  function pageOrigin(): string | null {
    const url = pageUrl.value;
    const origin = url ? parseUrl(url)?.origin : null;
    return origin && origin !== "null" ? origin : null;
  }

  function buildRow(stored: StoredExchange): Row {
    const captured = toCapturedExchange(stored, { pageOrigin: pageOrigin() }, store.documentIps);
    const diagnosis = diagnose(captured.exchange);
    const chrome = findChromeReport(captured);
    return {
      id: stored.id,
      captured,
      diagnosis,
      chrome,
      disagrees: chrome !== null && !agrees(chrome, diagnosis),
    };
  }

  /** Adds a row to the running totals (sign 1) or takes it out (sign -1). */
  function account(row: Row, sign: 1 | -1): void {
    const verdict = row.diagnosis.verdict;
    const hasGap = row.diagnosis.findings.some((f) => f.code === "PREFLIGHT_NOT_CAPTURED");
    totals = {
      blocked: totals.blocked + (verdict === "blocked" ? sign : 0),
      corsRequests: totals.corsRequests + (verdict !== "not-cors" ? sign : 0),
      captureGaps: totals.captureGaps + (hasGap ? sign : 0),
    };
    for (const hop of row.captured.exchange.hops) {
      const url = hop.request.url;
      const count = (capturedUrls.get(url) ?? 0) + sign;
      if (count > 0) capturedUrls.set(url, count);
      else capturedUrls.delete(url);
    }
  }

  function findChromeReport(captured: CapturedExchange): ChromeCorsReport | null {
    if (chromeReports.length === 0) return null;
    const urls = new Set(captured.exchange.hops.map((h) => h.request.url));
    const method = captured.exchange.hops[0]?.request.method;
    let best: ChromeCorsReport | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const report of chromeReports) {
      if (!urls.has(report.url)) continue;
      if (report.method && method && report.method !== method) continue;
      // A report that names the error beats a console line alone.
      const distance =
        (report.timeMs !== null && captured.startedMs !== null ? Math.abs(report.timeMs - captured.startedMs) : 0) +
        (report.corsError === null ? 1e9 : 0);
      if (distance < bestDistance) {
        best = report;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The exchange that now holds a removed row's entries (it was merged, e.g. a lone preflight). */
  function successorOf(row: Row): string | null {
    const keys = [...row.captured.hopEntries, ...row.captured.preflightEntries].flatMap((e) => (e ? [e.key] : []));
    for (const key of keys) {
      const id = store.exchangeIdOf(key);
      if (id) return id;
    }
    return null;
  }

  /** Where `stored` sits in the list: rows change near the end (new) or the start (evicted). */
  function indexOf(stored: StoredExchange): number {
    for (let low = 0, high = order.length - 1; low <= high; low++, high--) {
      if (order[high] === stored) return high;
      if (order[low] === stored) return low;
    }
    return -1;
  }

  /** Inserts in start order. */
  function insertOrdered(stored: StoredExchange, row: Row): void {
    const key = stored.startedMs ?? 0;
    let index = order.length;
    // Most exchanges arrive in order: search from the end.
    while (index > 0) {
      const previous = order[index - 1] as StoredExchange;
      const previousKey = previous.startedMs ?? 0;
      if (previousKey < key || (previousKey === key && previous.sequence < stored.sequence)) break;
      index--;
    }
    if (index === order.length) {
      order.push(stored);
      list.push(row);
    } else {
      order.splice(index, 0, stored);
      list.splice(index, 0, row);
    }
    visible.inserted(row, list, index);
  }

  /** Takes rows out of the list: one by one when few, in one pass when many. */
  function removeFromList(gone: Set<StoredExchange>): void {
    if (gone.size === 0) return;
    if (gone.size > 32) visible.invalidate();
    if (gone.size <= 32) {
      for (const stored of gone) {
        const index = indexOf(stored);
        if (index < 0) continue;
        order.splice(index, 1);
        list.splice(index, 1);
      }
      return;
    }
    const keptOrder: StoredExchange[] = [];
    const keptList: Row[] = [];
    for (let i = 0; i < order.length; i++) {
      const stored = order[i] as StoredExchange;
      if (gone.has(stored)) continue;
      keptOrder.push(stored);
      keptList.push(list[i] as Row);
    }
    order = keptOrder;
    list = keptList;
  }

  function flush(): void {
    flushScheduled = false;
    if (pending.size === 0) return;
    const started = timingStart();
    const built: string[] = [];
    const removed = new Set<string>();
    const gone = new Set<StoredExchange>();
    const changed: StoredExchange[] = [];
    let selectionMovedTo: string | null = null;
    visible.begin(rows.peek(), currentFilter());
    for (const id of pending) {
      const stored = store.get(id);
      const cached = cache.get(id);
      if (cached && cached.stored !== stored) {
        // Removed (evicted, merged into another exchange), or replaced under the same id.
        if (!stored && id === selectedId.value) selectionMovedTo = successorOf(cached.row);
        gone.add(cached.stored);
        account(cached.row, -1);
        visible.removed(cached.row);
        cache.delete(id);
      }
      if (!stored) {
        removed.add(id);
        continue;
      }
      const current = cache.get(id);
      if (!current || current.version !== stored.version || forced.has(id)) changed.push(stored);
    }
    pending.clear();
    forced.clear();
    removeFromList(gone);
    for (const stored of changed) {
      const row = buildRow(stored);
      const cached = cache.get(stored.id);
      const index = cached ? indexOf(stored) : -1;
      if (cached && index >= 0) {
        account(cached.row, -1);
        list[index] = row;
        visible.replaced(cached.row, row, list, index);
        cached.version = stored.version;
        cached.row = row;
      } else {
        if (cached) {
          account(cached.row, -1);
          visible.removed(cached.row);
        }
        insertOrdered(stored, row);
        cache.set(stored.id, { version: stored.version, row, stored });
      }
      account(row, 1);
      built.push(stored.id);
    }
    const next = list.slice();
    visible.commit(next);
    batch(() => {
      rows.value = next;
      rowTotals.value = totals;
      dropped.value = store.dropped;
      if (selectedId.value !== null && removed.has(selectedId.value)) selectedId.value = selectionMovedTo;
      updateChromeOnly();
    });
    timingEnd("cors-doctor:flush", started, () => ({ built, removed: removed.size, rows: list.length }));
  }

  function requestFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(flush);
  }

  /** Adds raw HAR entries (from getHAR or onRequestFinished); duplicates are merged. */
  function addEntries(raw: readonly unknown[]): void {
    const started = timingStart();
    for (const item of raw) {
      const entry = interner.entry(normalizeHarEntry(item, entrySequence++));
      for (const id of store.add(entry)) pending.add(id);
    }
    requestFlush();
    timingEnd("cors-doctor:ingest", started, () => ({ entries: raw.length }));
  }

  /** Forgets every row (the store keeps its exchanges). */
  function resetRows(): void {
    cache.clear();
    order = [];
    list = [];
    visible.reset();
    totals = { blocked: 0, corsRequests: 0, captureGaps: 0 };
    capturedUrls.clear();
  }

  function rebuildAll(): void {
    resetRows();
    for (const stored of store.list()) pending.add(stored.id);
    requestFlush();
  }

  function clear(): void {
    store = new ExchangeStore(cap);
    interner.clear();
    resetRows();
    pending.clear();
    forced.clear();
    chromeReports = [];
    batch(() => {
      rows.value = [];
      rowTotals.value = totals;
      dropped.value = 0;
      selectedId.value = null;
      chromeOnly.value = [];
    });
  }

  /**
   * The inspected page navigated: clear unless "Preserve log" is on (like the Network panel).
   * Chrome's own reports come through the debugger, a different channel from DevTools' navigation
   * event, and can overtake it: reports for requests started around the navigation are kept, so the
   * new page's requests still find theirs.
   */
  function navigated(url: string, now = Date.now()): void {
    if (typeof performance !== "undefined") loadingUntil = performance.now() + LOADING_MS;
    if (!preserveLog.value) {
      const recent = chromeReports.filter((r) => r.timeMs === null || r.timeMs >= now - NAVIGATION_SLACK_MS);
      clear();
      chromeReports = recent;
    }
    setPageUrl(url);
  }

  function setPageUrl(url: string | null): void {
    if (url === pageUrl.value) return;
    pageUrl.value = url;
    // The page origin is only a fallback for exchanges without Origin/Referer evidence.
    rebuildAll();
  }

  function addChromeReport(report: ChromeCorsReport): void {
    const same = chromeReports.findIndex((r) => r.id === report.id);
    if (same >= 0) {
      const previous = chromeReports[same] as ChromeCorsReport;
      // Network, Audits and Log events each carry part of the story: keep what each adds.
      chromeReports[same] = {
        ...previous,
        ...Object.fromEntries(Object.entries(report).filter(([, v]) => v !== null)),
      } as ChromeCorsReport;
    } else {
      chromeReports.push(report);
    }
    if (chromeReports.length > MAX_CHROME_REPORTS) chromeReports = chromeReports.slice(-MAX_CHROME_REPORTS);
    // Re-diagnose the exchanges this report may belong to.
    if (capturedUrls.has(report.url)) {
      for (const stored of order) {
        if (stored.hops.some((h) => h.url === report.url)) {
          pending.add(stored.id);
          forced.add(stored.id);
        }
      }
    }
    requestFlush();
    updateChromeOnly();
  }

  /** Chrome's reports that match no captured request (made before capture started). */
  function updateChromeOnly(): void {
    const previous = chromeOnly.value;
    if (chromeReports.length === 0) {
      if (previous.length > 0) chromeOnly.value = [];
      return;
    }
    const next = chromeReports.filter((r) => r.corsError !== null && !capturedUrls.has(r.url)).slice(-50);
    // Unchanged: keep the same array, so nothing re-renders.
    if (next.length !== previous.length || next.some((r, i) => r !== previous[i])) chromeOnly.value = next;
  }

  /**
   * Shows a teammate's HAR file instead of the live capture. Returns false (and sets importError)
   * when the text is not a HAR document.
   */
  function importHar(text: string, name: string): boolean {
    const json = parseJsonText(text);
    if (!json.ok) {
      importError.value = `${name} is not a HAR file: it is not JSON (${json.message})`;
      return false;
    }
    const parsed = parseHarDocument(json.value);
    if (!parsed.ok) {
      importError.value = `${name} is ${parsed.message}.`;
      return false;
    }
    clear();
    importError.value = null;
    importedFrom.value = name;
    const firstPage = parsed.log.pages[0]?.title ?? null;
    pageUrl.value = firstPage && parseUrl(firstPage) ? firstPage : null;
    addEntries(parsed.log.entries);
    return true;
  }

  /** Leaves the imported file and returns to the live capture (the caller backfills). */
  function returnToLive(): void {
    importedFrom.value = null;
    importError.value = null;
    clear();
  }

  /**
   * URLs of requests a re-read of getHAR() could still complete: a hop recorded with status 0, no
   * headers and a failure, unless its preflight got an error status (an incomplete first copy,
   * browser-facts §2.6a), and preflights whose actual request has not been delivered. A request
   * stopped by its preflight was never sent: nothing fuller will come for it. Applies delivered
   * updates first: a re-read timer can fire before the next frame draws them.
   */
  function awaitedUrls(): Set<string> {
    flush();
    const urls = new Set<string>();
    for (const row of list) {
      const { captured } = row;
      if (!captured.actualRecorded) {
        for (const entry of captured.preflightEntries) if (entry) urls.add(entry.url);
        continue;
      }
      captured.hopEntries.forEach((hop, index) => {
        if (!looksIncomplete(hop)) return;
        // A preflight answered with an error status stopped the request: Chromium never sent it.
        // (Not the diagnosis: an incomplete copy of a request after a good preflight can read as
        // a preflight failure, e.g. by inferring credentials.)
        const preflight = captured.preflightEntries[index];
        const stoppedByPreflight =
          preflight != null && !looksIncomplete(preflight) && (preflight.status < 200 || preflight.status > 299);
        if (!stoppedByPreflight) urls.add(hop.url);
      });
    }
    return urls;
  }

  function select(id: string | null): void {
    selectedId.value = id;
  }

  /** Moves the selection within the visible rows (keyboard navigation). */
  function moveSelection(delta: number): void {
    const list = visibleRows.value;
    if (list.length === 0) return;
    const index = list.findIndex((row) => row.id === selectedId.value);
    const next =
      index === -1 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + delta));
    selectedId.value = list[next]?.id ?? null;
  }

  return {
    rows,
    visibleRows,
    selected,
    counts,
    captureGaps,
    dropped,
    pageUrl,
    chromeOnly,
    filterText,
    blockedOnly,
    showNotCors,
    preserveLog,
    selectedId,
    precise,
    importedFrom,
    importError,
    importHar,
    returnToLive,
    addEntries,
    addChromeReport,
    clear,
    navigated,
    setPageUrl,
    select,
    moveSelection,
    /** Applies pending updates now (tests, and before reading state synchronously). */
    flush,
    awaitedUrls,
    /** Sizes of the capture store's indexes (the long-session test proves them bounded). */
    indexStats: () => store.indexStats(),
  };
}

/** Recorded with status 0, no headers and a failure: possibly an incomplete first copy (§2.6a). */
function looksIncomplete(entry: CapturedExchange["hopEntries"][number]): boolean {
  return entry.status === 0 && entry.responseHeaders.length === 0 && entry.outcome.state === "failed";
}

/** Chrome and the engine agree when they name the same error (old names mapped to current ones). */
function agrees(report: ChromeCorsReport, diagnosis: Diagnosis): boolean {
  const chromeError =
    report.corsError && isCorsErrorName(report.corsError) ? currentCorsErrorName(report.corsError) : report.corsError;
  if (chromeError === null) return diagnosis.verdict !== "blocked" || diagnosis.corsError === null;
  return diagnosis.corsError === chromeError;
}

export type PanelState = ReturnType<typeof createPanelState>;
