/**
 * Diagnosis codes: the engine's stable public vocabulary beyond Chromium's `CorsError` names.
 * A code is never renamed; a retired code keeps its entry. Words for each code live in
 * src/explain; this table holds what the engine itself needs.
 */

import type { CurrentCorsErrorName } from "../fetch/cors-error.js";
import type { AddressSpace, CaptureProducer, Leg, NearMissKind, Severity } from "../vocabulary.js";

/** Which script API made the request, as far as the capture tells (`_resourceType`). */
export type RequestApi = "fetch" | "xhr" | "unknown";

export const FETCH = "https://fetch.spec.whatwg.org/";

export const DIAGNOSIS_CODES = [
  // Root causes behind a failed preflight.
  "PREFLIGHT_AUTH_REJECTED",
  "PREFLIGHT_ROUTE_MISSING",
  "PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE",
  "PREFLIGHT_SERVER_ERROR",
  "PREFLIGHT_REDIRECT_TRAILING_SLASH",
  "PREFLIGHT_REDIRECT_HTTPS_UPGRADE",
  "PREFLIGHT_REDIRECT_OTHER",
  "PREFLIGHT_NOT_CAPTURED",
  "PREFLIGHT_OK_ACTUAL_MISSING_CORS",
  // Error responses that hide the real error behind a CORS failure.
  "SERVER_ERROR_WITHOUT_CORS",
  "GATEWAY_ERROR_WITHOUT_CORS",
  "RATE_LIMITED_WITHOUT_CORS",
  "CLIENT_ERROR_WITHOUT_CORS",
  // What is wrong with Access-Control-Allow-Origin.
  "DUPLICATE_ALLOW_ORIGIN",
  "ALLOW_ORIGIN_LIST",
  "ALLOW_ORIGIN_WILDCARD_PATTERN",
  "ALLOW_ORIGIN_NULL",
  "ORIGIN_NEAR_MISS",
  "ALLOWLIST_NAMES_OTHER_ORIGIN",
  "REDIRECT_TAINTED_ORIGIN",
  // Methods, headers, credentials.
  "METHOD_CASE_NOT_NORMALIZED",
  "WILDCARD_LITERAL_WITH_CREDENTIALS",
  "CLIENT_SENT_CORS_RESPONSE_HEADERS",
  "SEVERAL_HEADERS_NOT_ALLOWED",
  "CREDENTIALS_INFERRED_FROM_FAILURE",
  "BLOCKED_IF_CREDENTIALED",
  "CREDENTIALS_MODE_UNKNOWN",
  "LOCAL_NETWORK_ACCESS",
  // Not CORS at all: the network or another policy.
  "NETWORK_DNS_FAILURE",
  "NETWORK_CONNECTION_FAILED",
  "NETWORK_TLS_FAILURE",
  "BLOCKED_BY_CLIENT",
  "BLOCKED_BY_RESPONSE_POLICY",
  "MIXED_CONTENT_BLOCKED",
  "REQUEST_ABORTED",
  "NETWORK_ERROR_OTHER",
  "PREFLIGHT_NETWORK_ERROR",
  "REDIRECT_TO_NON_HTTP",
  "NOT_CORS_SAME_ORIGIN",
  "NOT_CORS_NO_CORS_MODE",
  "NOT_CORS_NAVIGATION",
  "NOT_CORS_NON_HTTP_SCHEME",
  "NOT_CORS_WEBSOCKET",
  // Why the verdict is unknown.
  "UNKNOWN_MALFORMED_ENTRY",
  "UNKNOWN_INITIATOR_ORIGIN",
  "UNKNOWN_RESPONSE_NOT_RECORDED",
  "UNKNOWN_FAILED_BUT_HEADERS_PASS",
  "UNKNOWN_REDIRECT_NOT_FOLLOWED",
  "UNKNOWN_REQUEST_MODE",
  // Works today, but wrong or fragile.
  "AUTHORIZATION_COVERED_BY_WILDCARD_ONLY",
  "VARY_ORIGIN_MISSING",
  "MAX_AGE_ABOVE_CAP",
  "CREDENTIALED_REFLECTION_SUSPECTED",
  "WILDCARD_WITH_ALLOW_CREDENTIALS",
  "BROWSER_OUTCOME_DISAGREES",
] as const;

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** A finding without arguments. */
export type NoArgs = Readonly<Record<string, never>>;

