/** What a failure's message names, read from the exchange at the hop and leg Chromium's diagnosis points to. */

import { getHeaderValues } from "../fetch/header-list.js";
import type { Diagnosis, Exchange, RecordedResponse } from "../types.js";
import type { FailureFacts } from "./types.js";

export interface FailedResponse {
  readonly facts: FailureFacts;
  /** The response that failed (the preflight's on the preflight leg), when recorded. */
  readonly response: RecordedResponse | null;
  /** Its Access-Control-Allow-Origin lines, each trimmed. */
  readonly allowOriginLines: readonly string[];
}

export function failedResponse(exchange: Exchange, diagnosis: Diagnosis): FailedResponse {
  const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
  const response = (diagnosis.leg === "preflight" ? hop?.preflight?.response : hop?.response) ?? null;
  const next = exchange.hops[diagnosis.hop + 1];
  return {
    facts: {
      url: hop?.request.url ?? "",
      origin: diagnosis.questions.origin.value,
      status: response && response.status > 0 ? response.status : null,
      param: diagnosis.failedParameter,
      redirectTo: diagnosis.leg === "redirect" ? (next?.request.url ?? hop?.response.redirectURL ?? null) : null,
    },
    response,
    allowOriginLines: response ? getHeaderValues(response.headers, "access-control-allow-origin") : [],
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
