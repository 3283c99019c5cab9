/**
 * The engine's input and output types.
 *
 * Input is an `Exchange`: one request as a script made it, followed through its redirect hops,
 * each hop with the preflight that preceded it (if one was captured). Capture code (src/capture)
 * builds exchanges from HAR; the engine never sees HAR itself.
 *
 * Output is a `Diagnosis`: data only (codes, arguments, quoted evidence). Words come from
 * src/explain.
 */

import type { DiagnosisCode, FindingArgsByCode } from "./diagnosis/codes.js";
import type { CorsErrorName } from "./fetch/cors-error.js";
import type { AddressSpace, CaptureProducer, Leg, NearMissKind, OriginDiff, Severity } from "./vocabulary.js";

export type { CaptureProducer, Leg, NearMissKind, OriginDiff, Severity };

/** One header line exactly as recorded: duplicates and original case preserved. */
export interface HeaderLine {
  readonly name: string;
  readonly value: string;
}

export type CredentialsMode = "omit" | "same-origin" | "include";

/** The request mode (https://fetch.spec.whatwg.org/#concept-request-mode) when known. */
export type RequestMode = "cors" | "no-cors" | "same-origin" | "navigate" | "websocket";

/**
 * What the browser itself recorded about the outcome of one request, independent of headers.
 * Chromium HAR: `response._error`; Firefox HAR has no such field, so the outcome is "unknown".
 */
export interface TransportOutcome {
  /** `failed` when the browser recorded a failure, `completed` when it recorded none. */
  readonly state: "failed" | "completed" | "unknown";
  /** The browser's error text, e.g. `net::ERR_FAILED`, `net::ERR_CONNECTION_REFUSED`. */
  readonly errorText: string | null;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderLine[];
  /**
   * True when the browser recorded only provisional headers (the request never reached the
   * network as recorded: Chromium writes `httpVersion: ""` and `headersSize: -1`). Browser-added
   * headers such as `Origin` and `Cookie` are then missing.
   */
  readonly provisionalHeaders: boolean;
}

export interface RecordedResponse {
  /** 0 when no response was recorded (blocked before sending, or a network error). */
  readonly status: number;
  readonly statusText: string;
  readonly headers: readonly HeaderLine[];
  /** The `Location` target for redirects when recorded (HAR `redirectURL`). */
  readonly redirectURL: string | null;
  readonly outcome: TransportOutcome;
  /** The server's IP address when recorded (`serverIPAddress`), for Local Network Access. */
  readonly serverIPAddress: string | null;
}

/** One preflight: the OPTIONS request the browser sent and what came back. */
export interface PreflightRecord {
  readonly request: RecordedRequest;
  readonly response: RecordedResponse;
}

/**
 * One hop of a request: the URL fetched, what came back, and the preflight sent before it.
 * Every hop but the last is a redirect.
 */
export interface Hop {
  readonly request: RecordedRequest;
  readonly response: RecordedResponse;
  /**
   * `paired` when a preflight was captured for this hop; `not-captured` when none was found in the
   * capture (the engine decides whether one was needed); `unknown` when the capture cannot show
   * preflights at all.
   */
  readonly preflightState: "paired" | "not-captured" | "unknown";
  readonly preflight: PreflightRecord | null;
}

/** Where a value came from: recorded, or inferred (and from what). */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
  readonly inferred: boolean;
}

export interface Exchange {
  /**
   * The initiator's origin as serialized by the browser (`https://app.test`), or null when the
   * capture does not tell. Serialized origins never have a trailing slash.
   */
  readonly initiatorOrigin: Sourced<string> | null;
  /**
   * The initiator's address space (Local Network Access) when the capture recorded the page's
   * server address; null when unknown.
   */
  readonly initiatorAddressSpace?: Sourced<AddressSpace> | null;
  /** `fetch`, `xhr`, `script`, `font`, ... as the capture names the resource type; null when unknown. */
  readonly resourceType: string | null;
  readonly mode: Sourced<RequestMode> | null;
  /** The recorded facts the mode was inferred from (`Sec-Fetch-Mode: navigate`, ...). */
  readonly modeEvidence?: readonly Evidence[];
  /**
   * Why the capture cannot tell the mode, when `mode` is null. With a reason, a request whose
   * headers would fail the CORS check is `unknown`, not `blocked`: it may not have been CORS.
   */
  readonly modeUnknownReason?: string | null;
  /**
   * The tool that wrote the capture, when known (a HAR file's creator); absent for the live panel
   * and the CLI's probe. It decides the words about a preflight the capture does not show.
   */
  readonly producer?: CaptureProducer;
  /** Known only from CDP or the user; HAR never records it. */
  readonly credentialsMode: Sourced<CredentialsMode> | null;
  /** The hops in order; at least one. */
  readonly hops: readonly Hop[];
  /** Problems found while building the exchange; any of them makes the verdict `unknown`. */
  readonly malformed: readonly string[];
}

export type Verdict = "allowed" | "blocked" | "not-cors" | "network-error" | "unknown";

/** A quoted header line (or a recorded fact) that supports an answer. */
export interface Evidence {
  readonly hop: number;
  readonly leg: Leg;
  readonly side: "request" | "response";
  /** Header name as recorded, or a pseudo-name such as `:status` or `:url`. */
  readonly name: string;
  readonly value: string;
}

