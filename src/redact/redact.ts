/**
 * Redaction of secrets in everything a user can copy, print or share. DevTools hands extensions
 * HAR built with `sanitize: false`, so cookies and Authorization values are real. Redaction is on
 * by default on every surface; including secrets is an explicit choice (`--include-secrets`, the
 * panel's checkbox).
 *
 * Surfaces redact the exchange itself (`redactExchange`) before diagnosing it, so every string
 * derived from it (summaries, findings' words, evidence, fixes, curl commands) is redacted by
 * construction. Redaction keeps what the CORS verdict reads: header presence and names, origins,
 * the Access-Control-* headers and the safelisted headers' values (test/redact proves the
 * verdicts unchanged).
 */

import { byteLowercase } from "../engine/fetch/header-list.js";
import type { Exchange, HeaderLine, Hop, PreflightRecord, RecordedRequest, RecordedResponse } from "../engine/types.js";
import { headerKind, isSecretParam, looksLikeSecretValue } from "./catalogue.js";

export { isSecretHeader, isSecretParam, looksLikeSecretValue } from "./catalogue.js";

export const REDACTED = "[redacted]";

export interface RedactionOptions {
  /** When false (the default), secrets are replaced with [redacted]. */
  readonly includeSecrets: boolean;
}

export const REDACT_BY_DEFAULT: RedactionOptions = { includeSecrets: false };

