/**
 * Safari's (WebKit's) answer to a failure Chromium's rules found: the access-control description
 * WebKit logs (shared/reference/cors-failures.md §5), and where that departs from Chromium. Each
 * entry cites the lab scenario whose WebKit recording shows it.
 */

import { isOkStatus, isRedirectStatus } from "../fetch/cors-check.js";
import type { CorsErrorName } from "../fetch/cors-error.js";
import { getHeader } from "../fetch/header-list.js";
import { type FailedResponse, headersNotAllowed, withoutCredentials } from "./facts.js";
import type { EngineFailure } from "./firefox.js";
import type { BrowserDifferenceCode } from "./rules.js";
import type { BrowserFailure, WebKitReason } from "./types.js";

interface WebKitRule {
  readonly reason: WebKitReason;
  /** The lab scenario whose WebKit recording shows this. */
  readonly scenario: string;
  readonly param?: (failed: FailedResponse) => string | null;
  readonly difference?: BrowserDifferenceCode;
}

const origin = (f: FailedResponse) => f.facts.origin;
const none = () => null;
const header = (name: string) => (f: FailedResponse) => (f.response ? getHeader(f.response.headers, name) : null);

/** WebKit has one text for a missing, a different and an unparsable Access-Control-Allow-Origin. */
const NOT_ALLOWED = {
  reason: "origin-not-allowed",
  param: origin,
  difference: "WEBKIT_ALLOW_ORIGIN_ONE_TEXT",
} as const;

export const WEBKIT_RULES: Readonly<Partial<Record<CorsErrorName, WebKitRule>>> = {
  MissingAllowOriginHeader: { ...NOT_ALLOWED, scenario: "acao-missing" },
  PreflightMissingAllowOriginHeader: { ...NOT_ALLOWED, scenario: "preflight-acao-missing" },
  AllowOriginMismatch: { ...NOT_ALLOWED, scenario: "acao-trailing-slash" },
  PreflightAllowOriginMismatch: { ...NOT_ALLOWED, scenario: "preflight-acao-trailing-slash" },
  InvalidAllowOriginValue: { ...NOT_ALLOWED, scenario: "acao-bare-domain" },
  PreflightInvalidAllowOriginValue: { ...NOT_ALLOWED, scenario: "preflight-acao-bare-domain" },
  MultipleAllowOriginValues: { reason: "multiple-origins", scenario: "acao-comma-list", param: none },
  PreflightMultipleAllowOriginValues: {
    reason: "multiple-origins",
    scenario: "preflight-acao-comma-list",
    param: none,
  },
  WildcardOriginNotAllowed: { reason: "wildcard-with-credentials", scenario: "credentials-wildcard", param: none },
  PreflightWildcardOriginNotAllowed: {
    reason: "wildcard-with-credentials",
    scenario: "preflight-credentials-wildcard",
    param: none,
  },
  InvalidAllowCredentials: { reason: "credentials-not-true", scenario: "credentials-acac-missing", param: none },
  PreflightInvalidAllowCredentials: {
    reason: "credentials-not-true",
    scenario: "preflight-credentials-acac-missing",
    param: none,
  },
  PreflightInvalidStatus: { reason: "preflight-not-successful", scenario: "preflight-404-with-acao", param: none },
  PreflightDisallowedRedirect: {
    reason: "preflight-not-successful",
    scenario: "preflight-301-trailing-slash",
    param: none,
    difference: "WEBKIT_PREFLIGHT_REDIRECT_IS_STATUS",
  },
  InvalidAllowMethodsPreflightResponse: {
    reason: "invalid-allow-methods",
    scenario: "acam-space-separated",
    param: header("access-control-allow-methods"),
  },
  InvalidAllowHeadersPreflightResponse: {
    reason: "invalid-allow-headers",
    scenario: "acah-space-separated",
    param: header("access-control-allow-headers"),
  },
  MethodDisallowedByPreflightResponse: { reason: "method-not-allowed", scenario: "method-put-not-listed" },
  HeaderDisallowedByPreflightResponse: { reason: "header-not-allowed", scenario: "header-x-custom" },
  RedirectContainsCredentials: {
    reason: "redirect-has-credentials",
    scenario: "redirect-contains-credentials",
    param: (f) => f.facts.redirectTo,
  },
};

