/**
 * Redaction of secrets in everything a user can copy or share. DevTools hands extensions HAR built
 * with `sanitize: false`, so cookies and Authorization values are real. Redaction is on by
 * default everywhere; including secrets is an explicit choice.
 */

import { byteLowercase } from "../engine/fetch/header-list.js";
import { parseUrl } from "../engine/fetch/origin.js";
import type { HeaderLine } from "../engine/types.js";

export const REDACTED = "[redacted]";

/** Headers whose whole value is a secret. */
const SECRET_HEADERS = new Set([
  "cookie",
  "set-cookie",
  "set-cookie2",
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-csrf-token",
  "x-xsrf-token",
  "x-amz-security-token",
  "x-goog-api-key",
  "ocp-apim-subscription-key",
]);

/** Header names that look like they carry a credential (x-my-token, x-client-secret, ...). */
const SECRET_HEADER_PATTERN = /(^|[-_])(token|secret|password|passwd|api[-_]?key|session|signature|auth)([-_]|$)/;

export function isSecretHeader(name: string): boolean {
  const lower = byteLowercase(name);
  if (lower.startsWith("access-control-")) return false;
  return SECRET_HEADERS.has(lower) || SECRET_HEADER_PATTERN.test(lower);
}

/** Query parameters whose values are secrets. */
const SECRET_PARAM_PATTERN =
  /^(access[-_]?token|refresh[-_]?token|id[-_]?token|token|auth|authorization|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|session|sessionid|code|jwt)$/i;

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM_PATTERN.test(name);
}

/** Redacts user:password in the URL and secret-looking query parameters. */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return url;
  let result = url;
  if (parsed.username !== "" || parsed.password !== "") {
    result = result.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
  }
  const queryStart = result.indexOf("?");
  if (queryStart === -1) return result;
  const hashStart = result.indexOf("#", queryStart);
  const query = result.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart);
  const redactedQuery = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq === -1) return pair;
      const name = safeDecode(pair.slice(0, eq));
      return isSecretParam(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join("&");
  return `${result.slice(0, queryStart + 1)}${redactedQuery}${hashStart === -1 ? "" : result.slice(hashStart)}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/**
 * Redacts one header value. `Authorization: Bearer abc` keeps its scheme (the scheme explains
 * the request; the credential does not).
 */
export function redactHeaderValue(name: string, value: string): string {
  if (!isSecretHeader(name)) {
    const lower = byteLowercase(name);
    if (lower === "referer" || lower === "location" || lower === "content-location") return redactUrl(value);
    return value;
  }
  const lower = byteLowercase(name);
  if (lower === "authorization" || lower === "proxy-authorization") {
    const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
  }
  if (lower === "cookie") {
    // Keep the cookie names: they say which session was sent; the values are the secrets.
    return value
      .split(";")
      .map((part) => {
        const eq = part.indexOf("=");
        return eq === -1 ? part : `${part.slice(0, eq)}=${REDACTED}`;
      })
      .join(";");
  }
  if (lower === "set-cookie") {
    const eq = value.indexOf("=");
    const semi = value.indexOf(";");
    if (eq === -1) return REDACTED;
    return `${value.slice(0, eq)}=${REDACTED}${semi === -1 ? "" : value.slice(semi)}`;
  }
  return REDACTED;
}

export function redactHeaders(headers: readonly HeaderLine[]): HeaderLine[] {
  return headers.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value) }));
}

export interface RedactionOptions {
  /** When false (the default), secrets are replaced with [redacted]. */
  readonly includeSecrets: boolean;
}

export const REDACT_BY_DEFAULT: RedactionOptions = { includeSecrets: false };
