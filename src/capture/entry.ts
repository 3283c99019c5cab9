/**
 * One HAR entry, normalized: the fields the diagnosis needs, whatever browser wrote the HAR.
 * No bodies are kept (memory, and they carry personal data).
 */

import type { HeaderLine, TransportOutcome } from "../engine/types.js";
import { type HarEntry, validateHarEntry } from "./har-schema.js";
import { getHeader, isHeaderNamed, isPseudoHeaderName } from "./headers.js";

export interface CapturedEntry {
  /** Identity for de-duplication across `getHAR()` and `onRequestFinished` deliveries. */
  readonly key: string;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: readonly HeaderLine[];
  readonly provisionalHeaders: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly responseHeaders: readonly HeaderLine[];
  readonly redirectURL: string | null;
  readonly outcome: TransportOutcome;
  readonly resourceType: string | null;
  readonly initiatorType: string | null;
  /** For a Chromium preflight: the CDP requestId of the actual request. */
  readonly initiatorRequestId: string | null;
  /** Milliseconds since the epoch, or null when the HAR has no usable timestamp. */
  readonly startedMs: number | null;
  readonly durationMs: number | null;
  readonly serverIPAddress: string | null;
  readonly pageref: string | null;
  readonly isPreflight: boolean;
  /** Why this entry cannot be trusted; non-empty means the diagnosis will be `unknown`. */
  readonly malformed: readonly string[];
}

/** Header values longer than this are truncated and the entry marked malformed. */
const MAX_HEADER_VALUE = 65536;

/**
 * Normalizes one raw HAR entry. Never throws: anything unusable becomes a `malformed` reason on
 * an entry that keeps whatever could be read.
 */
export function normalizeHarEntry(raw: unknown, index: number): CapturedEntry {
  const validated = validateHarEntry(raw);
  if (!validated.ok) return malformedEntry(raw, index, validated.problems);
  return fromValidEntry(validated.entry, index);
}

/**
 * Whether the entry's key holds the index it was normalized with (an entry without a start time,
 * or a malformed one): normalized again at another index, it gets another key.
 */
export function keyHoldsIndex(entry: CapturedEntry): boolean {
  return entry.key.startsWith("#");
}

function fromValidEntry(entry: HarEntry, index: number): CapturedEntry {
  const malformed: string[] = [];
  const requestHeaders = cleanHeaders(entry.request.headers, malformed, "request");
  const responseHeaders = cleanHeaders(entry.response.headers, malformed, "response");
  const startedMs = entry.startedDateTime ? Date.parse(entry.startedDateTime) : Number.NaN;
  const method = entry.request.method;
  const url = entry.request.url;
  const resourceType = entry._resourceType ?? null;
  const initiator = entry._initiator ?? null;
  const outcome = browserOutcome(entry);
  const redirectURL = entry.response.redirectURL ? entry.response.redirectURL : null;
  const isPreflight =
    resourceType === "preflight" ||
    initiator?.type === "preflight" ||
    (method === "OPTIONS" &&
      getHeader(requestHeaders, "Access-Control-Request-Method") !== null &&
      getHeader(requestHeaders, "Origin") !== null);
  return {
    key: `${entry.startedDateTime ?? `#${index}`} ${method} ${url}${isPreflight ? " preflight" : ""}`,
    method,
    url,
    requestHeaders,
    provisionalHeaders: isProvisional(entry),
    status: Math.max(0, entry.response.status),
    statusText: entry.response.statusText ?? "",
    responseHeaders,
    redirectURL,
    outcome,
    resourceType,
    initiatorType: initiator?.type ?? null,
    initiatorRequestId: initiator?.requestId ?? null,
    startedMs: Number.isFinite(startedMs) ? startedMs : null,
    durationMs: typeof entry.time === "number" && Number.isFinite(entry.time) ? entry.time : null,
    serverIPAddress: entry.serverIPAddress ? entry.serverIPAddress : null,
    pageref: entry.pageref ?? null,
    isPreflight,
    malformed,
  };
}

