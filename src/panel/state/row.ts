/** One row of the list: a captured exchange, its diagnosis, and Chrome's own verdict when known. */

import { toCapturedExchange } from "../../capture/exchanges.js";
import type { CapturedExchange } from "../../capture/index.js";
import type { StoredExchange } from "../../capture/store.js";
import { type CaptureProducer, type Diagnosis, diagnose } from "../../engine/index.js";
import type { ChromeCorsReport } from "../services.js";
import { agrees } from "./chrome-reports.js";

export interface Row {
  readonly id: string;
  readonly captured: CapturedExchange;
  readonly diagnosis: Diagnosis;
  /** Chrome's own verdict for this request (precise mode), when it reported one. */
  readonly chrome: ChromeCorsReport | null;
  /** Chrome and the engine name different errors. */
  readonly disagrees: boolean;
}

export interface RowContext {
  /** The inspected page's origin: a fallback for exchanges without Origin/Referer evidence. */
  readonly pageOrigin: string | null;
  /** The tool that wrote an imported HAR; undefined for the live capture (this browser's own). */
  readonly producer?: CaptureProducer;
  readonly documentIps: ReadonlyMap<string, string>;
  readonly chromeReportFor: (captured: CapturedExchange) => ChromeCorsReport | null;
  /** A request captured under a fix preview, as the browser saw it (state/fix-preview.ts). */
  readonly underPreview?: (captured: CapturedExchange) => CapturedExchange;
}

export function buildRow(stored: StoredExchange, context: RowContext): Row {
  const recorded = toCapturedExchange(
    stored,
    { pageOrigin: context.pageOrigin, ...(context.producer ? { producer: context.producer } : {}) },
    context.documentIps,
  );
  const captured = context.underPreview ? context.underPreview(recorded) : recorded;
  const diagnosis = diagnose(captured.exchange);
  const chrome = context.chromeReportFor(captured);
  return {
    id: stored.id,
    captured,
    diagnosis,
    chrome,
    disagrees: chrome !== null && !agrees(chrome, diagnosis),
  };
}