/** Codes for a request that failed in the network stack (net/base/net_error_list.h), not CORS. */
export type NetworkFailureCode =
  | "NETWORK_DNS_FAILURE"
  | "NETWORK_CONNECTION_FAILED"
  | "NETWORK_TLS_FAILURE"
  | "BLOCKED_BY_CLIENT"
  | "BLOCKED_BY_RESPONSE_POLICY"
  | "REDIRECT_TO_NON_HTTP"
  | "NETWORK_ERROR_OTHER";

type StatusArgs = { readonly status: number };
type PreflightRedirectArgs = { readonly from: string; readonly to: string; readonly status: number };
type NetworkFailureArgs = { readonly errorText: string; readonly leg: Leg };
type UrlArgs = { readonly url: string };

/**
 * The arguments each code's finding carries (src/explain words them). `addFinding` takes exactly
 * these, so renaming a key here is a compile error wherever a finding of that code is made.
 */
export type FindingArgsByCode = {
  readonly PREFLIGHT_AUTH_REJECTED: StatusArgs;
  readonly PREFLIGHT_ROUTE_MISSING: StatusArgs;
  readonly PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE: StatusArgs;
  readonly PREFLIGHT_SERVER_ERROR: StatusArgs;
  readonly PREFLIGHT_REDIRECT_TRAILING_SLASH: PreflightRedirectArgs;
  readonly PREFLIGHT_REDIRECT_HTTPS_UPGRADE: PreflightRedirectArgs;
  readonly PREFLIGHT_REDIRECT_OTHER: PreflightRedirectArgs;
  /**
   * `blocked`: the request was stopped (the missing preflight is the cause), else only cached.
   * `producer`: the capture's tool; some never record preflights (Playwright, Safari).
   */
  readonly PREFLIGHT_NOT_CAPTURED: {
    readonly method: string;
    readonly blocked: boolean;
    readonly producer: CaptureProducer;
  };
  readonly PREFLIGHT_OK_ACTUAL_MISSING_CORS: StatusArgs;
  readonly SERVER_ERROR_WITHOUT_CORS: StatusArgs;
  readonly GATEWAY_ERROR_WITHOUT_CORS: StatusArgs;
  readonly RATE_LIMITED_WITHOUT_CORS: StatusArgs;
  readonly CLIENT_ERROR_WITHOUT_CORS: StatusArgs;
  readonly DUPLICATE_ALLOW_ORIGIN: { readonly values: readonly string[] };
  readonly ALLOW_ORIGIN_LIST: { readonly value: string };
  readonly ALLOW_ORIGIN_WILDCARD_PATTERN: { readonly value: string };
  readonly ALLOW_ORIGIN_NULL: NoArgs;
  readonly ORIGIN_NEAR_MISS: {
    readonly kinds: readonly NearMissKind[];
    readonly expected: string;
    readonly actual: string;
  };
  readonly ALLOWLIST_NAMES_OTHER_ORIGIN: { readonly allowOrigin: string; readonly origin: string };
  readonly REDIRECT_TAINTED_ORIGIN: { readonly allowOrigin: string; readonly initiatorOrigin: string };
  readonly METHOD_CASE_NOT_NORMALIZED: { readonly method: string };
  readonly WILDCARD_LITERAL_WITH_CREDENTIALS: {
    readonly header: "Access-Control-Allow-Methods" | "Access-Control-Allow-Headers";
  };
  readonly CLIENT_SENT_CORS_RESPONSE_HEADERS: { readonly headers: readonly string[] };
  /** Every unsafe name the preflight does not allow (sorted), and the one the verdict names. */
  readonly SEVERAL_HEADERS_NOT_ALLOWED: { readonly names: readonly string[]; readonly named: string };
  readonly CREDENTIALS_INFERRED_FROM_FAILURE: NoArgs;
  /** Makes the verdict `unknown`: allowed without credentials, blocked with them, and nothing tells which. */
  readonly BLOCKED_IF_CREDENTIALED: {
    readonly corsError: CurrentCorsErrorName;
    readonly leg: Leg;
    readonly api: RequestApi;
  };
  /** Blocked either way, with a different error: `corsError` without credentials (the verdict's), the other with. */
  readonly CREDENTIALS_MODE_UNKNOWN: {
    readonly corsError: CurrentCorsErrorName;
    readonly corsErrorWithCredentials: CurrentCorsErrorName;
    readonly failedParameterWithCredentials: string;
    readonly legWithCredentials: Leg;
    readonly api: RequestApi;
  };
  readonly LOCAL_NETWORK_ACCESS: {
    readonly clientSpace: AddressSpace | "unknown";
    readonly targetSpace: AddressSpace | "unknown";
    readonly secureContext: boolean;
  };
  readonly NETWORK_DNS_FAILURE: NetworkFailureArgs;
  readonly NETWORK_CONNECTION_FAILED: NetworkFailureArgs;
  readonly NETWORK_TLS_FAILURE: NetworkFailureArgs;
  readonly BLOCKED_BY_CLIENT: NetworkFailureArgs;
  readonly BLOCKED_BY_RESPONSE_POLICY: NetworkFailureArgs;
  readonly MIXED_CONTENT_BLOCKED: { readonly url: string; readonly page: string };
  readonly REQUEST_ABORTED: { readonly errorText: string };
  readonly NETWORK_ERROR_OTHER: NetworkFailureArgs;
  readonly PREFLIGHT_NETWORK_ERROR: { readonly errorText: string };
  /** From the redirect's Location (simulation), or from Chromium's `net::ERR_UNSAFE_REDIRECT`. */
  readonly REDIRECT_TO_NON_HTTP: { readonly location: string } | NetworkFailureArgs;
  readonly NOT_CORS_SAME_ORIGIN: UrlArgs;
  readonly NOT_CORS_NO_CORS_MODE: UrlArgs;
  readonly NOT_CORS_NAVIGATION: UrlArgs;
  readonly NOT_CORS_NON_HTTP_SCHEME: UrlArgs & { readonly scheme: string };
  readonly NOT_CORS_WEBSOCKET: UrlArgs;
  readonly UNKNOWN_MALFORMED_ENTRY: { readonly problem: string };
  readonly UNKNOWN_INITIATOR_ORIGIN: UrlArgs;
  readonly UNKNOWN_RESPONSE_NOT_RECORDED: { readonly leg: Leg; readonly preflightPassed: boolean };
  readonly UNKNOWN_FAILED_BUT_HEADERS_PASS: NoArgs;
  readonly UNKNOWN_REDIRECT_NOT_FOLLOWED: { readonly status: number; readonly location: string };
  readonly UNKNOWN_REQUEST_MODE: {
    readonly reason: string;
    /** Whether the answer passes the CORS check: either way, the mode decides what the page got. */
    readonly corsCheck: "passes" | "fails";
  };
  readonly AUTHORIZATION_COVERED_BY_WILDCARD_ONLY: NoArgs;
  readonly VARY_ORIGIN_MISSING: { readonly legs: readonly Leg[]; readonly allowOrigin: string };
  readonly MAX_AGE_ABOVE_CAP: {
    readonly requested: number;
    readonly chromium: number;
    readonly firefox: number;
    readonly safari: number;
  };
  readonly CREDENTIALED_REFLECTION_SUSPECTED: { readonly origin: string };
  readonly WILDCARD_WITH_ALLOW_CREDENTIALS: { readonly leg: Leg };
  readonly BROWSER_OUTCOME_DISAGREES: UrlArgs;
};

