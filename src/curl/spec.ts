/**
 * The requests to reproduce: the preflight exactly as the browser sends it, and the actual
 * request, secrets redacted unless asked otherwise. commands.ts writes them for a shell.
 */

import { byteLowercase, getHeader, isPseudoHeader } from "../engine/fetch/header-list.js";
import { corsUnsafeRequestHeaderNames, scriptSettableHeaders } from "../engine/fetch/safelist.js";
import type { HeaderLine, Hop } from "../engine/types.js";
import { REDACT_BY_DEFAULT, type RedactionOptions, redactHeaderValue, redactUrl } from "../redact/redact.js";

/** A request to reproduce: what the browser sent, secrets already redacted unless asked otherwise. */
export interface RequestSpec {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderLine[];
  /** Lines to print as comments above the command (e.g. "the body was not captured"). */
  readonly notes: readonly string[];
}

/** Headers curl computes itself, or that only describe the connection. */
export const CONNECTION_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "accept-encoding",
  "keep-alive",
  "transfer-encoding",
  "te",
  "upgrade",
]);

export function redacted(headers: readonly HeaderLine[], options: RedactionOptions): HeaderLine[] {
  return options.includeSecrets
    ? [...headers]
    : headers.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value) }));
}

/**
 * The preflight as the browser sends it: OPTIONS, Origin, Access-Control-Request-Method, and
 * Access-Control-Request-Headers (lower-cased, sorted, comma-joined without spaces). The recorded
 * preflight is used when one was captured; otherwise it is computed from the actual request.
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch-0 steps 1-5
 */
export function preflightSpec(hop: Hop, origin: string, options: RedactionOptions = REDACT_BY_DEFAULT): RequestSpec {
  const recorded = hop.preflight?.request;
  const url = options.includeSecrets ? hop.request.url : redactUrl(hop.request.url);
  const sentOrigin = (recorded && getHeader(recorded.headers, "Origin")) ?? origin;
  const method = (recorded && getHeader(recorded.headers, "Access-Control-Request-Method")) ?? hop.request.method;
  const acrh =
    (recorded && getHeader(recorded.headers, "Access-Control-Request-Headers")) ??
    corsUnsafeRequestHeaderNames(scriptSettableHeaders(hop.request.headers)).names.join(",");
  const headers: HeaderLine[] = [
    { name: "Origin", value: sentOrigin },
    { name: "Access-Control-Request-Method", value: method },
  ];
  if (acrh !== "") headers.push({ name: "Access-Control-Request-Headers", value: acrh });
  return { method: "OPTIONS", url, headers, notes: [] };
}

/** The actual request with the headers the browser sent (Origin included), secrets redacted. */
export function actualSpec(hop: Hop, origin: string, options: RedactionOptions = REDACT_BY_DEFAULT): RequestSpec {
  const request = hop.request;
  const headers = request.headers.filter(
    (h) => !isPseudoHeader(h.name) && !CONNECTION_HEADERS.has(byteLowercase(h.name)),
  );
  const notes: string[] = [];
  if (request.provisionalHeaders) {
    // The browser recorded only the headers the page set. Without an answer, it never sent it.
    if (getHeader(headers, "Origin") === null) headers.unshift({ name: "Origin", value: origin });
    notes.push(
      hop.response.status === 0
        ? "The browser never sent this request; these are the headers the page set, plus Origin."
        : "Only the headers the page set were recorded; these are they, plus Origin.",
    );
  }
  const method = request.method;
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    notes.push("The request body is not captured; add it with --data-raw if the server needs it.");
  }
  return {
    method,
    url: options.includeSecrets ? request.url : redactUrl(request.url),
    headers: redacted(headers, options),
    notes,
  };
}