/**
 * What the browser recorded about the request's fate. Chromium writes `_error` on every entry
 * (null when fine); Safari's Web Inspector writes it only on a failure, in words; Playwright writes
 * `_failureText` only on a failure; other tools write neither, so their silence says nothing.
 */
function browserOutcome(entry: HarEntry): TransportOutcome {
  const failureText = entry.response._error ?? entry.response._failureText;
  if (typeof failureText === "string" && failureText !== "") {
    return {
      state: "failed",
      errorText: describesCorsFailure(failureText) ? `net::ERR_FAILED (${failureText})` : failureText,
    };
  }
  return { state: "_error" in entry.response ? "completed" : "unknown", errorText: null };
}

/**
 * WebKit's own words for a CORS failure ("Origin … is not allowed by Access-Control-Allow-Origin.",
 * "Preflight response is not successful."): the failure Chromium records as `net::ERR_FAILED`.
 * Chromium's texts name a `net::ERR_*` code and are kept as they are.
 */
function describesCorsFailure(text: string): boolean {
  if (text.includes("ERR_")) return false;
  return text.includes("Access-Control-") || text.includes("Preflight ") || text.includes("CORS");
}

/**
 * Chromium records only "provisional" request headers for a request that never reached the
 * network (blocked by a failed preflight, opaque no-cors loads): none of the headers the network
 * stack adds (`Host` or `:authority`, `Accept-Encoding`), and `httpVersion: ""`.
 *
 * An empty `httpVersion` alone proves nothing: Chromium also leaves it empty on a response it
 * received and then blocked (seen over HTTP/2), so only the headers decide; `Sec-Fetch-*` headers
 * are only ever added by the network stack. Whether the request was sent is its status, not this.
 */
function isProvisional(entry: HarEntry): boolean {
  const headers = entry.request.headers;
  if (headers.some((h) => isHeaderNamed(h.name, "sec-fetch-mode"))) return false;
  // Never answered and no HTTP version: never sent (Firefox keeps the full headers of such a request).
  if (entry.request.httpVersion === "" && entry.response.status <= 0) return true;
  // Not "answered, so complete": DevTools can deliver a first copy of an answered request whose
  // request headers are still the provisional set (no Origin), which must not read as no-cors.
  return !headers.some((h) => NETWORK_ADDED_HEADERS.some((name) => isHeaderNamed(h.name, name)));
}

const NETWORK_ADDED_HEADERS = ["host", ":authority", "accept-encoding", "connection"];

/** Drops HTTP/2 pseudo-headers and truncates absurd values (recording why). */
function cleanHeaders(
  headers: readonly { name: string; value: string }[],
  malformed: string[],
  side: string,
): HeaderLine[] {
  const result: HeaderLine[] = [];
  for (const header of headers) {
    if (isPseudoHeaderName(header.name)) continue;
    if (header.value.length > MAX_HEADER_VALUE || header.name.length > 1024) {
      malformed.push(`a ${side} header is larger than 64 KiB (${header.name.slice(0, 40)})`);
      result.push({ name: header.name.slice(0, 1024), value: header.value.slice(0, MAX_HEADER_VALUE) });
      continue;
    }
    // The validated line itself: copying millions of small objects is most of a big HAR's cost.
    result.push(header);
  }
  return result;
}

function malformedEntry(raw: unknown, index: number, problems: string[]): CapturedEntry {
  const record = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const request =
    typeof record.request === "object" && record.request !== null ? (record.request as Record<string, unknown>) : {};
  const url = typeof request.url === "string" ? request.url.slice(0, 2048) : "";
  const method = typeof request.method === "string" ? request.method.slice(0, 64) : "";
  return {
    key: `#malformed-${index}`,
    method,
    url,
    requestHeaders: [],
    provisionalHeaders: true,
    status: 0,
    statusText: "",
    responseHeaders: [],
    redirectURL: null,
    outcome: { state: "unknown", errorText: null },
    resourceType: null,
    initiatorType: null,
    initiatorRequestId: null,
    startedMs: null,
    durationMs: null,
    serverIPAddress: null,
    pageref: null,
    isPreflight: false,
    malformed: problems.length > 0 ? problems : ["the entry is not an object"],
  };
}
