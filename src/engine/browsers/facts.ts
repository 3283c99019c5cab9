/** What a failure's message names, read from the exchange at the hop and leg Chromium's diagnosis points to. */

import { getHeader } from "../fetch/header-list.js";
import { isChromiumOnlySafelisted, isCorsSafelistedRequestHeader } from "../fetch/safelist.js";
import type { CredentialsMode, Diagnosis, Exchange, HeaderLine, RecordedResponse } from "../types.js";
import type { FailureFacts } from "./types.js";

export interface FailedResponse {
  readonly facts: FailureFacts;
  /** The response that failed (the preflight's on the preflight leg), when recorded. */
  readonly response: RecordedResponse | null;
  /** Its Access-Control-Allow-Origin lines as recorded (name and trimmed value). */
  readonly allowOriginLines: readonly { readonly name: string; readonly value: string }[];
  /** The credentials mode of the reading. */
  readonly credentials: CredentialsMode;
  /** The Access-Control-Request-Headers of the hop's recorded preflight, if any. */
  readonly preflightRequestHeaders: string | null;
  /** The hop's request headers as recorded. */
  readonly requestHeaders: readonly HeaderLine[];
}

/** One reading of what Chromium decided: the diagnosis itself, or one of its stated alternatives. */
export interface ChromiumReading {
  readonly verdict: Diagnosis["verdict"];
  readonly corsError: Diagnosis["corsError"];
  readonly failedParameter: string | null;
  readonly leg: Diagnosis["leg"];
  readonly hop: number;
  /** The credentials mode of this reading. */
  readonly credentials: CredentialsMode;
}

export function failedResponse(exchange: Exchange, diagnosis: ChromiumReading, origin: string | null): FailedResponse {
  const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
  const response = (diagnosis.leg === "preflight" ? hop?.preflight?.response : hop?.response) ?? null;
  const next = exchange.hops[diagnosis.hop + 1];
  return {
    facts: {
      url: hop?.request.url ?? "",
      origin,
      status: response && response.status > 0 ? response.status : null,
      param: diagnosis.failedParameter,
      redirectTo: diagnosis.leg === "redirect" ? (next?.request.url ?? hop?.response.redirectURL ?? null) : null,
    },
    response,
    allowOriginLines: (response?.headers ?? [])
      .filter((h) => h.name.toLowerCase() === "access-control-allow-origin")
      .map((h) => ({ name: h.name, value: h.value.trim() })),
    credentials: diagnosis.credentials,
    requestHeaders: hop?.request.headers ?? [],
    preflightRequestHeaders: hop?.preflight
      ? getHeader(hop.preflight.request.headers, "access-control-request-headers")
      : null,
  };
}

/** The first item of a comma-separated header that is not an HTTP token (what Firefox quotes). */
export function firstNonToken(value: string | null): string | null {
  if (value === null) return null;
  for (const item of value.split(",")) {
    const trimmed = item.trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(trimmed)) return trimmed;
  }
  return null;
}

/**
 * The requested headers the preflight's answer does not allow, lower case, sorted (the order of
 * Access-Control-Request-Headers); null without a recorded preflight.
 */
export function headersNotAllowed(failed: FailedResponse): string[] | null {
  const requested = failed.preflightRequestHeaders;
  if (requested === null) return null;
  const allowed = failed.response ? getHeader(failed.response.headers, "access-control-allow-headers") : null;
  const names = new Set((allowed ?? "").split(",").map((name) => name.trim().toLowerCase()));
  const wildcard = names.has("*") && failed.credentials !== "include";
  return requested
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "" && !safelistedOutsideChromium(name, failed))
    .filter((name) => !names.has(name) && !(wildcard && name !== "authorization"));
}

/**
 * Firefox checks the requested headers in name order and names the first not allowed
 * (header-order-not-sorted and its XHR twin: x-alpha, where Chromium names x-zeta). Lower case;
 * without a recorded preflight, Chromium's name.
 */
export function firstHeaderNotAllowed(failed: FailedResponse): string | null {
  return headersNotAllowed(failed)?.[0] ?? failed.facts.param?.toLowerCase() ?? null;
}

/**
 * A name Chromium requested that Firefox and WebKit send without asking: a header the standard safelists by
 * itself, which only Chromium's client hints push over the 1024-byte total
 * (header-safelisted-total-over-1024: they name device-memory, Chromium viewport-width).
 */
function safelistedOutsideChromium(name: string, failed: FailedResponse): boolean {
  const lines = failed.requestHeaders.filter((h) => h.name.toLowerCase() === name);
  if (lines.length !== 1 || !lines[0]) return false;
  const hints = failed.requestHeaders.some((h) => isChromiumOnlySafelisted(h.name, h.value));
  return (
    hints &&
    !isChromiumOnlySafelisted(lines[0].name, lines[0].value) &&
    isCorsSafelistedRequestHeader(lines[0].name, lines[0].value).safelisted
  );
}

/** A URL without its user name and password (WebKit names a redirect's target so). */
export function withoutCredentials(url: string | null): string | null {
  return url === null ? null : url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, "$1");
}
