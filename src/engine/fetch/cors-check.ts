/**
 * The CORS check, as the Fetch standard defines it and as Chromium implements it.
 */

import type { CredentialsMode, HeaderLine } from "../types.js";
import type { AccessCheckError } from "./cors-error.js";
import { getHeader } from "./header-list.js";
import { parseUrl } from "./origin.js";

export type CorsCheckResult =
  | { readonly ok: true; readonly allowOrigin: string; readonly wildcard: boolean }
  | {
      readonly ok: false;
      readonly error: AccessCheckError;
      /** Chromium's `failedParameter` for this error ("" when Chromium sends none). */
      readonly failedParameter: string;
      readonly allowOrigin: string | null;
      readonly allowCredentials: string | null;
    };

/**
 * https://fetch.spec.whatwg.org/#concept-cors-check
 *
 * 1. Let origin be the result of getting `Access-Control-Allow-Origin` from response's header list.
 * 2. If origin is null, then return failure.
 * 3. If request's credentials mode is not "include" and origin is `*`, then return success.
 * 4. If the result of byte-serializing a request origin with request is not origin, then return failure.
 * 5. If request's credentials mode is not "include", then return success.
 * 6. Let credentials be the result of getting `Access-Control-Allow-Credentials`.
 * 7. If credentials is `true`, then return success.
 * 8. Return failure.
 *
 * NOTE(spec): Chromium (`CheckAccessInternal`, services/network/public/cpp/cors/cors.cc) splits
 * the step-4 failure into distinct errors and checks `*` before absence:
 *   - ACAO `*` with credentials "include" -> WildcardOriginNotAllowed (only for http(s) URLs);
 *   - ACAO absent -> MissingAllowOriginHeader;
 *   - ACAO differs and contains a space or comma -> MultipleAllowOriginValues (repeated header
 *     lines are combined with ", ", so duplicates land here);
 *   - ACAO is `null` (and the origin is not) -> AllowOriginMismatch;
 *   - ACAO is not a valid URL -> InvalidAllowOriginValue;
 *   - otherwise -> AllowOriginMismatch (exact, case-sensitive comparison; no canonicalisation).
 * `Access-Control-Allow-Credentials` must be exactly `true` (case-sensitive).
 */
export function corsCheck(
  responseHeaders: readonly HeaderLine[],
  responseUrl: string,
  serializedRequestOrigin: string,
  credentialsMode: CredentialsMode,
): CorsCheckResult {
  const allowOrigin = getHeader(responseHeaders, "Access-Control-Allow-Origin");
  const allowCredentials = getHeader(responseHeaders, "Access-Control-Allow-Credentials");
  const fail = (error: AccessCheckError, failedParameter: string): CorsCheckResult => ({
    ok: false,
    error,
    failedParameter,
    allowOrigin,
    allowCredentials,
  });

  if (allowOrigin === "*") {
    // 3. Not "include" and `*`: success.
    if (credentialsMode !== "include") return { ok: true, allowOrigin, wildcard: true };
    // Chromium: the wildcard check applies to HTTP(S) response URLs only (crbug.com/315152).
    const url = parseUrl(responseUrl);
    if (!url || url.protocol === "http:" || url.protocol === "https:") return fail("WildcardOriginNotAllowed", "");
  } else if (allowOrigin === null) {
    // 2. If origin is null, then return failure.
    return fail("MissingAllowOriginHeader", "");
  } else if (allowOrigin !== serializedRequestOrigin) {
    // 4. If the byte-serialized request origin is not origin, then return failure.
    if (/[ ,]/.test(allowOrigin)) return fail("MultipleAllowOriginValues", allowOrigin);
    if (allowOrigin === "null") return fail("AllowOriginMismatch", allowOrigin);
    if (!isValidAllowOriginUrl(allowOrigin)) return fail("InvalidAllowOriginValue", allowOrigin);
    return fail("AllowOriginMismatch", allowOrigin);
  }

  // 5. If request's credentials mode is not "include", then return success.
  if (credentialsMode !== "include") return { ok: true, allowOrigin, wildcard: false };
  // 6-7. If credentials is `true` (case-sensitive), then return success.
  if (allowCredentials === "true") return { ok: true, allowOrigin, wildcard: false };
  // 8. Return failure. Chromium reports the ACAC value ("" when absent).
  return fail("InvalidAllowCredentials", allowCredentials ?? "");
}

/**
 * Chromium parses ACAO with `GURL` and reports InvalidAllowOriginValue when it is not a valid URL
 * (`''`, `example.com`). The WHATWG URL parser agrees on the cases that matter: a scheme is required.
 */
function isValidAllowOriginUrl(value: string): boolean {
  return parseUrl(value) !== null;
}

/** https://fetch.spec.whatwg.org/#ok-status — a status in the range 200 to 299. */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** https://fetch.spec.whatwg.org/#redirect-status — 301, 302, 303, 307, 308. */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
