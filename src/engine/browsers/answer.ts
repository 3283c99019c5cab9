/**
 * What Chrome, Firefox and Safari each decide for one exchange, from Chromium's diagnosis. Chromium
 * is the default and the reference: the other two answer the same unless a recorded difference
 * (rules.ts) says otherwise, and `unknown` where no recording shows what they do.
 */

import { currentCorsErrorName } from "../fetch/cors-error.js";
import { isChromiumOnlySafelisted } from "../fetch/safelist.js";
import type { Diagnosis, Exchange } from "../types.js";
import { type ChromiumReading, type FailedResponse, failedResponse } from "./facts.js";
import { type EngineFailure, firefoxFailure } from "./firefox.js";
import { type BrowserDifferenceCode, type BrowserUnknownCode, DIFFERENCE_RULES } from "./rules.js";
import { type BrowserAnswer, type BrowserAnswers, type BrowserFailure, ENGINE_OF } from "./types.js";
import { webkitFailure } from "./webkit.js";

/** Local Network Access's errors: Firefox and WebKit implement none of it (cors-failures.md §4.6). */
const LOCAL_NETWORK_ACCESS_ERRORS: ReadonlySet<string> = new Set([
  "InsecureLocalNetwork",
  "InvalidLocalNetworkAccess",
  "LocalNetworkAccessPermissionDenied",
]);

type OneAnswer = Omit<BrowserAnswer, "browser" | "alternatives">;

/** What one reading needs from the exchange, each worked out once and shared by the browsers. */
interface ReadingContext {
  readonly exchange: Exchange;
  readonly reading: ChromiumReading;
  readonly origin: string | null;
  readonly failed: () => FailedResponse;
  readonly clientHints: () => boolean;
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

export function answerInBrowsers(exchange: Exchange, diagnosis: Diagnosis): BrowserAnswers {
  const origin = diagnosis.questions.origin.value;
  const clientHints = once(() => sendsUnpreflightedClientHints(exchange));
  const context = (reading: ChromiumReading): ReadingContext => ({
    exchange,
    reading,
    origin,
    failed: once(() => failedResponse(exchange, reading, origin)),
    clientHints,
  });
  const primary = context({ ...readingOf(diagnosis), credentials: diagnosis.questions.credentials.mode ?? "omit" });
  const others = diagnosis.alternatives.map((alternative) =>
    context({ ...alternative, credentials: alternative.when === "with-credentials" ? "include" : "omit" }),
  );
  const answer = (browser: "firefox" | "safari"): BrowserAnswer => ({
    browser,
    ...otherAnswer(browser, primary),
    alternatives: others.map((other, index) => {
      const { verdict, failure, unknownReason } = otherAnswer(browser, other);
      return { when: diagnosis.alternatives[index]?.when ?? "with-credentials", verdict, failure, unknownReason };
    }),
  });
  return { chrome: chromeAnswer(diagnosis, primary, others), firefox: answer("firefox"), safari: answer("safari") };
}

function readingOf(diagnosis: Diagnosis): Omit<ChromiumReading, "credentials"> {
  const { verdict, corsError, failedParameter, leg, hop } = diagnosis;
  return { verdict, corsError, failedParameter, leg, hop };
}

/** True when some browser's verdict differs from Chrome's (an `unknown` one included). */
export function browsersDisagree(answers: BrowserAnswers): boolean {
  return answers.firefox.verdict !== answers.chrome.verdict || answers.safari.verdict !== answers.chrome.verdict;
}

function chromeAnswer(diagnosis: Diagnosis, primary: ReadingContext, others: readonly ReadingContext[]): BrowserAnswer {
  const failure = (context: ReadingContext): BrowserFailure | null => {
    const { corsError, failedParameter } = context.reading;
    return corsError
      ? { engine: "chromium", corsError, ...context.failed().facts, param: failedParameter ?? "" }
      : null;
  };
  return {
    browser: "chrome",
    verdict: diagnosis.verdict,
    failure: failure(primary),
    differences: [],
    unknownReason: null,
    alternatives: diagnosis.alternatives.map((alternative, index) => {
      const other = others[index];
      return {
        when: alternative.when,
        verdict: alternative.verdict,
        failure: other ? failure(other) : null,
        unknownReason: null,
      };
    }),
  };
}

function unknown(reason: BrowserUnknownCode): OneAnswer {
  return { verdict: "unknown", failure: null, differences: [], unknownReason: reason };
}

function otherAnswer(browser: "firefox" | "safari", context: ReadingContext): OneAnswer {
  const { reading } = context;
  if (reading.verdict === "unknown") return unknown("CHROMIUM_UNKNOWN");
  const corsError = reading.corsError ? currentCorsErrorName(reading.corsError) : null;
  // A request Chromium stopped for Local Network Access: no other engine stops it there, and what
  // it does next depends on the CORS checks Chromium never ran (lna-* scenarios: not run elsewhere).
  if (corsError && LOCAL_NETWORK_ACCESS_ERRORS.has(corsError)) return unknown("LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY");
  if (
    (reading.verdict === "allowed" || reading.verdict === "blocked") &&
    DIFFERENCE_RULES.CLIENT_HINTS_NEED_PREFLIGHT.engines.some((engine) => engine === ENGINE_OF[browser]) &&
    context.clientHints()
  ) {
    return { ...unknown("PREFLIGHT_ONLY_CHROMIUM_SKIPS"), differences: [difference("CLIENT_HINTS_NEED_PREFLIGHT")] };
  }
  // WebKit counts a preflight lost on the network as failing its access control checks.
  if (browser === "safari" && reading.verdict === "network-error" && reading.leg === "preflight") {
    return {
      verdict: "blocked",
      failure: null,
      differences: [difference("WEBKIT_PREFLIGHT_NETWORK_ERROR_IS_BLOCKED")],
      unknownReason: null,
    };
  }
  if (reading.verdict !== "blocked") {
    // Allowed, not CORS and network errors: the same in every engine the lab ran.
    return { verdict: reading.verdict, failure: null, differences: [], unknownReason: null };
  }
  // A block Chromium names no CORS error for: no recording says what the others do.
  if (corsError === null) return unknown("NOT_RECORDED");
  // fetch() in mode "same-origin" to another origin: Firefox and WebKit reject it as a network
  // error without a CORS reason (same-origin-mode-cross-origin), Chromium names DisallowedByMode.
  if (corsError === "DisallowedByMode") {
    return {
      verdict: "network-error",
      failure: null,
      differences: [difference("SAME_ORIGIN_MODE_IS_NETWORK_ERROR")],
      unknownReason: null,
    };
  }
  const failed = context.failed();
  const found: EngineFailure | null =
    browser === "firefox" ? firefoxFailure(corsError, failed) : webkitFailure(corsError, reading.leg, failed);
  if (!found) return unknown("NOT_RECORDED");
  return {
    verdict: found.verdict,
    failure: found.failure,
    differences: found.differences.map(difference),
    unknownReason: null,
  };
}

function difference(code: BrowserDifferenceCode) {
  return { code, changesVerdict: DIFFERENCE_RULES[code].changesVerdict };
}

/**
 * A hop sent without a preflight that carries a header only Chromium safelists: Firefox sends a
 * preflight for it, whose answer no capture of Chromium's holds (allowed-safelisted-total-1024).
 */
function sendsUnpreflightedClientHints(exchange: Exchange): boolean {
  return exchange.hops.some(
    (hop) =>
      hop.preflightState !== "paired" &&
      hop.request.headers.some((header) => isChromiumOnlySafelisted(header.name, header.value)),
  );
}
