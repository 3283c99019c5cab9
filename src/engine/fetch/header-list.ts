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
/** Strip leading and trailing HTTP whitespace, as HTTP parsers do for field values. */
export function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || code === 0x20;
}

/** HTTP/2 and HTTP/3 pseudo-headers (`:authority`, `:method`, ...) are not header fields. */
export function isPseudoHeader(name: string): boolean {
  return name.startsWith(":");
}

/**
 * Whether `name` byte-lowercases to `lowercased` (already lowercase). Header lookups run for
 * every header of every exchange, so this compares in place instead of allocating a lowercase
 * copy of each name: only ASCII A-Z fold, exactly like byte-lowercase.
 */
export function isHeaderNamed(name: string, lowercased: string): boolean {
  if (name.length !== lowercased.length) return false;
  for (let i = 0; i < name.length; i++) {
    let code = name.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== lowercased.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Lookups use a few dozen constant names ("Origin", "Access-Control-Allow-Origin", ...) millions
 * of times; their lowercase forms are kept instead of recomputed. Bounded for odd callers.
 */
const lowercasedNames = new Map<string, string>();

function lowercasedName(name: string): string {
  let lowercased = lowercasedNames.get(name);
  if (lowercased === undefined) {
    lowercased = byteLowercase(name);
    if (lowercasedNames.size < 1024) lowercasedNames.set(name, lowercased);
  }
  return lowercased;
}

/** Every value of `name` in order (byte-case-insensitive name match), trimmed. */
export function getHeaderValues(headers: readonly HeaderLine[], name: string): string[] {
  const wanted = lowercasedName(name);
  const values: string[] = [];
  for (const header of headers) {
    if (isHeaderNamed(header.name, wanted)) values.push(trimHttpWhitespace(header.value));
  }
  return values;
}

/** The header lines named `name`, as recorded. */
export function getHeaderLines(headers: readonly HeaderLine[], name: string): HeaderLine[] {
  const wanted = lowercasedName(name);
  return headers.filter((header) => isHeaderNamed(header.name, wanted));
}

/**
 * https://fetch.spec.whatwg.org/#concept-header-list-get
 * The values of all lines named `name`, combined with `, ` (0x2C 0x20), or null when absent.
 * Chromium's `HttpResponseHeaders::GetNormalizedHeader` combines repeated lines the same way,
 * which is why two `Access-Control-Allow-Origin` lines become "multiple values".
 */
export function getHeader(headers: readonly HeaderLine[], name: string): string | null {
  const wanted = lowercasedName(name);
  // One line (the common case) needs no array and no join.
  let combined: string | null = null;
  for (const header of headers) {
    if (!isHeaderNamed(header.name, wanted)) continue;
    const value = trimHttpWhitespace(header.value);
    combined = combined === null ? value : `${combined}, ${value}`;
  }
  return combined;
}

export function hasHeader(headers: readonly HeaderLine[], name: string): boolean {
  const wanted = lowercasedName(name);
  return headers.some((header) => isHeaderNamed(header.name, wanted));
}

/** https://httpwg.org/specs/rfc9110.html#tokens : tchar = "!" / "#" / ... / ALPHA / DIGIT */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** https://mimesniff.spec.whatwg.org/#http-token-code-point (a non-empty string of them). */
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
  const items = splitHeaderList(combined);
  return items.every(isHttpToken) ? items : "failure";
}

/**
 * The items of a comma-separated header (all lines named `name`, combined), each stripped of HTTP
 * whitespace, empty items dropped, but not checked to be tokens: extractHeaderListValues without
 * its failure, for lists that are only searched (a `Vary`, the `Access-Control-Request-Headers`
 * the browser itself wrote). Empty when the header is absent.
 */
export function getHeaderListItems(headers: readonly HeaderLine[], name: string): string[] {
  const combined = getHeader(headers, name);
  return combined === null ? [] : splitHeaderList(combined);
}

/** Whether the header's list (see getHeaderListItems) has `item`, byte-case-insensitively. */
export function headerListHas(headers: readonly HeaderLine[], name: string, item: string): boolean {
  const wanted = byteLowercase(item);
  return getHeaderListItems(headers, name).some((candidate) => isHeaderNamed(candidate, wanted));
}

function splitHeaderList(combined: string): string[] {
  const items: string[] = [];
  for (const raw of combined.split(",")) {
    const item = trimHttpWhitespace(raw);
    if (item !== "") items.push(item);
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
