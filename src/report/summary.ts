/**
 * The machine-readable summary of one diagnosed exchange: the shape of `cors-doctor har --json`,
 * of the JSON report, and of what the panel exports. Field names are public API.
 */

import type { CapturedExchange } from "../capture/index.js";
import { type Diagnosis, modeAnswer, type RequestMode } from "../engine/index.js";
import { describeModeAnswer } from "../explain/mode-texts.js";

export interface ExchangeSummary {
  readonly url: string;
  readonly method: string;
  readonly verdict: Diagnosis["verdict"];
  /**
   * The request's mode the verdict rests on (null: the capture cannot tell), where it came from
   * (`sec-fetch-mode`, `resource-type`, `accept-html`, ...), and that in words with its evidence.
   */
  readonly mode: { readonly value: RequestMode | null; readonly source: string; readonly text: string };
  readonly corsError: string | null;
  readonly failedParameter: string | null;
  readonly leg: Diagnosis["leg"];
  /** Index of the hop the verdict is about (0 unless the request was redirected). */
  readonly hop: number;
  readonly status: number;
  readonly redirects: readonly string[];
  readonly preflight: { readonly url: string; readonly status: number } | null;
  /** Root-cause and error codes, most important first. */
  readonly causes: readonly string[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly unknownReasons: readonly string[];
  /**
   * What Chromium reports under the readings the capture cannot rule out, other than the verdict
   * (today: with or without credentials, which HAR never records); empty when the evidence settles it.
   */
  readonly alternatives: readonly {
    readonly when: string;
    readonly verdict: Diagnosis["verdict"];
    readonly corsError: string | null;
    readonly failedParameter: string | null;
    readonly leg: Diagnosis["leg"];
    readonly hop: number;
  }[];
  /** False when only the preflight was captured. */
  readonly actualRecorded: boolean;
  readonly startedDateTime: string | null;
}

export function summarizeExchange(captured: CapturedExchange, diagnosis: Diagnosis): ExchangeSummary {
  const hops = captured.exchange.hops;
  const first = hops[0];
  const last = hops[hops.length - 1];
  const preflight = captured.exchange.hops[diagnosis.hop]?.preflight ?? first?.preflight ?? null;
  // From the exchange, as the five questions take it, without computing the other answers.
  const mode = modeAnswer(captured.exchange);
  return {
    url: first?.request.url ?? "",
    method: first?.request.method ?? "",
    verdict: diagnosis.verdict,
    mode: { value: mode.value, source: mode.source, text: describeModeAnswer(mode) },
    corsError: diagnosis.corsError,
    failedParameter: diagnosis.failedParameter,
    leg: diagnosis.leg,
    hop: diagnosis.hop,
    status: last?.response.status ?? 0,
    redirects: hops.slice(1).map((h) => h.request.url),
    preflight: preflight ? { url: preflight.request.url, status: preflight.response.status } : null,
    causes: diagnosis.findings.filter((f) => f.severity === "error" || f.severity === "cause").map((f) => f.code),
    warnings: diagnosis.findings.filter((f) => f.severity === "warning").map((f) => f.code),
    notes: diagnosis.findings.filter((f) => f.severity === "info").map((f) => f.code),
    unknownReasons: [...diagnosis.unknownReasons],
    alternatives: diagnosis.alternatives.map((a) => ({ ...a })),
    actualRecorded: captured.actualRecorded,
    startedDateTime: captured.startedMs === null ? null : new Date(captured.startedMs).toISOString(),
  };
}