/** Any finding's arguments; `FindingArgsByCode` (diagnosis/codes.ts) says which ones each code has. */
export type FindingArgs = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** A finding of one code, with that code's arguments. */
export interface FindingOf<C extends DiagnosisCode> {
  readonly code: C;
  readonly severity: Severity;
  readonly args: FindingArgsByCode[C];
  readonly evidence: readonly Evidence[];
}

/** A finding of any code; switching on `code` narrows `args`. */
export type Finding = { [C in DiagnosisCode]: FindingOf<C> }[DiagnosisCode];

/** Why a preflight was (or would be) sent: each trigger names the rule that fired. */
export type PreflightTrigger =
  | { readonly kind: "method"; readonly method: string }
  | { readonly kind: "header-name"; readonly name: string }
  | {
      readonly kind: "header-value";
      readonly name: string;
      readonly value: string;
      readonly rule: SafelistRule;
    }
  | { readonly kind: "total-length"; readonly totalBytes: number; readonly names: readonly string[] };

/** The safelist rule a header value broke. */
export type SafelistRule =
  | "value-too-long"
  | "unsafe-byte"
  | "language-byte"
  | "content-type-unparsable"
  | "content-type-essence"
  | "range-syntax";

export type OriginMatch = "exact" | "wildcard" | "mismatch" | "missing" | "invalid" | "multiple" | "not-applicable";

/**
 * The request's mode as the verdict took it, and why: whether CORS applies at all. Shown with the
 * five questions on every row, so a reader sees why a request was (or was not) treated as CORS.
 */
export interface ModeAnswer {
  /** The mode the engine used; null when the capture could not tell (`unknownReason` says why). */
  readonly value: RequestMode | null;
  /** Where it came from (`sec-fetch-mode`, `resource-type`, `accept-html`, ...; `assumed` when nothing said). */
  readonly source: string;
  readonly inferred: boolean;
  /** The recorded facts it rests on (capture/mode.ts). */
  readonly evidence: readonly Evidence[];
  readonly unknownReason: string | null;
}

export interface FiveQuestions {
  /** 0. Is this a CORS request at all? (The premise of the other five.) */
  readonly mode: ModeAnswer;
  /** 1. What is my origin? */
  readonly origin: {
    readonly value: string | null;
    readonly source: string;
    readonly inferred: boolean;
    /** True when a redirect made the browser send `Origin: null`. */
    readonly tainted: boolean;
    readonly evidence: readonly Evidence[];
  };
  /** 2. What origin does the server allow? (The ACAO value of the response that decided.) */
  readonly allowedOrigin: {
    readonly value: string | null;
    readonly leg: Leg | null;
    readonly hop: number;
    readonly evidence: readonly Evidence[];
  };
  /** 3. Do they match? */
  readonly match: {
    readonly result: OriginMatch;
    readonly diff: OriginDiff | null;
  };
  /** 4. Is a preflight triggered, by what, and did the server handle OPTIONS? */
  readonly preflight: {
    readonly required: boolean;
    readonly triggers: readonly PreflightTrigger[];
    readonly state: "not-needed" | "paired" | "not-captured" | "unknown";
    /** The OPTIONS status when a preflight was captured. */
    readonly status: number | null;
    readonly handled: "ok" | "bad-status" | "redirected" | "network-error" | "no-cors-headers" | null;
    /** The capture's producer (the words for a preflight it does not show depend on it). */
    readonly producer: CaptureProducer;
    readonly evidence: readonly Evidence[];
  };
  /** 5. Are credentials sent, and is the server configured for them? */
  readonly credentials: {
    readonly mode: CredentialsMode | null;
    readonly source: string;
    readonly inferred: boolean;
    readonly cookieSent: boolean;
    readonly authorizationSent: boolean;
    readonly allowCredentials: string | null;
    /** True when the server's answer is fine for the credentials mode. */
    readonly serverAllows: boolean | null;
    readonly evidence: readonly Evidence[];
  };
}

/**
 * What Chromium reports under one reading of a fact the capture does not record: HAR never holds
 * the credentials mode, so when nothing evidences it and the two modes fail differently, the
 * diagnosis states each reading it did not pick (the primary verdict is the reading without
 * credentials; see `credentialsReadings` in diagnosis/credentials.ts for why).
 */
export interface DiagnosisAlternative {
  /** The reading: sent without credentials (the default for fetch and XHR), or with them. */
  readonly when: "without-credentials" | "with-credentials";
  readonly verdict: "allowed" | "blocked";
  readonly corsError: CorsErrorName | null;
  /** Chromium's failedParameter, or null when there is no CORS error. */
  readonly failedParameter: string | null;
  readonly leg: Leg | null;
  readonly hop: number;
}

export interface Diagnosis {
  readonly verdict: Verdict;
  /** Chromium's `Network.CorsError` name, as DevTools' Issues panel would show it. */
  readonly corsError: CorsErrorName | null;
  /** Chromium's `failedParameter`, or null when there is no CORS error. */
  readonly failedParameter: string | null;
  readonly leg: Leg | null;
  /** Index of the hop the verdict is about (0 for a request without redirects). */
  readonly hop: number;
  readonly findings: readonly Finding[];
  readonly questions: FiveQuestions;
  /** For `unknown` verdicts: the codes of the reasons. */
  readonly unknownReasons: readonly DiagnosisCode[];
  /**
   * Readings the capture cannot rule out, other than the verdict itself, each with what Chromium
   * reports then (empty when the evidence settles it). Chromium's verdict is the primary one or
   * one of these.
   */
  readonly alternatives: readonly DiagnosisAlternative[];
}
