/**
 * Firefox's answer to a failure Chromium's rules found: the `security.properties` key it logs
 * (shared/reference/cors-failures.md §4), and where that departs from Chromium. Each entry cites the
 * lab scenario whose Firefox recording shows it.
 */

import { corsCheck } from "../fetch/cors-check.js";
import type { CorsErrorName } from "../fetch/cors-error.js";
import { getHeader } from "../fetch/header-list.js";
import type { FailedResponse } from "./facts.js";
import { firstHeaderNotAllowed, firstNonToken } from "./facts.js";
import type { BrowserDifferenceCode } from "./rules.js";
import type { BrowserFailure, FailureFacts, FirefoxReasonKey } from "./types.js";

/** An engine's answer to a failure Chromium's rules found. */
export interface EngineFailure {
  readonly verdict: "blocked" | "network-error";
  readonly failure: BrowserFailure | null;
  readonly differences: readonly BrowserDifferenceCode[];
}

interface FirefoxRule {
  readonly key: FirefoxReasonKey | null;
  /** The lab scenario whose Firefox recording shows this. */
  readonly scenario: string;
  readonly param?: (failed: FailedResponse) => string | null;
  readonly difference?: (failed: FailedResponse) => BrowserDifferenceCode | null;
}

const none = () => null;
const allowOrigin = (failed: FailedResponse) => failed.allowOriginLines.map((line) => line.value).join(", ");

/**
 * Chromium's error → Firefox's key. Firefox reports a preflight's Access-Control-Allow-Origin
 * failures with the actual response's keys (its preflight goes through the same listener).
 */
export const FIREFOX_RULES: Readonly<Partial<Record<CorsErrorName, FirefoxRule>>> = {
  MissingAllowOriginHeader: { key: "CORSMissingAllowOrigin2", scenario: "acao-missing", param: none },
  PreflightMissingAllowOriginHeader: {
    key: "CORSMissingAllowOrigin2",
    scenario: "preflight-acao-missing",
    param: none,
  },
  WildcardOriginNotAllowed: { key: "CORSNotSupportingCredentials", scenario: "credentials-wildcard", param: none },
  PreflightWildcardOriginNotAllowed: {
    key: "CORSNotSupportingCredentials",
    scenario: "preflight-credentials-wildcard",
    param: none,
  },
  MultipleAllowOriginValues: { key: "CORSMultipleAllowOriginNotAllowed", scenario: "acao-wildcard-twice" },
  PreflightMultipleAllowOriginValues: {
    key: "CORSMultipleAllowOriginNotAllowed",
    scenario: "preflight-acao-duplicate-lines",
  },
  InvalidAllowOriginValue: {
    key: "CORSAllowOriginNotMatchingOrigin",
    scenario: "acao-bare-domain",
    param: allowOrigin,
    difference: () => "FIREFOX_UNPARSABLE_ALLOW_ORIGIN_IS_MISMATCH",
  },
  PreflightInvalidAllowOriginValue: {
    key: "CORSAllowOriginNotMatchingOrigin",
    scenario: "preflight-acao-bare-domain",
    param: allowOrigin,
    difference: () => "FIREFOX_UNPARSABLE_ALLOW_ORIGIN_IS_MISMATCH",
  },
  AllowOriginMismatch: { key: "CORSAllowOriginNotMatchingOrigin", scenario: "acao-trailing-slash", param: allowOrigin },
  PreflightAllowOriginMismatch: {
    key: "CORSAllowOriginNotMatchingOrigin",
    scenario: "preflight-acao-trailing-slash",
    param: allowOrigin,
  },
  InvalidAllowCredentials: { key: "CORSMissingAllowCredentials", scenario: "credentials-acac-missing", param: none },
  PreflightInvalidAllowCredentials: {
    key: "CORSMissingAllowCredentials",
    scenario: "preflight-credentials-acac-missing",
    param: none,
  },
  PreflightInvalidStatus: { key: "CORSPreflightDidNotSucceed3", scenario: "preflight-404-with-acao", param: none },
  // Only when the redirect passes the CORS check (checkedFirst): preflight-301-trailing-slash.
  PreflightDisallowedRedirect: {
    key: "CORSExternalRedirectNotAllowed",
    scenario: "preflight-301-trailing-slash",
    param: none,
  },
  InvalidAllowMethodsPreflightResponse: {
    key: "CORSInvalidAllowMethod",
    scenario: "acam-space-separated",
    param: (f) => firstNonToken(f.response ? getHeader(f.response.headers, "access-control-allow-methods") : null),
  },
  InvalidAllowHeadersPreflightResponse: {
    key: "CORSInvalidAllowHeader",
    scenario: "acah-space-separated",
    param: (f) => firstNonToken(f.response ? getHeader(f.response.headers, "access-control-allow-headers") : null),
  },
  MethodDisallowedByPreflightResponse: { key: "CORSMethodNotFound", scenario: "method-put-not-listed", param: none },
  HeaderDisallowedByPreflightResponse: {
    key: "CORSMissingAllowHeaderFromPreflight2",
    scenario: "header-x-custom",
    param: firstHeaderNotAllowed,
    difference: (f) =>
      firstHeaderNotAllowed(f) !== (f.facts.param?.toLowerCase() ?? null)
        ? "FIREFOX_NAMES_HEADERS_IN_NAME_ORDER"
        : null,
  },
  RedirectContainsCredentials: { key: "CORSDidNotSucceed2", scenario: "redirect-contains-credentials", param: none },
};

