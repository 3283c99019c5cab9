/**
 * Chromium net error names (`net::ERR_*`, net/base/net_error_list.h) sorted into what they mean
 * for a developer chasing a "CORS error": most are not CORS at all.
 */

import { isHeaderNamed } from "../fetch/header-list.js";
import type { NetworkFailureCode } from "./codes.js";

export type NetErrorClass =
  /** `net::ERR_FAILED`: the generic failure Chromium records for CORS blocks (and a few others). */
  | { readonly kind: "generic" }
  /** `net::ERR_ABORTED`: a cancelled request, or an opaque `no-cors` response. */
  | { readonly kind: "aborted" }
  | { readonly kind: "local-network-access" }
  | { readonly kind: "network"; readonly code: NetworkFailureCode };

const LNA_ERRORS = new Set([
  "ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
  "ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
]);

/** Strip the `net::` prefix and anything after the name (Firefox and others add text). */
export function netErrorName(errorText: string): string {
  const match = /(?:net::)?(ERR_[A-Z0-9_]+)/.exec(errorText);
  return match ? (match[1] as string) : errorText.trim();
}

export function classifyNetError(errorText: string): NetErrorClass {
  const name = netErrorName(errorText);
  if (name === "ERR_FAILED") return { kind: "generic" };
  if (name === "ERR_ABORTED") return { kind: "aborted" };
  if (LNA_ERRORS.has(name)) return { kind: "local-network-access" };
  if (name === "ERR_NAME_NOT_RESOLVED" || name === "ERR_NAME_RESOLUTION_FAILED" || name.startsWith("ERR_DNS_")) {
    return { kind: "network", code: "NETWORK_DNS_FAILURE" };
  }
  if (
    name.startsWith("ERR_CERT_") ||
    name.startsWith("ERR_SSL_") ||
    name === "ERR_BAD_SSL_CLIENT_AUTH_CERT" ||
    name === "ERR_INSECURE_RESPONSE"
  ) {
    return { kind: "network", code: "NETWORK_TLS_FAILURE" };
  }
  if (name === "ERR_BLOCKED_BY_CLIENT" || name === "ERR_BLOCKED_BY_ADMINISTRATOR") {
    return { kind: "network", code: "BLOCKED_BY_CLIENT" };
  }
  if (name === "ERR_BLOCKED_BY_RESPONSE" || name === "ERR_BLOCKED_BY_ORB" || name === "ERR_BLOCKED_BY_CSP") {
    return { kind: "network", code: "BLOCKED_BY_RESPONSE_POLICY" };
  }
  if (
    name.startsWith("ERR_CONNECTION_") ||
    name === "ERR_ADDRESS_UNREACHABLE" ||
    name === "ERR_ADDRESS_INVALID" ||
    name === "ERR_TIMED_OUT" ||
    name === "ERR_EMPTY_RESPONSE" ||
    name === "ERR_INTERNET_DISCONNECTED" ||
    name === "ERR_NETWORK_CHANGED" ||
    name === "ERR_NETWORK_ACCESS_DENIED" ||
    name === "ERR_PROXY_CONNECTION_FAILED" ||
    name === "ERR_TUNNEL_CONNECTION_FAILED" ||
    name === "ERR_SOCKET_NOT_CONNECTED"
  ) {
    return { kind: "network", code: "NETWORK_CONNECTION_FAILED" };
  }
  if (name === "ERR_UNSAFE_REDIRECT") {
    return { kind: "network", code: "REDIRECT_TO_NON_HTTP" };
  }
  return { kind: "network", code: "NETWORK_ERROR_OTHER" };
}

/**
 * An opaque `no-cors` response as Chromium records it: `net::ERR_ABORTED` with the real status
 * (lab scenarios no-cors-post-form, no-cors-json-orb, fuzz-no-cors-post-json-204) and no
 * `Access-Control-Allow-Origin`. A CORS request cannot end this way: Chromium runs the CORS check
 * (CorsURLLoader, in the network service) before the page sees the response, and a cross-origin
 * response without ACAO fails it as `net::ERR_FAILED`; a CORS request the page cancels after that
 * either has no status yet or carries the ACAO that let it pass. Callers make sure the request is
 * cross-origin: a same-origin response needs no ACAO, and a cancelled one looks the same.
 */
export function isOpaqueAbortedResponse(
  status: number,
  errorText: string | null,
  responseHeaders: readonly { readonly name: string }[],
): boolean {
  if (status <= 0 || errorText === null || netErrorName(errorText) !== "ERR_ABORTED") return false;
  for (const header of responseHeaders) {
    if (isHeaderNamed(header.name, "access-control-allow-origin")) return false;
  }
  return true;
}
