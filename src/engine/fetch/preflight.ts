/**
 * The checks the browser runs on a CORS-preflight response.
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
 */

import type { CredentialsMode, HeaderLine } from "../types.js";
import { corsCheck, isOkStatus, isRedirectStatus } from "./cors-check.js";
import { type AccessCheckError, type CurrentCorsErrorName, PREFLIGHT_TWIN } from "./cors-error.js";
import { byteLowercase, extractHeaderListValues, getHeader, getHeaderValues } from "./header-list.js";
import { isCorsSafelistedMethod } from "./methods.js";

export interface PreflightResponseInput {
  readonly status: number;
  readonly headers: readonly HeaderLine[];
  readonly url: string;
  /** The `Location` target when the browser recorded one. */
  readonly redirectURL: string | null;
}

export interface PreflightRequestFacts {
  readonly serializedRequestOrigin: string;
  /** The credentials mode of the actual request: it governs the preflight's CORS check. */
  readonly credentialsMode: CredentialsMode;
  /** The actual request's method (what `Access-Control-Request-Method` carried). */
  readonly method: string;
  /**
   * The CORS-unsafe request-header names (what `Access-Control-Request-Headers` carried), in the
   * order they are checked; the first one not allowed becomes the failedParameter.
   */
  readonly unsafeHeaderNames: readonly string[];
}

export type PreflightStage = "redirect" | "access" | "status" | "methods-parse" | "headers-parse" | "method" | "header";

export type PreflightCheckResult =
  | {
      readonly ok: true;
      readonly methods: readonly string[] | null;
      readonly headerNames: readonly string[] | null;
      /** True when only `*` in Access-Control-Allow-Headers let `Authorization` through. */
      readonly authorizationCoveredByWildcardOnly: boolean;
      readonly maxAge: MaxAge;
    }
  | {
      readonly ok: false;
      readonly corsError: CurrentCorsErrorName;
      readonly failedParameter: string;
      readonly stage: PreflightStage;
      /** For the `access` stage: the failure of the CORS check before mapping to its twin. */
      readonly accessError: AccessCheckError | null;
      readonly allowOrigin: string | null;
    };

/**
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch-0 (steps 7-8; steps 1-6 build and send the
 * OPTIONS request, which the browser did and the capture recorded)
 *
 * 7. If a CORS check for request and response returns success and response's status is an ok
 *    status, then:
 *    1. Let methods be the result of extracting header list values given
 *       `Access-Control-Allow-Methods` and response's header list.
 *    2. Let headerNames be the result of extracting header list values given
 *       `Access-Control-Allow-Headers` and response's header list.
 *    3. If either methods or headerNames is failure, return a network error.
 *    4. If methods is null and request's use-CORS-preflight flag is set, then set methods to a new
 *       list containing request's method.
 *    5. If request's method is not in methods, request's method is not a CORS-safelisted method,
 *       and request's credentials mode is "include" or methods does not contain `*`, then return
 *       a network error.
 *    6. If one of request's header list's names is a CORS non-wildcard request-header name and is
 *       not a byte-case-insensitive match for an item in headerNames, then return a network error.
 *    7. For each unsafeName in the CORS-unsafe request-header names with request's header list:
 *       if unsafeName is not a byte-case-insensitive match for an item in headerNames and
 *       request's credentials mode is "include" or headerNames does not contain `*`, return a
 *       network error.
 *    8-16. Max-age (see parseMaxAge) and the CORS-preflight cache; return response.
 * 8. Otherwise, return a network error.
 *
 * NOTE(spec): Chromium's order (`CheckPreflightAccess`, preflight_controller.cc): a redirect
 * fails first (the preflight never follows it); then the CORS check runs, its failure mapped to
 * the `Preflight*` twin; only then a non-ok status gives PreflightInvalidStatus. So a 404 without
 * ACAO reports PreflightMissingAllowOriginHeader, not PreflightInvalidStatus.
 * NOTE(spec): step 7.4 is not modelled: no capture records the use-CORS-preflight flag (set by
 * `XMLHttpRequestUpload` listeners or a stream body), so methods stays null when ACAM is absent.
 * Step 7.5 then fails only a non-safelisted method, which needed a preflight anyway.
 * NOTE(spec): step 7.6 is not enforced by Chromium or Safari (`CorsNonWildcardRequestHeadersSupport`
 * is disabled by default): `*` lets `Authorization` through. We follow Chromium and report it as a
 * warning instead.
 * NOTE(spec): Chromium compares the method case-sensitively (the
 * `AccessControlAllowMethodsInCORSPreflightSpecConformant` default), like the spec.
 */
