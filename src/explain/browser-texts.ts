/**
 * Per-browser words: each browser's failure as that browser prints it in the console (Chrome's
 * DevTools text, Firefox's `security.properties` reasons in en-US, WebKit's access-control
 * descriptions; the templates src/console parses back: test/explain/browser-texts.test.ts), the
 * rules by which Firefox and Safari depart from Chrome, and the one line that sums it up:
 * "blocked in Safari: …; allowed in Chrome and Firefox".
 */

import {
  BROWSERS,
  type Browser,
  type BrowserAnswer,
  type BrowserAnswers,
  type BrowserDifferenceCode,
  type BrowserFailure,
  type BrowserUnknownCode,
  type FirefoxReasonKey,
  type WebKitReason,
} from "../engine/browsers/index.js";
import { chromeConsoleMessage } from "./format.js";

export const BROWSER_NAME: Readonly<Record<Browser, string>> = {
  chrome: "Chrome",
  firefox: "Firefox",
  safari: "Safari",
};

const ACAO = "‘Access-Control-Allow-Origin’";

/** Firefox's reason after "(Reason: ", `{p}` the quoted parameter and `{s}` the status. */
const FIREFOX_REASON: Readonly<Record<FirefoxReasonKey, string>> = {
  CORSDidNotSucceed2: "CORS request did not succeed). Status code: {s}.",
  CORSRequestNotHttp: "CORS request not http).",
  CORSExternalRedirectNotAllowed: "CORS request external redirect not allowed).",
  CORSMissingAllowOrigin2: `CORS header ${ACAO} missing). Status code: {s}.`,
  CORSMultipleAllowOriginNotAllowed: `Multiple CORS header ${ACAO} not allowed).`,
  CORSAllowOriginNotMatchingOrigin: `CORS header ${ACAO} does not match ‘{p}’).`,
  CORSNotSupportingCredentials: `Credential is not supported if the CORS header ${ACAO} is ‘*’).`,
  CORSMethodNotFound: "Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
  CORSMissingAllowCredentials: "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
  CORSPreflightDidNotSucceed3: "CORS preflight response did not succeed). Status code: {s}.",
  CORSInvalidAllowMethod: "invalid token ‘{p}’ in CORS header ‘Access-Control-Allow-Methods’).",
  CORSInvalidAllowHeader: "invalid token ‘{p}’ in CORS header ‘Access-Control-Allow-Headers’).",
  CORSMissingAllowHeaderFromPreflight2:
    "header ‘{p}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
};

/** WebKit's description, `{o}` the origin, `{s}` the status and `{p}` the value it quotes. */
const WEBKIT_TEXT: Readonly<Record<WebKitReason, string>> = {
  "origin-not-allowed": "Origin {o} is not allowed by Access-Control-Allow-Origin. Status code: {s}",
  "wildcard-with-credentials": "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
  "multiple-origins": "Access-Control-Allow-Origin cannot contain more than one origin.",
  "credentials-not-true": 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".',
  "preflight-not-successful": "Preflight response is not successful. Status code: {s}",
  "invalid-allow-methods": "Header Access-Control-Allow-Methods has an invalid value: {p}",
  "invalid-allow-headers": "Header Access-Control-Allow-Headers has an invalid value: {p}",
  "method-not-allowed": "Method {p} is not allowed by Access-Control-Allow-Methods.",
  "header-not-allowed": "Request header field {p} is not allowed by Access-Control-Allow-Headers.",
  "redirect-has-credentials": "redirection URL {p} has credentials",
};

function fill(template: string, values: { p?: string | null; s?: number | null; o?: string | null }): string {
  return template
    .replaceAll("{p}", values.p ?? "")
    .replaceAll("{s}", values.s === null || values.s === undefined ? "(null)" : String(values.s))
    .replaceAll("{o}", values.o ?? "null");
}

/** The console line the browser prints for this failure, in its own words. */
export function browserMessage(failure: BrowserFailure): string {
  switch (failure.engine) {
    case "chromium":
      return chromeConsoleMessage(failure.corsError, failure.param ?? "", failure.url, failure.origin ?? "null", {});
    case "firefox": {
      const url = failure.key === "CORSNotSupportingCredentials" ? `‘${failure.url}’` : failure.url;
      const reason = fill(FIREFOX_REASON[failure.key], { p: failure.param, s: failure.status });
      return `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${url}. (Reason: ${reason}`;
    }
    case "webkit": {
      const text = fill(WEBKIT_TEXT[failure.reason], { p: failure.param, s: failure.status, o: failure.origin });
      // A redirect that fails is named with where it led (WebKit's "Cross-origin redirection to …").
      const to =
        failure.reason === "redirect-has-credentials" ? (failure.redirectTo ?? failure.param) : failure.redirectTo;
      return to !== null
        ? `Cross-origin redirection to ${to} denied by Cross-Origin Resource Sharing policy: ${text}`
        : text;
    }
  }
}

export interface BrowserDifferenceText {
  readonly title: string;
  readonly text: string;
}

