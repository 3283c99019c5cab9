/**
 * Per-browser answers: what Firefox and Safari decide for an exchange Chromium's rules diagnosed,
 * each in its own vocabulary. Data only; words come from src/explain.
 */

import type { CorsErrorName } from "../fetch/cors-error.js";
import type { Verdict } from "../types.js";
import type { BrowserDifferenceCode, BrowserUnknownCode } from "./rules.js";

/** The browsers as users name them. */
export const BROWSERS = ["chrome", "firefox", "safari"] as const;
export type Browser = (typeof BROWSERS)[number];

/** The engine behind each browser (the lab records engines: Chromium, Firefox ESR, WebKitGTK). */
export const ENGINE_OF: Readonly<Record<Browser, "chromium" | "firefox" | "webkit">> = {
  chrome: "chromium",
  firefox: "firefox",
  safari: "webkit",
};

/** Firefox's `security.properties` keys the engine predicts (src/console/firefox.ts parses each). */
export type FirefoxReasonKey =
  | "CORSMissingAllowOrigin2"
  | "CORSMultipleAllowOriginNotAllowed"
  | "CORSAllowOriginNotMatchingOrigin"
  | "CORSNotSupportingCredentials"
  | "CORSMissingAllowCredentials"
  | "CORSPreflightDidNotSucceed3"
  | "CORSExternalRedirectNotAllowed"
  | "CORSInvalidAllowMethod"
  | "CORSInvalidAllowHeader"
  | "CORSMethodNotFound"
  | "CORSMissingAllowHeaderFromPreflight2"
  | "CORSDidNotSucceed2"
  | "CORSRequestNotHttp";

/** WebKit's access-control descriptions (shared/reference/cors-failures.md §5.1; src/console/safari.ts). */
export type WebKitReason =
  | "origin-not-allowed"
  | "wildcard-with-credentials"
  | "multiple-origins"
  | "credentials-not-true"
  | "preflight-not-successful"
  | "invalid-allow-methods"
  | "invalid-allow-headers"
  | "method-not-allowed"
  | "header-not-allowed"
  | "redirect-has-credentials";

/** What the failure's message names, whichever engine prints it. */
export interface FailureFacts {
  /** The URL the message names (the hop that failed). */
  readonly url: string;
  /** The page's origin as the request sent it (`null` after a tainting redirect), when known. */
  readonly origin: string | null;
  /** The status of the response that failed, when the message prints one. */
  readonly status: number | null;
  /** The value the message quotes (an origin, a method, a header name, a bad token), if any. */
  readonly param: string | null;
  /** For a failure on a redirect response: where it redirected (WebKit names it). */
  readonly redirectTo: string | null;
}

export type BrowserFailure =
  | ({ readonly engine: "chromium"; readonly corsError: CorsErrorName } & FailureFacts)
  | ({ readonly engine: "firefox"; readonly key: FirefoxReasonKey } & FailureFacts)
  | ({ readonly engine: "webkit"; readonly reason: WebKitReason } & FailureFacts);

/** A rule by which a browser's answer differs from Chromium's (its verdict, or what it names). */
export interface BrowserDifference {
  readonly code: BrowserDifferenceCode;
  /** True when the rule changes the verdict, false when only the failure it names differs. */
  readonly changesVerdict: boolean;
}

export interface BrowserAnswer {
  readonly browser: Browser;
  /** `unknown` when the evidence cannot tell what this browser does (`unknownReason` says why). */
  readonly verdict: Verdict;
  /** The failure in the browser's own vocabulary; null when it prints none (allowed, not CORS, unknown). */
  readonly failure: BrowserFailure | null;
  /** Where this browser departs from Chromium; empty for Chrome and when it agrees. */
  readonly differences: readonly BrowserDifference[];
  readonly unknownReason: BrowserUnknownCode | null;
  /**
   * The browser's answer under each reading Chromium's diagnosis states besides its own (with or
   * without credentials, which HAR never records): `Diagnosis.alternatives`, one for one.
   */
  readonly alternatives: readonly BrowserAlternative[];
}

export interface BrowserAlternative {
  readonly when: "without-credentials" | "with-credentials";
  readonly verdict: Verdict;
  readonly failure: BrowserFailure | null;
  readonly unknownReason: BrowserUnknownCode | null;
}

/** Every browser's answer, Chrome's first. */
export type BrowserAnswers = Readonly<Record<Browser, BrowserAnswer>>;
