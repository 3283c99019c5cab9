/**
 * What redirects do to a CORS request.
 */

import type { RequestMode } from "../types.js";
import { parseUrl, serializeOriginOf } from "./origin.js";

/**
 * https://fetch.spec.whatwg.org/#concept-request-tainted-origin
 *
 * 1. Let lastURL be null.
 * 2. For each url of request's URL list:
 *    1. If lastURL is null, then set lastURL to url and continue.
 *    2. If url's origin is not same origin with lastURL's origin and request's origin is not same
 *       origin with lastURL's origin, then return true.
 *    3. Set lastURL to url.
 * 3. Return false.
 */
export function hasRedirectTaintedOrigin(requestOrigin: string, urlList: readonly string[]): boolean {
  let lastOrigin: string | null = null;
  for (const url of urlList) {
    const origin = serializeOriginOf(url) ?? "null";
    if (lastOrigin === null) {
      lastOrigin = origin;
      continue;
    }
    if (origin !== lastOrigin && requestOrigin !== lastOrigin) return true;
    lastOrigin = origin;
  }
  return false;
}

export type RedirectLocationProblem =
  | { readonly kind: "credentials"; readonly location: string }
  | { readonly kind: "non-http-scheme"; readonly location: string }
  | { readonly kind: "unparsable"; readonly location: string };

/**
 * https://fetch.spec.whatwg.org/#concept-http-redirect-fetch (steps 5, 6, 9, 10)
 *
 * 5. If locationURL is failure, then return a network error.
 * 6. If locationURL's scheme is not an HTTP(S) scheme, then return a network error.
 * 9. If request's mode is "cors", locationURL includes credentials, and request's origin is not
 *    same origin with locationURL's origin, then return a network error.
 * 10. If request's response tainting is "cors" and locationURL includes credentials, then return
 *    a network error.
 *
 * NOTE(spec): Chromium (`CheckRedirectLocation`, cors.cc) reports steps 9-10 as
 * RedirectContainsCredentials and also treats a tainted origin as "not same origin".
 */
export function checkRedirectLocation(
  location: string,
  base: string,
  mode: RequestMode,
  requestOrigin: string,
  tainted: boolean,
  corsTainting: boolean,
): RedirectLocationProblem | null {
  const url = parseUrl(location, base);
  if (!url) return { kind: "unparsable", location };
  if (url.protocol !== "http:" && url.protocol !== "https:") return { kind: "non-http-scheme", location: url.href };
  const includesCredentials = url.username !== "" || url.password !== "";
  if (!includesCredentials) return null;
  if (mode === "cors" && (tainted || url.origin !== requestOrigin)) return { kind: "credentials", location: url.href };
  if (corsTainting) return { kind: "credentials", location: url.href };
  return null;
}
