/**
 * The panel's state: signals and actions, no I/O. The composition root (src/extension or a test
 * harness) feeds it HAR entries and Chrome's reports.
 *
 * Built from small stores, each a factory of signals (the way preact-devtools builds its store):
 * the redraw pacing (frame-scheduler.ts), the rows (rows.ts), the filter box and toolbar flags
 * (filters.ts), Chrome's reports (chrome-reports.ts), the HAR import (har-import.ts) and the
 * selection (selection.ts). This file wires them together and owns what spans several: clearing,
 * navigation and the page URL.
 */

import { batch, computed, signal } from "@preact/signals";
import { parseUrl } from "../../engine/index.js";
import type { ChromeCorsReport, PreciseModeState } from "../services.js";
import { createChromeReports } from "./chrome-reports.js";
import { createFilters } from "./filters.js";
import type { FixPreviewView } from "./fix-preview.js";
import { redrawPacing, type Schedule } from "./frame-scheduler.js";
import { createHarImport } from "./har-import.js";
import { awaitedUrls } from "./incomplete.js";
import { createRows } from "./rows.js";
import { createSelection } from "./selection.js";
import { VisibleRows } from "./visible-rows.js";

export type { Row } from "./row.js";

export const DEFAULT_CAP = 10_000;
/** Chrome reports for requests started this long before a navigation event survive its clear. */
const NAVIGATION_SLACK_MS = 3_000;

export interface PanelStateOptions {
  readonly cap?: number;
  /** How updates are batched (default: frameScheduler()); tests pass a synchronous scheduler. */
  readonly schedule?: Schedule;
}

export function createPanelState(options: PanelStateOptions = {}) {
  const pacing = redrawPacing(options.schedule);
  const pageUrl = signal<string | null>(null);
  const precise = signal<PreciseModeState>({ kind: "off" });
  /** Created by the fix preview's chunk on first use (fix-preview.ts), so the list loads without it. */
  const fixPreview = signal<FixPreviewView | null>(null);
  const filters = createFilters();
  const chrome = createChromeReports();
  /** The filtered rows, kept in step with the rows by each flush. */
  const visible = new VisibleRows();

  const rows = createRows({
    cap: options.cap ?? DEFAULT_CAP,
    schedule: pacing.schedule,
    pageOrigin,
    fixPreview: () => fixPreview.peek(),
    producer: () => harImport.producer(),
    chrome,
    visible,
    currentFilter: () => filters.current.peek(),
    onRemoved: (removed, successorOf) => selection.rowsRemoved(removed, successorOf),
  });
  const visibleRows = computed(() => visible.get(rows.rows.value, filters.current.value));
  const selection = createSelection({ rows: rows.rows, visibleRows, rowById: rows.rowById });
  const harImport = createHarImport({
    clear,
    showPage: (url) => {
      pageUrl.value = url;
    },
    addEntries: rows.addEntries,
    rebuildAll: rows.rebuildAll,
  });

  function pageOrigin(): string | null {
    const url = pageUrl.value;
    const origin = url ? parseUrl(url)?.origin : null;
    return origin && origin !== "null" ? origin : null;
  }

  /** Empties the panel. */
  function clear(): void {
    batch(() => {
      rows.clear();
      selection.select(null);
      chrome.clear();
    });
  }

  /**
   * The inspected page navigated: clear unless "Preserve log" is on (like the Network panel).
   * Chrome's own reports come through the debugger, a different channel from DevTools' navigation
   * event, and can overtake it: reports for requests started around the navigation are kept, so the
   * new page's requests still find theirs.
   */
  /** When the last navigation event arrived (rows.clearForNavigation tells new documents from old). */
  let lastNavigationMs: number | null = null;

  function navigated(url: string, now = Date.now()): void {
    pacing.pageLoading();
    if (!filters.flags.preserveLog.value) {
      batch(() => {
        rows.clearForNavigation(url, lastNavigationMs);
        selection.select(null);
        chrome.clear(now - NAVIGATION_SLACK_MS);
      });
    }
    lastNavigationMs = now;
    fixPreview.peek()?.navigated(url);
    setPageUrl(url);
  }

  function setPageUrl(url: string | null): void {
    if (url === pageUrl.value) return;
    pageUrl.value = url;
    // The page origin is only a fallback for exchanges without Origin/Referer evidence.
    rows.rebuildAll();
  }

  function addChromeReport(report: ChromeCorsReport): void {
    chrome.add(report);
    rows.reportArrived(report.url);
    chrome.refreshChromeOnly(rows.isCaptured);
  }

  return {
    rows: rows.rows,
    visibleRows,
    selected: selection.selected,
    counts: rows.counts,
    /** Non-null while rows are left to diagnose ("diagnosing 3,000 of 10,000…"). */
    diagnosing: rows.progress,
    captureGaps: rows.captureGaps,
    dropped: rows.dropped,
    pageUrl,
    chromeOnly: chrome.chromeOnly,
    /** The filter box and the toolbar's flags (filters.ts: FLAGS). */
    filters,
    selectedId: selection.selectedId,
    precise,
    /** "Preview this fix": the active preview and the rows captured under one (fix-preview.ts). */
    fixPreview,
    importedFrom: harImport.importedFrom,
    importError: harImport.importError,
    importHar: harImport.importHar,
    /** Imports a file as it is read (har-import.ts); importHar is the same for text at hand. */
    importHarText: harImport.importHarText,
    returnToLive: harImport.returnToLive,
    /** Adds raw HAR entries (from getHAR or onRequestFinished); duplicates are merged. */
    addEntries: rows.addEntries,
    addChromeReport,
    clear,
    navigated,
    setPageUrl,
    select: selection.select,
    moveSelection: selection.moveSelection,
    /** Applies pending updates now (tests, and before reading state synchronously). */
    flush: rows.flush,
    /**
     * URLs a re-read of getHAR() could still complete (incomplete.ts). Applies delivered updates
     * first: a re-read timer can fire before the next frame draws them.
     */
    awaitedUrls: () => {
      rows.flush();
      return awaitedUrls(rows.listed());
    },
    indexStats: rows.indexStats,
  };
}

export type PanelState = ReturnType<typeof createPanelState>;
