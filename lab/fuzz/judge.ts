/**
 * The engine against Chromium for one recorded run: the engine reads only the run's HAR (what the
 * panel sees through `getHAR()`); Chromium's verdict is the CDP truth recorded beside it.
 *
 * Agreement: Chromium's verdict, CorsError and failedParameter equal the engine's primary answer
 * or one of the alternatives it states (`Diagnosis.alternatives`: what Chromium reports under a
 * reading the HAR cannot rule out, such as credentials included). The engine then told the user
 * Chromium's answer, under the condition that held; `test/lab/truth.test.ts` uses the same rule.
 */

import { type CapturedExchange, readHar } from "../../src/capture/index.js";
import { type Diagnosis, diagnose } from "../../src/engine/index.js";
import type { Fixture, TruthItem } from "../harness.js";

/** A verdict as both sides state it: the outcome, Chromium's CorsError name and failedParameter. */
export interface Verdict {
  readonly verdict: string;
  readonly corsError: string | null;
  readonly failedParameter: string | null;
}

export interface Judgement {
  readonly request: string;
  /** null when the HAR holds no exchange for the request. */
  readonly engine: Verdict | null;
  readonly chromium: Verdict;
  /** What the engine says Chromium reports under the other readings it could not rule out. */
  readonly alternatives: readonly Verdict[];
  readonly agree: boolean;
  /** The engine said `unknown` (it cannot tell from the HAR): allowed, not a wrong answer. */
  readonly abstained: boolean;
}

/** The exchange whose first hop is the truth item's request (the one with the actual request recorded, if several). */
export function findExchange(exchanges: readonly CapturedExchange[], item: TruthItem): CapturedExchange | undefined {
  const matching = exchanges.filter(
    (e) => e.hopEntries[0]?.url === item.url && e.hopEntries[0]?.method === item.method,
  );
  return matching.find((e) => e.actualRecorded) ?? matching[0];
}

export function chromiumVerdict(item: TruthItem): Verdict {
  return {
    verdict: item.outcome,
    corsError: item.corsError,
    // As DevTools' Issues panel shows it: "" when Chromium sends none.
    failedParameter: item.corsError === null ? null : (item.failedParameter ?? ""),
  };
}

/** The engine's primary answer, in the judge's terms. */
export function engineVerdict(diagnosis: Diagnosis): Verdict {
  return {
    verdict: diagnosis.verdict,
    corsError: diagnosis.corsError,
    failedParameter: diagnosis.corsError === null ? null : diagnosis.failedParameter,
  };
}

/** The alternatives the engine states (each a reading the HAR cannot rule out). */
export function alternativeVerdicts(diagnosis: Diagnosis): Verdict[] {
  return diagnosis.alternatives.map((a) => ({
    verdict: a.verdict,
    corsError: a.corsError,
    failedParameter: a.corsError === null ? null : a.failedParameter,
  }));
}

const same = (a: Verdict, b: Verdict) =>
  a.verdict === b.verdict && a.corsError === b.corsError && a.failedParameter === b.failedParameter;

/** Chromium's verdict is the engine's primary answer or one of its stated alternatives. */
export function agrees(engine: Verdict, alternatives: readonly Verdict[], chromium: Verdict): boolean {
  return same(engine, chromium) || alternatives.some((a) => same(a, chromium));
}

/** One judgement per request Chromium made in the run. */
export function judge(fixture: Pick<Fixture, "har" | "truth">): Judgement[] {
  const read = readHar(fixture.har);
  const exchanges = read.ok ? read.exchanges : [];
  return fixture.truth.map((item) => {
    const chromium = chromiumVerdict(item);
    const exchange = findExchange(exchanges, item);
    let engine: Verdict | null = null;
    let alternatives: Verdict[] = [];
    if (exchange) {
      const diagnosis = diagnose(exchange.exchange);
      engine = engineVerdict(diagnosis);
      alternatives = alternativeVerdicts(diagnosis);
    }
    return {
      request: `${item.method} ${item.url}`,
      engine,
      chromium,
      alternatives,
      agree: engine !== null && agrees(engine, alternatives, chromium),
      abstained: engine !== null && engine.verdict === "unknown" && engine.corsError === null,
    };
  });
}

/** What a disagreement is about, without the details a minimizer may change (failedParameter). */
export function disagreementKind(judgement: Judgement): string {
  const e = judgement.engine;
  const c = judgement.chromium;
  const side = (v: Verdict | null) => (v ? `${v.verdict}/${v.corsError ?? "-"}` : "no-exchange");
  const parameterOnly = e !== null && e.verdict === c.verdict && e.corsError === c.corsError;
  return `${side(e)} vs ${side(c)}${parameterOnly ? " (failedParameter)" : ""}`;
}
