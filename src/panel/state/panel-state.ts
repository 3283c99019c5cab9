/**
 * The panel's state: signals and actions, no I/O. The composition root (src/extension or a test
 * harness) feeds it HAR entries and Chrome's reports.
 *
 * Entries go into the incremental ExchangeStore; only exchanges that changed are re-diagnosed,
 * and updates arriving together are coalesced into one render.
 */

import { batch, computed, signal } from "@preact/signals";
import { toCapturedExchange } from "../../capture/exchanges.js";
import { type CapturedExchange, normalizeHarEntry, parseHarDocument } from "../../capture/index.js";
import { ExchangeStore, type StoredExchange } from "../../capture/store.js";
import { currentCorsErrorName, type Diagnosis, diagnose, isCorsErrorName, parseUrl } from "../../engine/index.js";
import type { ChromeCorsReport, PreciseModeState } from "../services.js";

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
  /** Lower-cased text the filter box searches. */
  readonly haystack: string;
}

export interface PanelStateOptions {
  readonly cap?: number;
  /** How updates are batched; tests pass a synchronous scheduler. */
  readonly schedule?: (flush: () => void) => void;
}

export function createPanelState(options: PanelStateOptions = {}) {
  const cap = options.cap ?? DEFAULT_CAP;
  const schedule = options.schedule ?? ((flush: () => void) => queueMicrotask(flush));
  let store = new ExchangeStore(cap);
  let entrySequence = 0;
  const cache = new Map<string, { version: number; row: Row }>();
  let order: StoredExchange[] = [];
  const pending = new Set<string>();
  let flushScheduled = false;
  let chromeReports: ChromeCorsReport[] = [];

  // Data
  const rows = signal<readonly Row[]>([]);
  const dropped = signal(0);
  const pageUrl = signal<string | null>(null);
  const chromeOnly = signal<readonly ChromeCorsReport[]>([]);

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

  const visibleRows = computed(() => {
    const text = filterText.value.trim().toLowerCase();
    const onlyBlocked = blockedOnly.value;
    const notCors = showNotCors.value;
    return rows.value.filter((row) => {
      const verdict = row.diagnosis.verdict;
      if (onlyBlocked && verdict !== "blocked") return false;
      if (!notCors && verdict === "not-cors") return false;
      return text === "" || row.haystack.includes(text);
    });
  });

  const selected = computed(() => {
    const id = selectedId.value;
    return id === null ? null : (rows.value.find((row) => row.id === id) ?? null);
  });

  const counts = computed(() => {
    let blocked = 0;
    let corsRequests = 0;
    for (const row of rows.value) {
      if (row.diagnosis.verdict === "blocked") blocked++;
      if (row.diagnosis.verdict !== "not-cors") corsRequests++;
    }
    return { total: rows.value.length, corsRequests, blocked, dropped: dropped.value, cap };
  });

  /** Requests needing a preflight that was never captured, or blocked before capture: offer a reload. */
  const captureGaps = computed(() =>
    rows.value.some((row) => row.diagnosis.findings.some((f) => f.code === "PREFLIGHT_NOT_CAPTURED")),
  );

  function pageOrigin(): string | null {
    const url = pageUrl.value;
    const origin = url ? parseUrl(url)?.origin : null;
    return origin && origin !== "null" ? origin : null;
  }

  function buildRow(stored: StoredExchange): Row {
    const captured = toCapturedExchange(stored, { pageOrigin: pageOrigin() }, store.documentIps);
    const diagnosis = diagnose(captured.exchange);
    const chrome = findChromeReport(captured);
    const first = captured.exchange.hops[0];
    return {
      id: stored.id,
      captured,
      diagnosis,
      chrome,
      disagrees: chrome !== null && !agrees(chrome, diagnosis),
      haystack:
        `${first?.request.method ?? ""} ${captured.exchange.hops.map((h) => h.request.url).join(" ")} ${diagnosis.verdict} ${diagnosis.corsError ?? ""} ${diagnosis.findings.map((f) => f.code).join(" ")}`.toLowerCase(),
    };
  }

  function findChromeReport(captured: CapturedExchange): ChromeCorsReport | null {
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

  function insertOrdered(stored: StoredExchange): void {
    const key = stored.startedMs ?? 0;
    let index = order.length;
    // Most exchanges arrive in order: search from the end.
    while (index > 0) {
      const previous = order[index - 1] as StoredExchange;
      const previousKey = previous.startedMs ?? 0;
      if (previousKey < key || (previousKey === key && previous.sequence < stored.sequence)) break;
      index--;
    }
    order.splice(index, 0, stored);
  }

  function flush(): void {
    flushScheduled = false;
    if (pending.size === 0) return;
    const removed = new Set<string>();
    let selectionMovedTo: string | null = null;
    for (const id of pending) {
      const stored = store.get(id);
      if (!stored) {
        const previous = cache.get(id)?.row;
        if (previous && id === selectedId.value) selectionMovedTo = successorOf(previous);
        cache.delete(id);
        removed.add(id);
        continue;
      }
      const cached = cache.get(id);
      if (!cached) insertOrdered(stored);
      if (!cached || cached.version !== stored.version)
        cache.set(id, { version: stored.version, row: buildRow(stored) });
    }
    pending.clear();
    if (removed.size > 0) order = order.filter((stored) => !removed.has(stored.id));
    batch(() => {
      rows.value = order.map((stored) => (cache.get(stored.id) as { row: Row }).row);
      dropped.value = store.dropped;
      if (selectedId.value !== null && removed.has(selectedId.value)) selectedId.value = selectionMovedTo;
      updateChromeOnly();
    });
  }

  function requestFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(flush);
  }

  /** Adds raw HAR entries (from getHAR or onRequestFinished); duplicates are merged. */
  function addEntries(raw: readonly unknown[]): void {
    for (const item of raw) {
      const entry = normalizeHarEntry(item, entrySequence++);
      for (const id of store.add(entry)) pending.add(id);
    }
    requestFlush();
  }

  function rebuildAll(): void {
    cache.clear();
    order = [];
    for (const stored of store.list()) pending.add(stored.id);
    requestFlush();
  }

  function clear(): void {
    store = new ExchangeStore(cap);
    cache.clear();
    order = [];
    pending.clear();
    chromeReports = [];
    batch(() => {
      rows.value = [];
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
    for (const stored of order) {
      if (stored.hops.some((h) => h.url === report.url)) {
        cache.delete(stored.id);
        pending.add(stored.id);
        order = order.filter((s) => s !== stored);
      }
    }
    requestFlush();
    updateChromeOnly();
  }

  /** Chrome's reports that match no captured request (made before capture started). */
  function updateChromeOnly(): void {
    const captured = new Set<string>();
    for (const stored of order) for (const hop of stored.hops) captured.add(hop.url);
    chromeOnly.value = chromeReports.filter((r) => r.corsError !== null && !captured.has(r.url)).slice(-50);
  }

  /**
   * Shows a teammate's HAR file instead of the live capture. Returns false (and sets importError)
   * when the text is not a HAR document.
   */
  function importHar(text: string, name: string): boolean {
    let document: unknown;
    try {
      document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      importError.value = `${name} is not a HAR file: it is not JSON (${(error as Error).message.replace(/\s+/g, " ").slice(0, 120)}).`;
      return false;
    }
    const parsed = parseHarDocument(document);
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

  /** Requests recorded with no response yet (a fuller copy may still come from getHAR). */
  function incompleteCount(): number {
    let count = 0;
    for (const stored of order) {
      if (stored.hops.some((h) => h.status === 0 && h.responseHeaders.length === 0 && h.outcome.state === "failed"))
        count++;
    }
    return count;
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
    incompleteCount,
  };
}

/** Chrome and the engine agree when they name the same error (old names mapped to current ones). */
function agrees(report: ChromeCorsReport, diagnosis: Diagnosis): boolean {
  const chromeError =
    report.corsError && isCorsErrorName(report.corsError) ? currentCorsErrorName(report.corsError) : report.corsError;
  if (chromeError === null) return diagnosis.verdict !== "blocked" || diagnosis.corsError === null;
  return diagnosis.corsError === chromeError;
}

export type PanelState = ReturnType<typeof createPanelState>;
