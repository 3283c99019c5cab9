/** What a failure's message names, read from the exchange at the hop and leg Chromium's diagnosis points to. */

import { getHeader } from "../fetch/header-list.js";
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
