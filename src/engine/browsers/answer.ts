/**
 * What Chrome, Firefox and Safari each decide for one exchange, from Chromium's diagnosis. Chromium
 * is the default and the reference: the other two answer the same unless a recorded difference
 * (rules.ts) says otherwise, and `unknown` where no recording shows what they do.
 */

import { currentCorsErrorName } from "../fetch/cors-error.js";
import type { Diagnosis, Exchange } from "../types.js";
import { failedResponse } from "./facts.js";
import { type EngineFailure, firefoxFailure } from "./firefox.js";
import { type BrowserUnknownCode, DIFFERENCE_RULES } from "./rules.js";
import type { Browser, BrowserAnswer, BrowserAnswers } from "./types.js";
import { webkitFailure } from "./webkit.js";

/** Local Network Access's errors: Firefox and WebKit implement none of it (cors-failures.md §4.6). */
const LOCAL_NETWORK_ACCESS_ERRORS: ReadonlySet<string> = new Set([
  "InsecureLocalNetwork",
  "InvalidLocalNetworkAccess",
  "LocalNetworkAccessPermissionDenied",
]);

export function answerInBrowsers(exchange: Exchange, diagnosis: Diagnosis): BrowserAnswers {
  return {
    chrome: chromeAnswer(exchange, diagnosis),
    firefox: otherAnswer("firefox", exchange, diagnosis),
    safari: otherAnswer("safari", exchange, diagnosis),
  };
}

/** True when some browser's verdict differs from Chrome's (an `unknown` one included). */
export function browsersDisagree(answers: BrowserAnswers): boolean {
  return answers.firefox.verdict !== answers.chrome.verdict || answers.safari.verdict !== answers.chrome.verdict;
}

function chromeAnswer(exchange: Exchange, diagnosis: Diagnosis): BrowserAnswer {
  const facts = diagnosis.corsError ? failedResponse(exchange, diagnosis).facts : null;
  return {
    browser: "chrome",
    verdict: diagnosis.verdict,
    failure:
      facts && diagnosis.corsError
        ? { engine: "chromium", corsError: diagnosis.corsError, ...facts, param: diagnosis.failedParameter ?? "" }
        : null,
    differences: [],
    unknownReason: null,
  };
}

function unknown(browser: Browser, reason: BrowserUnknownCode): BrowserAnswer {
  return { browser, verdict: "unknown", failure: null, differences: [], unknownReason: reason };
}

function otherAnswer(browser: "firefox" | "safari", exchange: Exchange, diagnosis: Diagnosis): BrowserAnswer {
  if (diagnosis.verdict === "unknown") return unknown(browser, "CHROMIUM_UNKNOWN");
  const corsError = diagnosis.corsError ? currentCorsErrorName(diagnosis.corsError) : null;
  // A request Chromium stopped for Local Network Access: no other engine stops it there, and what
  // it does next depends on the CORS checks Chromium never ran (lna-* scenarios: not run elsewhere).
  if (corsError && LOCAL_NETWORK_ACCESS_ERRORS.has(corsError)) {
    return unknown(browser, "LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY");
  }
  if (diagnosis.verdict !== "blocked" || corsError === null) {
    // Allowed, not CORS and network errors: the same in every engine the lab ran.
    return { browser, verdict: diagnosis.verdict, failure: null, differences: [], unknownReason: null };
  }
  const failed = failedResponse(exchange, diagnosis);
  const found: EngineFailure | null =
    browser === "firefox" ? firefoxFailure(corsError, failed) : webkitFailure(corsError, diagnosis.leg, failed);
  if (!found) return unknown(browser, "NOT_RECORDED");
  return {
    browser,
    verdict: "blocked",
    failure: found.failure,
    differences: found.differences.map((code) => ({ code, changesVerdict: DIFFERENCE_RULES[code].changesVerdict })),
    unknownReason: null,
  };
}