/** Firefox's failure for Chromium's `corsError`, or null when no recording shows what Firefox does. */
export function firefoxFailure(corsError: CorsErrorName, failed: FailedResponse): EngineFailure | null {
  if (corsError === "PreflightDisallowedRedirect" || corsError === "RedirectContainsCredentials") {
    return checkedFirst(corsError, failed);
  }
  return translate(corsError, failed);
}

function translate(corsError: CorsErrorName, failed: FailedResponse): EngineFailure | null {
  const rule = FIREFOX_RULES[corsError];
  if (!rule) return null;
  if (corsError === "MultipleAllowOriginValues" || corsError === "PreflightMultipleAllowOriginValues") {
    return multipleAllowOrigin(failed);
  }
  const difference = rule.difference?.(failed) ?? null;
  const failure =
    rule.key === null ? null : firefox(rule.key, failed.facts, rule.param ? rule.param(failed) : failed.facts.param);
  return { verdict: "blocked", failure, differences: difference ? [difference] : [] };
}

/**
 * Firefox runs the CORS check on every response, a redirect included, before it looks at the
 * redirect itself: a redirected preflight without Access-Control-Allow-Origin is "missing"
 * (preflight-308-trailing-slash), and a redirect to a URL with credentials that passes the check
 * fails as a network error, "CORS request did not succeed" (redirect-contains-credentials), but as
 * the check's failure when it does not (fuzz-credentialed-redirect-with-userinfo).
 */
function checkedFirst(corsError: CorsErrorName, failed: FailedResponse): EngineFailure | null {
  const response = failed.response;
  const origin = failed.facts.origin;
  if (!response || origin === null) return null;
  const check = corsCheck(response.headers, failed.facts.url, origin, failed.credentials);
  if (!check.ok) {
    const found = translate(check.error, { ...failed, facts: { ...failed.facts, param: check.failedParameter } });
    const first: BrowserDifferenceCode[] =
      corsError === "PreflightDisallowedRedirect" ? ["FIREFOX_CORS_CHECK_BEFORE_PREFLIGHT_REDIRECT"] : [];
    return found ? { ...found, differences: [...first, ...found.differences] } : null;
  }
  if (corsError === "PreflightDisallowedRedirect") return translate(corsError, failed);
  return {
    verdict: "network-error",
    failure: firefox("CORSDidNotSucceed2", { ...failed.facts, status: null }, null),
    differences: ["FIREFOX_REDIRECT_CREDENTIALS_NETWORK_ERROR"],
  };
}

/**
 * Firefox reports "multiple" only for Access-Control-Allow-Origin lines spelled alike
 * (acao-wildcard-twice, preflight-acao-duplicate-lines); lines whose names differ in case are
 * joined, and a joined value or one line holding a list is compared whole with the origin and
 * "does not match" (acao-duplicate-lines, acao-comma-list).
 */
function multipleAllowOrigin(failed: FailedResponse): EngineFailure {
  const names = failed.allowOriginLines.map((line) => line.name);
  if (new Set(names).size < names.length) {
    return {
      verdict: "blocked",
      failure: firefox("CORSMultipleAllowOriginNotAllowed", failed.facts, null),
      differences: [],
    };
  }
  return {
    verdict: "blocked",
    failure: firefox("CORSAllowOriginNotMatchingOrigin", failed.facts, allowOrigin(failed)),
    differences: ["FIREFOX_ALLOW_ORIGIN_LIST_IS_MISMATCH"],
  };
}

function firefox(key: FirefoxReasonKey, facts: FailureFacts, param: string | null): BrowserFailure {
  return { engine: "firefox", key, ...facts, param };
}
