/**
 * The rows: HAR entries go into the incremental ExchangeStore; only exchanges that changed are
 * re-diagnosed, and their rows, totals and the filtered list are kept in step change by change.
 * Nothing walks every row per update.
 */

import { batch, computed, signal } from "@preact/signals";
import { type CapturedEntry, normalizeHarEntry } from "../../capture/index.js";
import { Interner } from "../../capture/intern.js";
import { ExchangeStore, type StoredExchange } from "../../capture/store.js";
import type { CaptureProducer } from "../../engine/index.js";
import type { ChromeReports } from "./chrome-reports.js";
import type { RowFilter } from "./filters.js";
import type { FixPreviewView } from "./fix-preview.js";
import type { Schedule } from "./frame-scheduler.js";
import { buildRow, type Row } from "./row.js";
import { MANY_REMOVALS, RowList } from "./row-list.js";
import { RowTotals } from "./row-totals.js";
import { timingEnd, timingStart } from "./timing.js";
import type { VisibleRows } from "./visible-rows.js";

/**
 * A scheduled flush diagnoses for about this long, then draws what it has and goes on in the next
 * one: 10,000 new exchanges at once (an imported file, the first getHAR() of a big session) show
 * their first rows within a frame or two instead of after every diagnosis.
 */
export const FLUSH_BUDGET_MS = 12;

/** While rows are left to diagnose: how many are done, of how many known so far. */
export interface DiagnosisProgress {
  readonly done: number;
  readonly total: number;
}

export interface RowsDeps {
  readonly cap: number;
  readonly schedule: Schedule;
  readonly pageOrigin: () => string | null;
  /** The fix preview, once one was started (rows captured under it are rewritten). */
  readonly fixPreview?: () => FixPreviewView | null;
  /** The tool that wrote the imported HAR shown; null for the live capture. */
  readonly producer: () => CaptureProducer | null;
  readonly chrome: ChromeReports;
  /** The filtered list, told about each change. */
  readonly visible: VisibleRows;
  readonly currentFilter: () => RowFilter;
  /**
   * Rows removed by a flush (evicted, or merged into another exchange), inside its batch;
   * `successorOf` names the exchange that now holds a removed row's entries, if any.
   */
  readonly onRemoved: (removed: ReadonlySet<string>, successorOf: (id: string) => string | null) => void;
}