export function checkPreflightResponse(
  response: PreflightResponseInput,
  facts: PreflightRequestFacts,
): PreflightCheckResult {
  // The preflight is fetched with HTTP-network-or-cache fetch and never follows redirects.
  if (isRedirectStatus(response.status) && (response.redirectURL || getHeader(response.headers, "Location"))) {
    return fail("PreflightDisallowedRedirect", "", "redirect", null, null);
  }

  // 7 (first half). A CORS check for request and response, with the actual request's credentials mode.
  const access = corsCheck(response.headers, response.url, facts.serializedRequestOrigin, facts.credentialsMode);
  if (!access.ok) {
    return fail(PREFLIGHT_TWIN[access.error], access.failedParameter, "access", access.error, access.allowOrigin);
  }
  // 7 (second half). response's status is an ok status.
  if (!isOkStatus(response.status)) {
    return fail("PreflightInvalidStatus", "", "status", null, access.allowOrigin);
  }

  // 7.1-7.3. Parse ACAM, then ACAH.
  const methods = extractHeaderListValues(response.headers, "Access-Control-Allow-Methods");
  if (methods === "failure") {
    return fail("InvalidAllowMethodsPreflightResponse", "", "methods-parse", null, access.allowOrigin);
  }
  const headerNames = extractHeaderListValues(response.headers, "Access-Control-Allow-Headers");
  if (headerNames === "failure") {
    return fail("InvalidAllowHeadersPreflightResponse", "", "headers-parse", null, access.allowOrigin);
  }

  // 7.5. The method check (7.4: see the note above).
  const include = facts.credentialsMode === "include";
  const methodList = methods ?? [];
  if (
    !methodList.includes(facts.method) &&
    !isCorsSafelistedMethod(facts.method) &&
    (include || !methodList.includes("*"))
  ) {
    return fail("MethodDisallowedByPreflightResponse", facts.method, "method", null, access.allowOrigin);
  }

  // 7.7. The header check, over lower-cased names (Chromium stores ACAH lower-cased); the names
  // are checked in the caller's order (see chromiumHeaderCheckOrder in diagnosis/simulate.ts).
  const allowed = new Set((headerNames ?? []).map(byteLowercase));
  const wildcard = !include && allowed.has("*");
  let authorizationCoveredByWildcardOnly = false;
  if (wildcard) {
    authorizationCoveredByWildcardOnly =
      facts.unsafeHeaderNames.includes("authorization") && !allowed.has("authorization");
  } else {
    for (const name of facts.unsafeHeaderNames) {
      if (!allowed.has(name)) {
        return fail("HeaderDisallowedByPreflightResponse", name, "header", null, access.allowOrigin);
      }
    }
  }

  return {
    ok: true,
    methods,
    headerNames,
    authorizationCoveredByWildcardOnly,
    maxAge: parseMaxAge(getHeaderValues(response.headers, "Access-Control-Max-Age")),
  };
}

function fail(
  corsError: CurrentCorsErrorName,
  failedParameter: string,
  stage: PreflightStage,
  accessError: AccessCheckError | null,
  allowOrigin: string | null,
): PreflightCheckResult {
  return { ok: false, corsError, failedParameter, stage, accessError, allowOrigin };
}

/** Browser caps on how long a preflight result may be cached (cors-failures.md §7.8). */
export const PREFLIGHT_CACHE_CAPS = { chromium: 7200, firefox: 86400, safari: 600 } as const;
/** https://fetch.spec.whatwg.org/#cors-preflight-fetch-0 step 7.9: the default is 5 seconds. */
export const DEFAULT_MAX_AGE = 5;

export interface MaxAge {
  /** The header value as sent, or null when absent. */
  readonly raw: string | null;
  /** Seconds the value asks for, or null when absent or unparsable. */
  readonly requested: number | null;
  /** Seconds each browser actually caches the result. */
  readonly effective: { readonly chromium: number; readonly firefox: number; readonly safari: number };
}

/**
 * https://fetch.spec.whatwg.org/#http-access-control-max-age — delta-seconds; default 5.
 * Chromium: unparsable -> 5, negative -> 0, capped at 7200. Firefox: not all digits -> not cached,
 * capped at 86400. Safari: unparsable -> 5, capped at 600.
 */
export function parseMaxAge(values: readonly string[]): MaxAge {
  const raw = values.length === 0 ? null : values.join(", ");
  const digits = raw !== null && /^[0-9]+$/.test(raw);
  const signed = raw !== null && /^-?[0-9]+$/.test(raw) ? Number(raw) : null;
  const requested = digits ? Number(raw) : null;
  const chromium = signed === null ? DEFAULT_MAX_AGE : Math.min(Math.max(signed, 0), PREFLIGHT_CACHE_CAPS.chromium);
  const firefox =
    raw === null ? DEFAULT_MAX_AGE : requested === null ? 0 : Math.min(requested, PREFLIGHT_CACHE_CAPS.firefox);
  const safari = requested === null ? DEFAULT_MAX_AGE : Math.min(requested, PREFLIGHT_CACHE_CAPS.safari);
  return { raw, requested, effective: { chromium, firefox, safari } };
}