export const BROWSER_DIFFERENCE_TEXT: Readonly<Record<BrowserDifferenceCode, BrowserDifferenceText>> = {
  FIREFOX_ALLOW_ORIGIN_LIST_IS_MISMATCH: {
    title: "Firefox: a list in one Access-Control-Allow-Origin is a mismatch",
    text: "Firefox counts Access-Control-Allow-Origin header lines: one line holding several origins is compared whole with the page's origin and reported as not matching, where Chrome and Safari report several values.",
  },
  FIREFOX_UNPARSABLE_ALLOW_ORIGIN_IS_MISMATCH: {
    title: "Firefox: an unparsable Access-Control-Allow-Origin is a mismatch",
    text: "Firefox has no separate message for a value that is not an origin (a bare domain, an empty value): it reports that the header does not match.",
  },
  FIREFOX_NAMES_HEADERS_IN_NAME_ORDER: {
    title: "Firefox: the first header not allowed, in name order",
    text: "Firefox checks the requested headers sorted by name and names the first one Access-Control-Allow-Headers lacks; Chrome checks them in its own internal order, so with several missing the two may name different headers. Every one must be allowed.",
  },
  SAME_ORIGIN_MODE_IS_NETWORK_ERROR: {
    title: "Firefox and Safari: mode 'same-origin' to another origin is a network error",
    text: "fetch() with mode: 'same-origin' to another origin fails in Firefox and Safari as a network error with no CORS message (Safari prints only \"Fetch API cannot load …\"); Chrome reports DisallowedByMode.",
  },
  FIREFOX_REDIRECT_CREDENTIALS_NETWORK_ERROR: {
    title: "Firefox: a redirect to a URL with credentials is a network error",
    text: 'Firefox first runs the CORS check on the redirect; when it passes, the redirect to a URL with user name or password fails as a network error ("CORS request did not succeed"), where Chrome reports a CORS error naming the credentials.',
  },
  FIREFOX_CORS_CHECK_BEFORE_PREFLIGHT_REDIRECT: {
    title: "Firefox: a redirected preflight is CORS-checked first",
    text: "Firefox runs the CORS check on a redirected preflight before it refuses the redirect, so a redirect without Access-Control-Allow-Origin is reported as the missing header with the redirect's status; Chrome names the redirect.",
  },
  CLIENT_HINTS_NEED_PREFLIGHT: {
    title: "Only Chrome sends client hints without a preflight",
    text: "Chrome safelists the client-hint headers DPR, Device-Memory, Width, Viewport-Width and Save-Data; other browsers send a preflight for them, and the server must answer it with these names in Access-Control-Allow-Headers.",
  },
  WEBKIT_PREFLIGHT_NETWORK_ERROR_IS_BLOCKED: {
    title: "Safari: a preflight that fails on the network is an access-control failure",
    text: "When the preflight's connection fails, Safari reports the request as failing its access control checks, where Chrome reports a network error.",
  },
  WEBKIT_NAMES_FIRST_HEADER_THE_PAGE_SET: {
    title: "Safari: the first header not allowed, in the page's order",
    text: "Safari checks the requested headers in the order the page set them, which no capture records, and names the first one Access-Control-Allow-Headers lacks; with several missing, it may name any of them. Every one must be allowed.",
  },
  WEBKIT_PREFLIGHT_STATUS_FIRST: {
    title: "Safari: a preflight's status is checked first",
    text: "Safari checks the preflight's status before its CORS headers, so a preflight answered with an error status is reported as not successful, whatever its headers; Chrome and Firefox report the missing header first.",
  },
  WEBKIT_PREFLIGHT_REDIRECT_IS_STATUS: {
    title: "Safari: a redirected preflight is an unsuccessful status",
    text: "Safari reports a redirected preflight as not successful with the redirect's status; Chrome and Firefox name the redirect.",
  },
  WEBKIT_ALLOW_ORIGIN_ONE_TEXT: {
    title: "Safari: one message for a missing or a different Access-Control-Allow-Origin",
    text: "Safari says only that the origin is not allowed, whether the header is missing, different or unparsable; the header's value tells which.",
  },
};

export const BROWSER_UNKNOWN_TEXT: Readonly<Record<BrowserUnknownCode, string>> = {
  CHROMIUM_UNKNOWN: "the capture cannot tell, in any browser",
  LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY:
    "no Local Network Access there, so the request is not stopped where Chrome stops it, and what happens next rests on checks Chrome never ran",
  NOT_RECORDED: "no recorded lab scenario shows what happens there for this failure",
  PREFLIGHT_ONLY_CHROMIUM_SKIPS:
    "a preflight is sent there for a client-hint header Chrome sends without one, and the capture holds no answer to it",
};

/** What one browser decides, in a few words: the verdict and its message (or why it is unknown). */
export function browserAnswerText(answer: BrowserAnswer): string {
  if (answer.unknownReason) return BROWSER_UNKNOWN_TEXT[answer.unknownReason];
  return answer.failure ? browserMessage(answer.failure) : "";
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * "blocked in Safari: <Safari's message>; allowed in Chrome and Firefox": the browsers that differ
 * from Chrome first, each with its own words, then the rest grouped. Null when every verdict agrees.
 */
export function otherBrowsersLine(answers: BrowserAnswers): string | null {
  const chrome = answers.chrome.verdict;
  const differing = BROWSERS.filter((b) => answers[b].verdict !== chrome);
  if (differing.length === 0) return null;
  const groups: { verdict: string; names: string[]; text: string }[] = [];
  for (const browser of differing) {
    const answer = answers[browser];
    const text = browserAnswerText(answer);
    const same = groups.find((g) => g.verdict === answer.verdict && g.text === text);
    if (same) same.names.push(BROWSER_NAME[browser]);
    else groups.push({ verdict: answer.verdict, names: [BROWSER_NAME[browser]], text });
  }
  const agreeing = BROWSERS.filter((b) => answers[b].verdict === chrome).map((b) => BROWSER_NAME[b]);
  const parts = groups.map((g) => `${g.verdict} in ${joinNames(g.names)}${g.text ? `: ${g.text}` : ""}`);
  parts.push(`${chrome} in ${joinNames(agreeing)}`);
  return parts.join("; ");
}