export function createRows(deps: RowsDeps) {
  const { cap, visible, chrome } = deps;
  let store = new ExchangeStore(cap);
  const interner = new Interner();
  let entrySequence = 0;
  /** Each stored exchange's current row. */
  const cache = new Map<string, { version: number; row: Row; stored: StoredExchange }>();
  const list = new RowList();
  const totals = new RowTotals();
  const pending = new Set<string>();
  /** Exchanges to re-diagnose although they did not change (a Chrome report arrived for them). */
  const forced = new Set<string>();
  let flushScheduled = false;
  /**
   * After a navigation event that came before its document request (clearForNavigation): the
   * exchanges it cleared, until that request arrives.
   */
  let awaitingDocument: {
    readonly url: string;
    readonly after: number | null;
    readonly exchanges: readonly StoredExchange[];
  } | null = null;

  const rows = signal<readonly Row[]>([]);
  const dropped = signal(0);
  const rowTotals = signal(totals.totals);
  /** Non-null while a budgeted flush left exchanges to diagnose. */
  const progress = signal<DiagnosisProgress | null>(null);

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

  const isCaptured = (url: string) => totals.hasUrl(url);

  function build(stored: StoredExchange): Row {
    const producer = deps.producer();
    const preview = deps.fixPreview?.();
    return buildRow(stored, {
      ...(preview ? { underPreview: preview.rewrite } : {}),
      pageOrigin: deps.pageOrigin(),
      ...(producer ? { producer } : {}),
      documentIps: store.documentIps,
      chromeReportFor: chrome.reportFor,
    });
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

  function insert(stored: StoredExchange, row: Row): void {
    const index = list.insert(stored, row);
    visible.inserted(row, list.rows, index);
  }

  /** Applies every pending update now (tests, and before reading state synchronously). */
  function flush(): void {
    flushSome(Number.POSITIVE_INFINITY);
  }

  /** The scheduled flush: diagnoses for about `FLUSH_BUDGET_MS`, then schedules the rest. */
  function scheduledFlush(): void {
    flushScheduled = false;
    flushSome(FLUSH_BUDGET_MS);
    if (pending.size > 0) requestFlush();
  }

  /**
   * Applies pending updates: removals all, re-diagnoses in pending order until `budgetMs` is
   * spent (at least one); the rest stay pending, their old rows (if any) shown meanwhile.
   */
  function flushSome(budgetMs: number): void {
    if (pending.size === 0) return;
    const started = timingStart();
    const built: string[] = [];
    const removed = new Set<string>();
    const removedRows = new Map<string, Row>();
    const gone = new Set<StoredExchange>();
    const changed: StoredExchange[] = [];
    visible.begin(rows.peek(), deps.currentFilter());
    for (const id of pending) {
      const stored = store.get(id);
      const cached = cache.get(id);
      if (cached && cached.stored !== stored) {
        // Removed (evicted, merged into another exchange), or replaced under the same id.
        if (!stored) removedRows.set(id, cached.row);
        gone.add(cached.stored);
        totals.account(cached.row, -1);
        visible.removed(cached.row);
        cache.delete(id);
      }
      if (!stored) {
        removed.add(id);
        forced.delete(id);
        continue;
      }
      const current = cache.get(id);
      if (!current || current.version !== stored.version || forced.has(id)) changed.push(stored);
    }
    pending.clear();
    if (gone.size > MANY_REMOVALS) visible.invalidate();
    list.remove(gone);
    const deadline = budgetMs === Number.POSITIVE_INFINITY ? budgetMs : performance.now() + budgetMs;
    let builtCount = 0;
    for (const stored of changed) {
      if (builtCount > 0 && builtCount % 16 === 0 && performance.now() > deadline) {
        // Out of time: the rest wait for the next flush, in the same order.
        for (let i = builtCount; i < changed.length; i++) pending.add((changed[i] as StoredExchange).id);
        break;
      }
      builtCount++;
      forced.delete(stored.id);
      const row = build(stored);
      const cached = cache.get(stored.id);
      const index = cached ? list.indexOf(stored) : -1;
      if (cached && index >= 0) {
        totals.account(cached.row, -1);
        list.replaceAt(index, row);
        visible.replaced(cached.row, row, list.rows, index);
        cached.version = stored.version;
        cached.row = row;
      } else {
        if (cached) {
          totals.account(cached.row, -1);
          visible.removed(cached.row);
        }
        insert(stored, row);
        cache.set(stored.id, { version: stored.version, row, stored });
      }
      totals.account(row, 1);
      built.push(stored.id);
    }
    const next = list.rows.slice();
    visible.commit(next);
    batch(() => {
      progress.value = pending.size > 0 ? { done: cache.size, total: store.size } : null;
      rows.value = next;
      rowTotals.value = totals.totals;
      dropped.value = store.dropped;
      deps.onRemoved(removed, (id) => {
        const row = removedRows.get(id);
        return row ? successorOf(row) : null;
      });
      chrome.refreshChromeOnly(isCaptured);
    });
    timingEnd("cors-doctor:flush", started, () => ({ built, removed: removed.size, rows: list.rows.length }));
  }

  function requestFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    deps.schedule(scheduledFlush);
  }

  /** Adds raw HAR entries (from getHAR or onRequestFinished); duplicates are merged. */
  /** Adds raw HAR entries; returns them normalized, for callers that look at what arrived. */
  function addEntries(raw: readonly unknown[]): CapturedEntry[] {
    const started = timingStart();
    const added: CapturedEntry[] = [];
    for (const item of raw) {
      const entry = interner.entry(normalizeHarEntry(item, entrySequence++));
      added.push(entry);
      for (const id of store.add(entry)) pending.add(id);
    }
    documentArrived(added);
    requestFlush();
    timingEnd("cors-doctor:ingest", started, () => ({
      entries: raw.length,
      // One delivery: its URL, for the benchmark's time from the callback to the row painted.
      ...(added.length === 1 ? { url: added[0]?.url } : {}),
    }));
    return added;
  }

  /** Forgets every row (the store keeps its exchanges). */
  function resetRows(): void {
    cache.clear();
    list.clear();
    visible.reset();
    totals.reset();
  }

  /** Builds every row again (the page origin they fall back on changed). */
  function rebuildAll(): void {
    resetRows();
    for (const stored of store.list()) pending.add(stored.id);
    requestFlush();
  }

  /** Forgets everything; the caller batches this with the rest of the state it clears. */
  function clear(): void {
    awaitingDocument = null;
    store = new ExchangeStore(cap);
    interner.clear();
    resetRows();
    pending.clear();
    forced.clear();
    progress.value = null;
    rows.value = [];
    rowTotals.value = totals.totals;
    dropped.value = 0;
  }

  /**
   * The inspected page navigated to `url`: forgets the previous page's exchanges, and keeps those
   * started at or after the new page's document request. Firefox tells of a navigation only after
   * the new page's first requests, and sometimes its document request, have finished (its smoke
   * test lost a fast failing preflight's row 2 runs in 3); Chromium tells first. So when the new
   * document request has not arrived yet, the exchanges cleared wait (`awaitingDocument`) until it
   * does, and those started since come back. A document request counts as new only if it started
   * after the previous navigation event (`previousNavigationMs`), so a reload keeps nothing old.
   */
  function clearForNavigation(url: string, previousNavigationMs: number | null): void {
    const exchanges = store.list().filter((stored) => stored.startedMs !== null);
    const documentStart = newDocumentStart(url, previousNavigationMs, exchanges.flatMap(recordedEntries));
    clear();
    if (documentStart === null) {
      awaitingDocument = { url, after: previousNavigationMs, exchanges };
      return;
    }
    restoreSince(documentStart, exchanges);
  }

  /** A stored exchange's entries as captured (a lone preflight's stand-in actual request is made again). */
  function recordedEntries(stored: StoredExchange): CapturedEntry[] {
    const entries = [...stored.preflights, ...(stored.actualRecorded ? stored.hops : [])];
    return entries.filter((entry): entry is CapturedEntry => entry !== null);
  }

  /** When the newest request among `entries` for the document at `url` started, if after `after`. */
  function newDocumentStart(url: string, after: number | null, entries: readonly CapturedEntry[]): number | null {
    let newest: number | null = null;
    for (const entry of entries) {
      const started = entry.startedMs;
      if (started === null || entry.isPreflight || entry.url !== url) continue;
      if (after !== null && started <= after) continue;
      if (newest === null || started > newest) newest = started;
    }
    return newest;
  }

  function restoreSince(documentStart: number, exchanges: readonly StoredExchange[]): void {
    for (const stored of exchanges) {
      if (stored.startedMs === null || stored.startedMs < documentStart) continue;
      for (const entry of recordedEntries(stored)) for (const id of store.add(entry)) pending.add(id);
    }
    requestFlush();
  }

  /** The new page's document request arrived after its navigation event: bring back what followed it. */
  function documentArrived(added: readonly CapturedEntry[]): void {
    if (!awaitingDocument) return;
    const documentStart = newDocumentStart(awaitingDocument.url, awaitingDocument.after, added);
    if (documentStart === null) return;
    const { exchanges } = awaitingDocument;
    awaitingDocument = null;
    restoreSince(documentStart, exchanges);
  }

  /** A Chrome report arrived for `url`: re-diagnose the exchanges it may belong to. */
  function reportArrived(url: string): void {
    if (isCaptured(url)) {
      for (const stored of list.stored) {
        if (stored.hops.some((h) => h.url === url)) {
          pending.add(stored.id);
          forced.add(stored.id);
        }
      }
    }
    requestFlush();
  }

  return {
    rows,
    dropped,
    counts,
    /** Non-null while exchanges are left to diagnose (a big batch is drawn as it goes). */
    progress,
    captureGaps,
    /** The row of an exchange, as of the last flush. */
    rowById: (id: string): Row | null => cache.get(id)?.row ?? null,
    /** The rows as of the last flush, without waiting for their signal. */
    listed: (): readonly Row[] => list.rows,
    isCaptured,
    addEntries,
    reportArrived,
    rebuildAll,
    clear,
    clearForNavigation,
    flush,
    /** Sizes of the capture store's indexes (the long-session test proves them bounded). */
    indexStats: () => store.indexStats(),
  };
}

export type Rows = ReturnType<typeof createRows>;