/** WebKit's failure for Chromium's `corsError`, or null when no recording shows what WebKit does. */
export function webkitFailure(
  corsError: CorsErrorName,
  leg: string | null,
  failed: FailedResponse,
): EngineFailure | null {
  const rule = WEBKIT_RULES[corsError];
  if (!rule) return null;
  const status = failed.facts.status;
  // WebKit checks a preflight's status before its headers: Chromium's order is the reverse.
  if (leg === "preflight" && status !== null && !isOkStatus(status) && !isRedirectStatus(status)) {
    const first = corsError === "PreflightInvalidStatus" ? [] : (["WEBKIT_PREFLIGHT_STATUS_FIRST"] as const);
    return { verdict: "blocked", failure: webkit("preflight-not-successful", failed, null), differences: first };
  }
  if (corsError === "HeaderDisallowedByPreflightResponse") return headerNotAllowed(failed);
  const param = rule.param ? rule.param(failed) : failed.facts.param;
  return {
    verdict: "blocked",
    failure: webkit(rule.reason, failed, param),
    differences: rule.difference ? [rule.difference] : [],
  };
}

/**
 * WebKit checks the headers in the order the page set them, which no capture records (Chromium's
 * HAR lists them in its own order): with one header not allowed it names that one
 * (header-authorization-not-listed), with several the first the page set
 * (header-order-not-sorted-xhr: X-Mid), which the capture cannot tell.
 */
function headerNotAllowed(failed: FailedResponse): EngineFailure {
  const missing = headersNotAllowed(failed) ?? (failed.facts.param ? [failed.facts.param.toLowerCase()] : []);
  const [only, ...more] = missing;
  if (only === undefined || more.length > 0) {
    return { verdict: "blocked", failure: null, differences: ["WEBKIT_NAMES_FIRST_HEADER_THE_PAGE_SET"] };
  }
  return {
    verdict: "blocked",
    failure: webkit("header-not-allowed", failed, webkitHeaderName(only, failed)),
    differences: [],
  };
}

/**
 * The name as WebKit prints it: a header WebKit knows in its canonical case
 * (header-content-type-json: Content-Type), another as the script set it, which fetch() lower-cases
 * and XMLHttpRequest keeps (the capture records it so).
 */
function webkitHeaderName(lowerName: string, failed: FailedResponse): string {
  const known = WEBKIT_HEADER_NAMES.find((name) => name.toLowerCase() === lowerName);
  if (known) return known;
  return failed.requestHeaders.find((h) => h.name.toLowerCase() === lowerName)?.name ?? lowerName;
}

/** WebKit's own header names (Source/WebCore/platform/network/HTTPHeaderNames.in), those a page may set. */
const WEBKIT_HEADER_NAMES: readonly string[] = [
  "Accept",
  "Accept-Charset",
  "Accept-Language",
  "Access-Control-Allow-Credentials",
  "Access-Control-Allow-Headers",
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Origin",
  "Access-Control-Expose-Headers",
  "Access-Control-Max-Age",
  "Authorization",
  "Cache-Control",
  "Content-Disposition",
  "Content-Language",
  "Content-Range",
  "Content-Security-Policy",
  "Content-Type",
  "DNT",
  "Expires",
  "If-Match",
  "If-Modified-Since",
  "If-None-Match",
  "If-Range",
  "If-Unmodified-Since",
  "Last-Event-ID",
  "Last-Modified",
  "Link",
  "Pragma",
  "Range",
  "Refresh",
  "Service-Worker",
  "X-Content-Type-Options",
  "X-Frame-Options",
];

/** WebKit names where a failing redirect led without its user name and password (redirect-contains-credentials). */
function webkit(reason: WebKitReason, failed: FailedResponse, param: string | null): BrowserFailure {
  return { engine: "webkit", reason, ...failed.facts, param, redirectTo: withoutCredentials(failed.facts.redirectTo) };
}
