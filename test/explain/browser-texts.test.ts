/**
 * Each browser's message, as CORS Doctor words it, is the text that browser prints: every Firefox
 * key and WebKit description the engine can predict is generated and parsed back by the console
 * reader (src/console, built from the browsers' own templates), which must recognise the browser,
 * the key and the Chromium error it stands for.
 */

import { describe, expect, it } from "vitest";
import { parseConsoleMessages } from "../../src/console/index.js";
import type {
  BrowserAnswer,
  BrowserAnswers,
  BrowserFailure,
  FailureFacts,
  FirefoxReasonKey,
  WebKitReason,
} from "../../src/engine/index.js";
import { browserMessage, otherBrowsersLine } from "../../src/explain/browser-texts.js";

const FACTS: FailureFacts = {
  url: "http://api.test:47812/v1/items?lab=x",
  origin: "http://app.test:47811",
  status: 405,
  param: "x-request-id",
  redirectTo: null,
};

/** Every key the engine predicts, with the Chromium error the console reader must read back. */
const FIREFOX: Record<FirefoxReasonKey, { param?: string | null; chromium: string | null }> = {
  CORSMissingAllowOrigin2: { chromium: "MissingAllowOriginHeader" },
  CORSMultipleAllowOriginNotAllowed: { chromium: "MultipleAllowOriginValues" },
  CORSAllowOriginNotMatchingOrigin: { param: "http://app.test:47811/", chromium: "AllowOriginMismatch" },
  CORSNotSupportingCredentials: { chromium: "WildcardOriginNotAllowed" },
  CORSMissingAllowCredentials: { chromium: "InvalidAllowCredentials" },
  CORSPreflightDidNotSucceed3: { chromium: "PreflightInvalidStatus" },
  CORSExternalRedirectNotAllowed: { chromium: "PreflightDisallowedRedirect" },
  CORSInvalidAllowMethod: { param: "GET POST", chromium: "InvalidAllowMethodsPreflightResponse" },
  CORSInvalidAllowHeader: { param: "a b", chromium: "InvalidAllowHeadersPreflightResponse" },
  CORSMethodNotFound: { chromium: "MethodDisallowedByPreflightResponse" },
  CORSMissingAllowHeaderFromPreflight2: { param: "x-request-id", chromium: "HeaderDisallowedByPreflightResponse" },
  CORSDidNotSucceed2: { chromium: null },
  CORSRequestNotHttp: { chromium: "CorsDisabledScheme" },
};

const WEBKIT: Record<WebKitReason, { param?: string | null; chromium: string[] }> = {
  "origin-not-allowed": {
    chromium: ["MissingAllowOriginHeader", "AllowOriginMismatch", "InvalidAllowOriginValue"],
  },
  "wildcard-with-credentials": { chromium: ["WildcardOriginNotAllowed"] },
  "multiple-origins": { chromium: ["MultipleAllowOriginValues"] },
  "credentials-not-true": { chromium: ["InvalidAllowCredentials"] },
  "preflight-not-successful": { chromium: ["PreflightInvalidStatus"] },
  "invalid-allow-methods": { param: "GET POST", chromium: ["InvalidAllowMethodsPreflightResponse"] },
  "invalid-allow-headers": { param: "a b", chromium: ["InvalidAllowHeadersPreflightResponse"] },
  "method-not-allowed": { param: "PUT", chromium: ["MethodDisallowedByPreflightResponse"] },
  "header-not-allowed": { param: "x-request-id", chromium: ["HeaderDisallowedByPreflightResponse"] },
  "redirect-has-credentials": { param: "http://u:p@api.test/", chromium: ["RedirectContainsCredentials"] },
};

/** The error a parsed message stands for: the name, or every candidate when it fits several. */
function namesOf(message: string) {
  const parsed = parseConsoleMessages(message);
  expect(parsed, message).toHaveLength(1);
  const [first] = parsed;
  if (!first) throw new Error("unreachable");
  return { ...first, names: first.corsError ? [first.corsError] : first.candidates };
}

describe("Firefox's messages, as the engine words them", () => {
  it.each(Object.entries(FIREFOX))("%s parses back to its key", (key, { param, chromium }) => {
    const failure: BrowserFailure = {
      engine: "firefox",
      key: key as FirefoxReasonKey,
      ...FACTS,
      param: param ?? null,
      status: key === "CORSDidNotSucceed2" ? null : FACTS.status,
    };
    const message = browserMessage(failure);
    const parsed = namesOf(message);
    expect(parsed.browser).toBe("firefox");
    expect(parsed.firefoxKey).toBe(key);
    expect(parsed.url).toBe(FACTS.url);
    if (chromium) expect(parsed.names).toContain(chromium);
    if (param) expect(parsed.failedParameter).toBe(param);
  });
});

describe("Safari's messages, as the engine words them", () => {
  it.each(Object.entries(WEBKIT))("%s parses back to its meaning", (reason, { param, chromium }) => {
    const failure: BrowserFailure = {
      engine: "webkit",
      reason: reason as WebKitReason,
      ...FACTS,
      param: param ?? null,
    };
    const parsed = namesOf(browserMessage(failure));
    expect(parsed.browser).toBe("safari");
    expect(parsed.names).toEqual(expect.arrayContaining(chromium));
  });

  it("names where a failing redirect led, the way WebKit does", () => {
    const failure: BrowserFailure = {
      engine: "webkit",
      reason: "origin-not-allowed",
      ...FACTS,
      status: 302,
      redirectTo: "http://other.test:47812/next",
    };
    const message = browserMessage(failure);
    expect(message).toBe(
      "Cross-origin redirection to http://other.test:47812/next denied by Cross-Origin Resource Sharing policy: Origin http://app.test:47811 is not allowed by Access-Control-Allow-Origin. Status code: 302",
    );
    expect(namesOf(message).browser).toBe("safari");
  });
});

describe("the line about the other browsers", () => {
  const allowed = (browser: BrowserAnswer["browser"]): BrowserAnswer => ({
    browser,
    verdict: "allowed",
    failure: null,
    differences: [],
    unknownReason: null,
    alternatives: [],
  });

  it("is absent when every browser decides alike", () => {
    const answers: BrowserAnswers = {
      chrome: allowed("chrome"),
      firefox: allowed("firefox"),
      safari: allowed("safari"),
    };
    expect(otherBrowsersLine(answers)).toBeNull();
  });

  it("names the browser that differs with its own message, then the others", () => {
    const answers: BrowserAnswers = {
      chrome: allowed("chrome"),
      firefox: allowed("firefox"),
      safari: {
        browser: "safari",
        verdict: "blocked",
        failure: { engine: "webkit", reason: "header-not-allowed", ...FACTS, param: "authorization" },
        differences: [],
        unknownReason: null,
        alternatives: [],
      },
    };
    expect(otherBrowsersLine(answers)).toBe(
      "blocked in Safari: Request header field authorization is not allowed by Access-Control-Allow-Headers.; allowed in Chrome and Firefox",
    );
  });

  it("groups browsers that are unknown for the same reason", () => {
    const unknown = (browser: "firefox" | "safari"): BrowserAnswer => ({
      browser,
      verdict: "unknown",
      failure: null,
      differences: [],
      unknownReason: "LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY",
      alternatives: [],
    });
    const answers: BrowserAnswers = {
      chrome: { ...allowed("chrome"), verdict: "blocked" },
      firefox: unknown("firefox"),
      safari: unknown("safari"),
    };
    expect(otherBrowsersLine(answers)).toMatch(
      /^unknown in Firefox and Safari: .*Local Network Access.*; blocked in Chrome$/,
    );
  });
});
