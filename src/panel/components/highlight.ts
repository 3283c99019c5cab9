/** Which header lines the detail view highlights: the ones the failure and its causes are about. */

import type { Diagnosis, Leg } from "../../engine/index.js";

export interface HighlightKey {
  readonly hop: number;
  readonly leg: Leg;
  readonly side: "request" | "response";
  /** Lower-cased header name, or ":status". */
  readonly name: string;
}

const ERROR_HEADERS: Readonly<Record<string, Array<["request" | "response", string]>>> = {
  MissingAllowOriginHeader: [["response", "access-control-allow-origin"]],
  MultipleAllowOriginValues: [["response", "access-control-allow-origin"]],
  InvalidAllowOriginValue: [["response", "access-control-allow-origin"]],
  AllowOriginMismatch: [
    ["response", "access-control-allow-origin"],
    ["request", "origin"],
  ],
  WildcardOriginNotAllowed: [["response", "access-control-allow-origin"]],
  InvalidAllowCredentials: [["response", "access-control-allow-credentials"]],
  PreflightMissingAllowOriginHeader: [
    ["response", "access-control-allow-origin"],
    ["response", ":status"],
  ],
  PreflightMultipleAllowOriginValues: [["response", "access-control-allow-origin"]],
  PreflightInvalidAllowOriginValue: [["response", "access-control-allow-origin"]],
  PreflightAllowOriginMismatch: [
    ["response", "access-control-allow-origin"],
    ["request", "origin"],
  ],
  PreflightWildcardOriginNotAllowed: [["response", "access-control-allow-origin"]],
  PreflightInvalidAllowCredentials: [["response", "access-control-allow-credentials"]],
  PreflightInvalidStatus: [["response", ":status"]],
  PreflightDisallowedRedirect: [
    ["response", ":status"],
    ["response", "location"],
  ],
  InvalidAllowMethodsPreflightResponse: [["response", "access-control-allow-methods"]],
  InvalidAllowHeadersPreflightResponse: [["response", "access-control-allow-headers"]],
  MethodDisallowedByPreflightResponse: [
    ["response", "access-control-allow-methods"],
    ["request", "access-control-request-method"],
  ],
  HeaderDisallowedByPreflightResponse: [
    ["response", "access-control-allow-headers"],
    ["request", "access-control-request-headers"],
  ],
  RedirectContainsCredentials: [["response", "location"]],
};

export function highlightKeys(diagnosis: Diagnosis): HighlightKey[] {
  const keys: HighlightKey[] = [];
  if (diagnosis.corsError && diagnosis.leg) {
    for (const [side, name] of ERROR_HEADERS[diagnosis.corsError] ?? []) {
      keys.push({ hop: diagnosis.hop, leg: diagnosis.leg, side, name });
    }
    if (diagnosis.corsError === "HeaderDisallowedByPreflightResponse" && diagnosis.failedParameter) {
      keys.push({ hop: diagnosis.hop, leg: "actual", side: "request", name: diagnosis.failedParameter.toLowerCase() });
    }
  }
  for (const finding of diagnosis.findings) {
    if (finding.severity === "info") continue;
    for (const e of finding.evidence) keys.push({ hop: e.hop, leg: e.leg, side: e.side, name: e.name.toLowerCase() });
  }
  return keys;
}

export function isHighlighted(
  keys: readonly HighlightKey[],
  hop: number,
  leg: Leg,
  side: "request" | "response",
  name: string,
): boolean {
  const lower = name.toLowerCase();
  return keys.some(
    (k) =>
      k.hop === hop &&
      (k.leg === leg || (leg === "redirect" && k.leg === "actual")) &&
      k.side === side &&
      k.name === lower,
  );
}