/** user:password of an absolute or scheme-relative URL (backslashes count as slashes in http URLs). */
const USERINFO = /^((?:[a-z][a-z0-9+.-]*:)?[/\\]{2})[^/\\?#]*@/i;

/**
 * Redacts a URL, absolute or relative: user:password, secret query and fragment parameters (by
 * name, or by a value that looks like a key), a fragment that is a token on its own.
 */
export function redactUrl(url: string): string {
  if (!/[?#@;]/.test(url)) return url;
  // A capture repeats its URLs (a preflight and its request, every Referer): answers are kept.
  const known = recentUrls.get(url);
  if (known !== undefined) return known;
  const result = redactUrlOnce(url);
  if (recentUrls.size >= RECENT_URLS_MAX) recentUrls.clear();
  recentUrls.set(url, result);
  return result;
}

const recentUrls = new Map<string, string>();
const RECENT_URLS_MAX = 4096;

function redactUrlOnce(url: string): string {
  let result = USERINFO.test(url) ? url.replace(USERINFO, `$1${REDACTED}@`) : url;
  const hashAt = result.indexOf("#");
  const beforeHash = hashAt === -1 ? result : result.slice(0, hashAt);
  const queryAt = beforeHash.indexOf("?");
  if (queryAt !== -1) {
    result = `${beforeHash.slice(0, queryAt + 1)}${redactParams(beforeHash.slice(queryAt + 1))}${hashAt === -1 ? "" : result.slice(hashAt)}`;
  }
  if (hashAt !== -1) {
    const fragmentAt = result.indexOf("#");
    result = `${result.slice(0, fragmentAt + 1)}${redactFragment(result.slice(fragmentAt + 1))}`;
  }
  return result;
}

/** `#access_token=…&state=…`, `#/callback?code=…`, or `#<a bare token>`. */
function redactFragment(fragment: string): string {
  const queryAt = fragment.indexOf("?");
  if (queryAt !== -1) return `${fragment.slice(0, queryAt + 1)}${redactParams(fragment.slice(queryAt + 1))}`;
  if (fragment.includes("=")) return redactParams(fragment);
  return looksLikeSecretValue(safeDecode(fragment)) ? REDACTED : fragment;
}

/** `a=1&token=x;sig=y`: each pair whose name or value marks a secret gets its value redacted. */
function redactParams(params: string): string {
  return params
    .split(/([&;])/)
    .map((pair, index) => {
      if (index % 2 === 1 || pair === "") return pair;
      const eq = pair.indexOf("=");
      if (eq === -1) return looksLikeSecretValue(safeDecode(pair)) ? REDACTED : pair;
      const value = pair.slice(eq + 1);
      if (value === "") return pair;
      const secret = isSecretParam(safeDecode(pair.slice(0, eq))) || looksLikeSecretValue(safeDecode(value));
      return secret ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join("");
}

function safeDecode(value: string): string {
  if (!value.includes("%") && !value.includes("+")) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** Absolute URLs inside prose or a header like Link and Refresh. */
const URL_IN_TEXT = /(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s<>"'`]+/gi;

/** Redacts every URL quoted in a piece of text (a console message, a Link header). */
export function redactUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

/**
 * Redacts one header value. `Authorization: Bearer abc` keeps its scheme and cookies keep their
 * names (they say what was sent); values go. A header not in the catalogue is still redacted when
 * its value looks like a key or a JWT.
 */
export function redactHeaderValue(name: string, value: string): string {
  switch (headerKind(name)) {
    case "readable":
      return value;
    case "url":
      return /^\s*</.test(value) || value.includes(";") ? redactUrlsInText(value) : redactUrl(value);
    case "secret":
      return redactSecretHeader(byteLowercase(name), value);
    default:
      if (looksLikeSecretValue(value)) return REDACTED;
      return /^(?:[a-z][a-z0-9+.-]*:)?\/|^\//i.test(value) ? redactUrl(value) : value;
  }
}

function redactSecretHeader(lower: string, value: string): string {
  if (lower === "authorization" || lower === "proxy-authorization") {
    const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
  }
  if (lower === "cookie") {
    // A pair without `=` is a cookie with an empty name: all of it is the value.
    return value
      .split(";")
      .map((part) => {
        if (part.trim() === "") return part;
        const eq = part.indexOf("=");
        return eq === -1 ? `${/^\s*/.exec(part)?.[0] ?? ""}${REDACTED}` : `${part.slice(0, eq)}=${REDACTED}`;
      })
      .join(";");
  }
  if (lower === "set-cookie" || lower === "set-cookie2") {
    // HAR joins several Set-Cookie lines with newlines; attributes (Path, SameSite, ...) stay.
    return value
      .split(/(\r\n|\r|\n)/)
      .map((line, index) => {
        if (index % 2 === 1 || line.trim() === "") return line;
        const semi = line.indexOf(";");
        const pair = semi === -1 ? line : line.slice(0, semi);
        const eq = pair.indexOf("=");
        const attributes = semi === -1 ? "" : line.slice(semi);
        return `${eq === -1 ? REDACTED : `${pair.slice(0, eq)}=${REDACTED}`}${attributes}`;
      })
      .join("");
  }
  return REDACTED;
}

/** The same array when nothing needed redacting (captures are large; most headers are plain). */
export function redactHeaders(headers: readonly HeaderLine[]): HeaderLine[] {
  let changed = false;
  const result = headers.map((h) => {
    const value = redactHeaderValue(h.name, h.value);
    if (value === h.value) return h;
    changed = true;
    return { name: h.name, value };
  });
  return changed ? result : (headers as HeaderLine[]);
}

function redactRequest(request: RecordedRequest): RecordedRequest {
  const url = redactUrl(request.url);
  const headers = redactHeaders(request.headers);
  return url === request.url && headers === request.headers ? request : { ...request, url, headers };
}

function redactResponse(response: RecordedResponse): RecordedResponse {
  const headers = redactHeaders(response.headers);
  const redirectURL = response.redirectURL === null ? null : redactUrl(response.redirectURL);
  return headers === response.headers && redirectURL === response.redirectURL
    ? response
    : { ...response, headers, redirectURL };
}

function redactPreflight(preflight: PreflightRecord | null): PreflightRecord | null {
  return preflight && { request: redactRequest(preflight.request), response: redactResponse(preflight.response) };
}

function redactHop(hop: Hop): Hop {
  return {
    ...hop,
    request: redactRequest(hop.request),
    response: redactResponse(hop.response),
    preflight: redactPreflight(hop.preflight),
  };
}

/**
 * THE redaction: an exchange with every secret of the catalogue replaced by [redacted]. Every
 * surface diagnoses and renders this copy unless the user asked to include secrets.
 */
export function redactExchange(exchange: Exchange): Exchange {
  return { ...exchange, hops: exchange.hops.map(redactHop) };
}

/** `redactExchange` for anything carrying an exchange (a captured exchange, a panel row). */
export function redactCaptured<T extends { readonly exchange: Exchange }>(
  captured: T,
  options: RedactionOptions = REDACT_BY_DEFAULT,
): T {
  return options.includeSecrets ? captured : { ...captured, exchange: redactExchange(captured.exchange) };
}
