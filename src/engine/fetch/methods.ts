/** Methods: https://fetch.spec.whatwg.org/#methods */

import { byteLowercase, byteUppercase } from "./header-list.js";

/**
 * https://fetch.spec.whatwg.org/#cors-safelisted-method
 * "A CORS-safelisted method is a method that is `GET`, `HEAD`, or `POST`." Byte-exact: `fetch()`
 * normalizes `get` to `GET` before this test, so a recorded lower-case method was not normalized.
 */
export function isCorsSafelistedMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "POST";
}

/** https://fetch.spec.whatwg.org/#forbidden-method — `CONNECT`, `TRACE`, `TRACK`, any case. */
export function isForbiddenMethod(method: string): boolean {
  const lower = byteLowercase(method);
  return lower === "connect" || lower === "trace" || lower === "track";
}

const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/**
 * https://fetch.spec.whatwg.org/#concept-method-normalize
 * 1. If method is a byte-case-insensitive match for `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST`,
 *    or `PUT`, byte-uppercase it. 2. Return method.
 * So `patch` stays `patch`, and its preflight needs `patch` (not `PATCH`) in
 * Access-Control-Allow-Methods.
 */
export function normalizeMethod(method: string): string {
  const upper = byteUppercase(method);
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** True when `method` would have been upper-cased by a case-insensitive implementation. */
export function isUnnormalizedCaseVariant(method: string): boolean {
  return method !== byteUppercase(method) && normalizeMethod(method) === method;
}
