/**
 * Chrome's own CORS reports (precise mode): kept to match captured requests, merged when several
 * events tell about the same request, and listed apart when no captured request matches.
 */

import { signal } from "@preact/signals";
import type { CapturedExchange } from "../../capture/index.js";
import { currentCorsErrorName, type Diagnosis, isCorsErrorName } from "../../engine/index.js";
import type { ChromeCorsReport } from "../services.js";

/** Chrome reports kept for matching (precise mode); older ones are dropped. */
const MAX_CHROME_REPORTS = 5_000;
/** How many reports without a captured request are listed. */
const MAX_CHROME_ONLY = 50;

export function createChromeReports() {
  let reports: ChromeCorsReport[] = [];
  /** Chrome's reports that match no captured request (made before capture started). */
  const chromeOnly = signal<readonly ChromeCorsReport[]>([]);

  /** Adds a report, or completes the one with the same id. */
  function add(report: ChromeCorsReport): void {
    const same = reports.findIndex((r) => r.id === report.id);
    if (same >= 0) {
      const previous = reports[same] as ChromeCorsReport;
      // Network, Audits and Log events each carry part of the story: keep what each adds.
      reports[same] = {
        ...previous,
        ...Object.fromEntries(Object.entries(report).filter(([, v]) => v !== null)),
      } as ChromeCorsReport;
    } else {
      reports.push(report);
    }
    if (reports.length > MAX_CHROME_REPORTS) reports = reports.slice(-MAX_CHROME_REPORTS);
  }

  /** The report for this exchange: same URL and method, nearest in time, naming an error if any does. */
  function reportFor(captured: CapturedExchange): ChromeCorsReport | null {
    if (reports.length === 0) return null;
    const urls = new Set(captured.exchange.hops.map((h) => h.request.url));
    const method = captured.exchange.hops[0]?.request.method;
    let best: ChromeCorsReport | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const report of reports) {
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

  /** Recomputes `chromeOnly`; `isCaptured` says whether a captured request has this URL. */
  function refreshChromeOnly(isCaptured: (url: string) => boolean): void {
    const previous = chromeOnly.value;
    if (reports.length === 0) {
      if (previous.length > 0) chromeOnly.value = [];
      return;
    }
    const next = reports.filter((r) => r.corsError !== null && !isCaptured(r.url)).slice(-MAX_CHROME_ONLY);
    // Unchanged: keep the same array, so nothing re-renders.
    if (next.length !== previous.length || next.some((r, i) => r !== previous[i])) chromeOnly.value = next;
  }

  /**
   * Forgets the reports, except, when `keepSince` is given, those for requests started at or after
   * it (or at an unknown time).
   */
  function clear(keepSince?: number): void {
    reports = keepSince === undefined ? [] : reports.filter((r) => r.timeMs === null || r.timeMs >= keepSince);
    chromeOnly.value = [];
  }

  return { chromeOnly, add, reportFor, refreshChromeOnly, clear };
}

export type ChromeReports = ReturnType<typeof createChromeReports>;

/**
 * Chrome and the engine agree when they name the same error (old names mapped to current ones),
 * or when Chrome names the error of a reading the engine states beside its verdict (the
 * credentials mode HAR does not record: `Diagnosis.alternatives`).
 */
export function agrees(report: ChromeCorsReport, diagnosis: Diagnosis): boolean {
  const chromeError =
    report.corsError && isCorsErrorName(report.corsError) ? currentCorsErrorName(report.corsError) : report.corsError;
  if (chromeError === null) return diagnosis.verdict !== "blocked" || diagnosis.corsError === null;
  return diagnosis.corsError === chromeError || diagnosis.alternatives.some((a) => a.corsError === chromeError);
}
