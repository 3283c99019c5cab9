/**
 * Firefox's answer to a failure Chromium's rules found: the `security.properties` key it logs
 * (shared/reference/cors-failures.md §4), and where that departs from Chromium. Each entry cites the
 * lab scenario whose Firefox recording shows it.
 */

import type { CorsErrorName } from "../fetch/cors-error.js";
import { getHeader } from "../fetch/header-list.js";
import type { FailedResponse } from "./facts.js";
import { firstNonToken } from "./facts.js";
import type { BrowserDifferenceCode } from "./rules.js";
import type { BrowserFailure, FailureFacts, FirefoxReasonKey } from "./types.js";

export interface EngineFailure {
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
const allowOrigin = (failed: FailedResponse) => failed.allowOriginLines.join(", ");

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
  MultipleAllowOriginValues: { key: null, scenario: "acao-duplicate-lines" },
  PreflightMultipleAllowOriginValues: { key: null, scenario: "preflight-acao-duplicate-lines" },
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
    param: (f) => f.facts.param?.toLowerCase() ?? null,
  },
  RedirectContainsCredentials: {
    key: null,
    scenario: "redirect-contains-credentials",
    difference: () => "FIREFOX_REDIRECT_CREDENTIALS_SILENT",
  },
};

/** Firefox's failure for Chromium's `corsError`, or null when no recording shows what Firefox does. */
export function firefoxFailure(corsError: CorsErrorName, failed: FailedResponse): EngineFailure | null {
  const rule = FIREFOX_RULES[corsError];
  if (!rule) return null;
  if (corsError === "MultipleAllowOriginValues" || corsError === "PreflightMultipleAllowOriginValues") {
    return multipleAllowOrigin(failed);
  }
  const difference = rule.difference?.(failed) ?? null;
  const failure =
    rule.key === null ? null : firefox(rule.key, failed.facts, rule.param ? rule.param(failed) : failed.facts.param);
  return { failure, differences: difference ? [difference] : [] };
}

/**
 * Firefox counts Access-Control-Allow-Origin header lines: two lines are "multiple", but one line
 * holding a list is compared whole to the origin and "does not match" (acao-comma-list).
 */
function multipleAllowOrigin(failed: FailedResponse): EngineFailure {
  if (failed.allowOriginLines.length > 1) {
    return { failure: firefox("CORSMultipleAllowOriginNotAllowed", failed.facts, null), differences: [] };
  }
  return {
    failure: firefox("CORSAllowOriginNotMatchingOrigin", failed.facts, failed.allowOriginLines[0] ?? ""),
    differences: ["FIREFOX_ALLOW_ORIGIN_LIST_IS_MISMATCH"],
  };
}

function firefox(key: FirefoxReasonKey, facts: FailureFacts, param: string | null): BrowserFailure {
  return { engine: "firefox", key, ...facts, param };
}