/** Compile-time proof that `FindingArgsByCode` has exactly one entry per code. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type MustBeTrue<T extends true> = T;
export type EveryCodeHasArgs = MustBeTrue<Same<keyof FindingArgsByCode, DiagnosisCode>>;

export interface CodeInfo {
  /** The severity a finding of this code has unless the engine says otherwise. */
  readonly severity: Severity;
  /** The spec section (or, for Chromium-only behaviour, the spec section it deviates from). */
  readonly spec: string;
}

export const CODE_INFO = {
  PREFLIGHT_AUTH_REJECTED: { severity: "cause", spec: `${FETCH}#cors-preflight-fetch-0` },
  PREFLIGHT_ROUTE_MISSING: { severity: "cause", spec: `${FETCH}#cors-preflight-fetch-0` },
  PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE: { severity: "cause", spec: `${FETCH}#cors-preflight-fetch-0` },
  PREFLIGHT_SERVER_ERROR: { severity: "cause", spec: `${FETCH}#ok-status` },
  PREFLIGHT_REDIRECT_TRAILING_SLASH: { severity: "cause", spec: `${FETCH}#concept-http-network-or-cache-fetch` },
  PREFLIGHT_REDIRECT_HTTPS_UPGRADE: { severity: "cause", spec: `${FETCH}#concept-http-network-or-cache-fetch` },
  PREFLIGHT_REDIRECT_OTHER: { severity: "cause", spec: `${FETCH}#concept-http-network-or-cache-fetch` },
  PREFLIGHT_NOT_CAPTURED: { severity: "cause", spec: `${FETCH}#cors-preflight-cache` },
  PREFLIGHT_OK_ACTUAL_MISSING_CORS: { severity: "cause", spec: `${FETCH}#concept-cors-check` },
  SERVER_ERROR_WITHOUT_CORS: { severity: "cause", spec: `${FETCH}#http-responses` },
  GATEWAY_ERROR_WITHOUT_CORS: { severity: "cause", spec: `${FETCH}#http-responses` },
  RATE_LIMITED_WITHOUT_CORS: { severity: "cause", spec: `${FETCH}#http-responses` },
  CLIENT_ERROR_WITHOUT_CORS: { severity: "cause", spec: `${FETCH}#http-responses` },
  DUPLICATE_ALLOW_ORIGIN: { severity: "cause", spec: `${FETCH}#http-access-control-allow-origin` },
  ALLOW_ORIGIN_LIST: { severity: "cause", spec: `${FETCH}#http-access-control-allow-origin` },
  ALLOW_ORIGIN_WILDCARD_PATTERN: { severity: "cause", spec: `${FETCH}#http-access-control-allow-origin` },
  ALLOW_ORIGIN_NULL: { severity: "cause", spec: `${FETCH}#concept-cors-check` },
  ORIGIN_NEAR_MISS: { severity: "cause", spec: `${FETCH}#concept-cors-check` },
  ALLOWLIST_NAMES_OTHER_ORIGIN: { severity: "cause", spec: `${FETCH}#concept-cors-check` },
  REDIRECT_TAINTED_ORIGIN: { severity: "cause", spec: `${FETCH}#concept-request-tainted-origin` },
  METHOD_CASE_NOT_NORMALIZED: { severity: "cause", spec: `${FETCH}#concept-method-normalize` },
  WILDCARD_LITERAL_WITH_CREDENTIALS: { severity: "cause", spec: `${FETCH}#cors-protocol-and-credentials` },
  CLIENT_SENT_CORS_RESPONSE_HEADERS: { severity: "cause", spec: `${FETCH}#cors-unsafe-request-header-names` },
  SEVERAL_HEADERS_NOT_ALLOWED: { severity: "cause", spec: `${FETCH}#cors-preflight-fetch-0` },
  CREDENTIALS_INFERRED_FROM_FAILURE: { severity: "info", spec: `${FETCH}#cors-protocol-and-credentials` },
  BLOCKED_IF_CREDENTIALED: { severity: "warning", spec: `${FETCH}#cors-protocol-and-credentials` },
  CREDENTIALS_MODE_UNKNOWN: { severity: "warning", spec: `${FETCH}#cors-protocol-and-credentials` },
  LOCAL_NETWORK_ACCESS: { severity: "cause", spec: "https://wicg.github.io/local-network-access/" },
  NETWORK_DNS_FAILURE: { severity: "error", spec: `${FETCH}#concept-network-error` },
  NETWORK_CONNECTION_FAILED: { severity: "error", spec: `${FETCH}#concept-network-error` },
  NETWORK_TLS_FAILURE: { severity: "error", spec: `${FETCH}#concept-network-error` },
  BLOCKED_BY_CLIENT: { severity: "error", spec: `${FETCH}#concept-network-error` },
  BLOCKED_BY_RESPONSE_POLICY: { severity: "error", spec: `${FETCH}#cross-origin-resource-policy-header` },
  MIXED_CONTENT_BLOCKED: { severity: "error", spec: "https://w3c.github.io/webappsec-mixed-content/" },
  REQUEST_ABORTED: { severity: "error", spec: `${FETCH}#fetch-controller-abort` },
  NETWORK_ERROR_OTHER: { severity: "error", spec: `${FETCH}#concept-network-error` },
  PREFLIGHT_NETWORK_ERROR: { severity: "error", spec: `${FETCH}#cors-preflight-fetch-0` },
  REDIRECT_TO_NON_HTTP: { severity: "error", spec: `${FETCH}#concept-http-redirect-fetch` },
  NOT_CORS_SAME_ORIGIN: { severity: "info", spec: `${FETCH}#main-fetch` },
  NOT_CORS_NO_CORS_MODE: { severity: "info", spec: `${FETCH}#concept-request-mode` },
  NOT_CORS_NAVIGATION: { severity: "info", spec: `${FETCH}#concept-request-mode` },
  NOT_CORS_NON_HTTP_SCHEME: { severity: "info", spec: `${FETCH}#main-fetch` },
  NOT_CORS_WEBSOCKET: { severity: "info", spec: "https://websockets.spec.whatwg.org/#concept-websocket-establish" },
  UNKNOWN_MALFORMED_ENTRY: { severity: "info", spec: "http://www.softwareishard.com/blog/har-12-spec/" },
  UNKNOWN_INITIATOR_ORIGIN: { severity: "info", spec: `${FETCH}#serializing-a-request-origin` },
  UNKNOWN_RESPONSE_NOT_RECORDED: { severity: "info", spec: `${FETCH}#concept-cors-check` },
  UNKNOWN_FAILED_BUT_HEADERS_PASS: { severity: "info", spec: `${FETCH}#concept-cors-check` },
  UNKNOWN_REDIRECT_NOT_FOLLOWED: { severity: "info", spec: `${FETCH}#concept-http-redirect-fetch` },
  UNKNOWN_REQUEST_MODE: { severity: "info", spec: `${FETCH}#concept-request-mode` },
  AUTHORIZATION_COVERED_BY_WILDCARD_ONLY: {
    severity: "warning",
    spec: `${FETCH}#cors-non-wildcard-request-header-name`,
  },
  VARY_ORIGIN_MISSING: { severity: "warning", spec: `${FETCH}#cors-protocol-and-http-caches` },
  MAX_AGE_ABOVE_CAP: { severity: "warning", spec: `${FETCH}#http-access-control-max-age` },
  CREDENTIALED_REFLECTION_SUSPECTED: { severity: "warning", spec: `${FETCH}#cors-protocol-and-credentials` },
  WILDCARD_WITH_ALLOW_CREDENTIALS: { severity: "warning", spec: `${FETCH}#cors-protocol-and-credentials` },
  BROWSER_OUTCOME_DISAGREES: { severity: "warning", spec: `${FETCH}#concept-cors-check` },
} as const satisfies Record<DiagnosisCode, CodeInfo>;

/** The spec section behind each Chromium `CorsError`. */
export const CORS_ERROR_SPEC = {
  cors: `${FETCH}#concept-cors-check`,
  preflight: `${FETCH}#cors-preflight-fetch-0`,
  redirect: `${FETCH}#concept-http-redirect-fetch`,
  mode: `${FETCH}#main-fetch`,
  lna: "https://wicg.github.io/local-network-access/",
  pna: "https://wicg.github.io/private-network-access/",
} as const;

/**
 * The codes that make a verdict `unknown` (listed in `Diagnosis.unknownReasons`): every
 * `UNKNOWN_*` code, and BLOCKED_IF_CREDENTIALED, whose name predates its becoming one.
 */
export function isUnknownReason(code: DiagnosisCode): boolean {
  return code.startsWith("UNKNOWN_") || code === "BLOCKED_IF_CREDENTIALED";
}
