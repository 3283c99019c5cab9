/**
 * Header-list primitives in the Fetch standard's terms, over recorded header lines.
 * https://fetch.spec.whatwg.org/#concept-header-list
 */

import type { HeaderLine } from "../types.js";

/**
 * https://infra.spec.whatwg.org/#byte-lowercase (ASCII only, like the spec). It runs for every
 * header name of every lookup, so the common all-ASCII case uses the native toLowerCase(), which
 * is identical there; only non-ASCII input takes the slow, exact path.
 */
export function byteLowercase(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0x7f) return value.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  }
  return value.toLowerCase();
}

/** https://infra.spec.whatwg.org/#byte-uppercase */
export function byteUppercase(value: string): string {
  return value.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
}

/** HTTP whitespace: https://fetch.spec.whatwg.org/#http-whitespace (HT, LF, CR, SP). */
const HTTP_WHITESPACE = "\t\n\r ";

/** Strip leading and trailing HTTP whitespace, as HTTP parsers do for field values. */
export function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && HTTP_WHITESPACE.includes(value[start] as string)) start++;
  while (end > start && HTTP_WHITESPACE.includes(value[end - 1] as string)) end--;
  return value.slice(start, end);
}

/** HTTP/2 and HTTP/3 pseudo-headers (`:authority`, `:method`, ...) are not header fields. */
export function isPseudoHeader(name: string): boolean {
  return name.startsWith(":");
}

/** Every value of `name` in order (byte-case-insensitive name match), trimmed. */
export function getHeaderValues(headers: readonly HeaderLine[], name: string): string[] {
  const wanted = byteLowercase(name);
  const values: string[] = [];
  for (const header of headers) {
    if (byteLowercase(header.name) === wanted) values.push(trimHttpWhitespace(header.value));
  }
  return values;
}

/** The header lines named `name`, as recorded. */
export function getHeaderLines(headers: readonly HeaderLine[], name: string): HeaderLine[] {
  const wanted = byteLowercase(name);
  return headers.filter((header) => byteLowercase(header.name) === wanted);
}

/**
 * https://fetch.spec.whatwg.org/#concept-header-list-get
 * The values of all lines named `name`, combined with `, ` (0x2C 0x20), or null when absent.
 * Chromium's `HttpResponseHeaders::GetNormalizedHeader` combines repeated lines the same way,
 * which is why two `Access-Control-Allow-Origin` lines become "multiple values".
 */
export function getHeader(headers: readonly HeaderLine[], name: string): string | null {
  const values = getHeaderValues(headers, name);
  return values.length === 0 ? null : values.join(", ");
}

export function hasHeader(headers: readonly HeaderLine[], name: string): boolean {
  const wanted = byteLowercase(name);
  return headers.some((header) => byteLowercase(header.name) === wanted);
}

/** https://httpwg.org/specs/rfc9110.html#tokens : tchar = "!" / "#" / ... / ALPHA / DIGIT */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** https://fetch.spec.whatwg.org/#http-token-code-point (a non-empty token). */
export function isHttpToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * https://fetch.spec.whatwg.org/#extract-header-list-values
 * Returns null when the header is absent, `failure` when an item is not a token, else the items.
 *
 * NOTE(spec): Chromium (`ParseAccessControlAllowList`, preflight_result.cc) skips empty items
 * (`a,,b`) instead of failing; we follow Chromium.
 */
export function extractHeaderListValues(headers: readonly HeaderLine[], name: string): string[] | "failure" | null {
  const combined = getHeader(headers, name);
  if (combined === null) return null;
  const items: string[] = [];
  for (const raw of combined.split(",")) {
    const item = trimHttpWhitespace(raw);
    if (item === "") continue;
    if (!isHttpToken(item)) return "failure";
    items.push(item);
  }
  return items;
}

/** The first item of a comma-separated list that is not a token, for explanations. */
export function firstInvalidListItem(value: string): string | null {
  for (const raw of value.split(",")) {
    const item = trimHttpWhitespace(raw);
    if (item !== "" && !isHttpToken(item)) return item;
  }
  return null;
}

/**
 * Byte length of a header value. Script-set values are byte strings (code points up to U+00FF,
 * one byte each: https://infra.spec.whatwg.org/#isomorphic-encode); anything above U+00FF can
 * only come from a capture that decoded UTF-8, so it counts as its UTF-8 length.
 */
export function byteLength(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0xff) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
