/**
 * Which request headers a script may send cross-origin without a preflight.
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */

import MIMEType from "whatwg-mimetype/lib/mime-type.js";
import type { HeaderLine, PreflightTrigger, SafelistRule } from "../types.js";
import { byteLength, byteLowercase, isPseudoHeader } from "./header-list.js";
import { isForbiddenMethod } from "./methods.js";

/**
 * The essence of a parsed MIME type, or null for failure. A capture repeats a handful of
 * Content-Type values thousands of times, so parses are remembered (bounded).
 */
const recentEssences = new Map<string, string | null>();

function mimeEssenceOf(value: string): string | null {
  let essence = recentEssences.get(value);
  if (essence === undefined) {
    essence = MIMEType.parse(value)?.essence ?? null;
    if (recentEssences.size >= 256) recentEssences.clear();
    recentEssences.set(value, essence);
  }
  return essence;
}

/** https://fetch.spec.whatwg.org/#cors-safelisted-request-header step 1: the 128-byte limit. */
export const SAFELISTED_VALUE_LIMIT = 128;
/** https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names: the 1024-byte total. */
export const SAFELISTED_TOTAL_LIMIT = 1024;

/**
 * https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
 * A byte less than 0x20 that is not 0x09 (HT), or 0x22 ("), 0x28 ((), 0x29 ()), 0x3A (:), 0x3C (<),
 * 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([), 0x5C (\), 0x5D (]), 0x7B ({), 0x7D (}), 0x7F (DEL).
 */
export function isCorsUnsafeRequestHeaderByte(code: number): boolean {
  if (code < 0x20) return code !== 0x09;
  return '"():<>?@[\\]{}\x7f'.includes(String.fromCharCode(code));
}

function containsCorsUnsafeRequestHeaderByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (isCorsUnsafeRequestHeaderByte(value.charCodeAt(i))) return true;
  }
  return false;
}

/** `accept-language` / `content-language`: 0-9 A-Z a-z space * , - . ; = only. */
function isLanguageByte(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x20 ||
    code === 0x2a ||
    code === 0x2c ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x3b ||
    code === 0x3d
  );
}

export const SAFELISTED_CONTENT_TYPE_ESSENCES = [
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
] as const;

/**
 * https://fetch.spec.whatwg.org/#simple-range-header-value ("parse a single range header value"),
 * with allowWhitespace false. Returns [start, end] (either may be null) or null for failure.
 */
export function parseSingleRangeHeaderValue(value: string): [number | null, number | null] | null {
  // 1-3. data starts with "bytes" (case-sensitive), then "=" with no whitespace.
  if (!value.startsWith("bytes=")) return null;
  const rest = value.slice("bytes=".length);
  // 8-16. digits, "-", digits, end of input.
  const match = /^([0-9]*)-([0-9]*)$/.exec(rest);
  if (!match) return null;
  const start = match[1] === "" ? null : Number(match[1]);
  const end = match[2] === "" ? null : Number(match[2]);
  // 17. Both null: failure. 18. start > end: failure.
  if (start === null && end === null) return null;
  if (start !== null && end !== null && start > end) return null;
  return [start, end];
}

export type SafelistResult =
  | { readonly safelisted: true }
  | { readonly safelisted: false; readonly rule: SafelistRule | "name" };

const SAFE: SafelistResult = { safelisted: true };

/**
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 * Returns why a header is not safelisted, so a diagnosis can name the exact rule.
 */
export function isCorsSafelistedRequestHeader(name: string, value: string): SafelistResult {
  // 1. If value's length is greater than 128, then return false.
  const lowerName = byteLowercase(name);
  const known =
    lowerName === "accept" ||
    lowerName === "accept-language" ||
    lowerName === "content-language" ||
    lowerName === "content-type" ||
    lowerName === "range" ||
    CHROMIUM_EXTRA_SAFELISTED.has(lowerName);
  if (!known) return { safelisted: false, rule: "name" };
  if (byteLength(value) > SAFELISTED_VALUE_LIMIT) return { safelisted: false, rule: "value-too-long" };

  // 2. Byte-lowercase name and switch on the result.
  switch (lowerName) {
    case "accept":
      // If value contains a CORS-unsafe request-header byte, then return false.
      return containsCorsUnsafeRequestHeaderByte(value) ? { safelisted: false, rule: "unsafe-byte" } : SAFE;
    case "accept-language":
    case "content-language":
      for (let i = 0; i < value.length; i++) {
        if (!isLanguageByte(value.charCodeAt(i))) return { safelisted: false, rule: "language-byte" };
      }
      return SAFE;
    case "content-type": {
      // 1. If value contains a CORS-unsafe request-header byte, then return false.
      if (containsCorsUnsafeRequestHeaderByte(value)) return { safelisted: false, rule: "unsafe-byte" };
      // 2. Let mimeType be the result of parsing the result of isomorphic decoding value.
      const essence = mimeEssenceOf(value);
      // 3. If mimeType is failure, then return false.
      if (essence === null) return { safelisted: false, rule: "content-type-unparsable" };
      // 4. If mimeType's essence is not one of the three, then return false.
      return (SAFELISTED_CONTENT_TYPE_ESSENCES as readonly string[]).includes(essence)
        ? SAFE
        : { safelisted: false, rule: "content-type-essence" };
    }
    case "range": {
      // 1. Let rangeValue be the result of parsing a single range header value given value and false.
      const rangeValue = parseSingleRangeHeaderValue(value);
      // 2. If rangeValue is failure, then return false.
      // 3. If rangeValue[0] is null, then return false (suffix ranges such as bytes=-500).
      if (rangeValue === null || rangeValue[0] === null) return { safelisted: false, rule: "range-syntax" };
      return SAFE;
    }
    default:
      return isChromiumExtraSafelisted(lowerName, value) ? SAFE : { safelisted: false, rule: "unsafe-byte" };
  }
}

/**
 * NOTE(spec): Chromium also safelists some client-hint headers (`IsCorsSafelistedHeader` in
 * services/network/public/cpp/cors/cors.cc; WPT cors/client-hint-request-headers.htm).
 */
const CHROMIUM_EXTRA_SAFELISTED: ReadonlySet<string> = new Set([
  "save-data",
  "device-memory",
  "dpr",
  "width",
  "viewport-width",
]);

/**
 * A header only Chromium safelists (a client hint with a well-formed value): Firefox and WebKit send
 * a preflight for it (allowed-safelisted-total-1024).
 */
export function isChromiumOnlySafelisted(name: string, value: string): boolean {
  // Most names are none of the five: their length says so without lower-casing them.
  if (!CLIENT_HINT_NAME_LENGTHS.has(name.length)) return false;
  return isChromiumExtraSafelisted(byteLowercase(name), value);
}

const CLIENT_HINT_NAME_LENGTHS: ReadonlySet<number> = new Set(
  ["save-data", "device-memory", "dpr", "width", "viewport-width"].map((n) => n.length),
);

function isChromiumExtraSafelisted(lowerName: string, value: string): boolean {
  switch (lowerName) {
    case "save-data":
      return byteLowercase(value) === "on";
    case "device-memory":
    case "dpr":
      return /^[0-9]+(\.[0-9]+)?$/.test(value);
    case "width":
    case "viewport-width":
      return /^[0-9]+$/.test(value);
    default:
      return false;
  }
}

/**
 * https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header
 * The only headers a `no-cors` request can carry that a script set: the Headers guard
 * "request-no-cors" drops every other one.
 */
export function isNoCorsSafelistedRequestHeader(name: string, value: string): boolean {
  // 1. If name is not a no-CORS-safelisted request-header name, then return false.
  const lowerName = byteLowercase(name);
  if (
    lowerName !== "accept" &&
    lowerName !== "accept-language" &&
    lowerName !== "content-language" &&
    lowerName !== "content-type"
  ) {
    return false;
  }
  // 2. Return whether (name, value) is a CORS-safelisted request-header.
  return isCorsSafelistedRequestHeader(name, value).safelisted;
}

const FORBIDDEN_REQUEST_HEADER_NAMES: ReadonlySet<string> = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

/**
 * https://fetch.spec.whatwg.org/#forbidden-request-header
 * Scripts cannot set these; the browser adds them itself, so they never trigger a preflight.
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = byteLowercase(name);
  if (FORBIDDEN_REQUEST_HEADER_NAMES.has(lower)) return true;
  if (lower.startsWith("proxy-") || lower.startsWith("sec-")) return true;
  if (lower === "x-http-method" || lower === "x-http-method-override" || lower === "x-method-override") {
    return value.split(",").some((item) => isForbiddenMethod(item.trim()));
  }
  return false;
}

/**
 * ours: headers a browser adds on its own that are not on the forbidden list, so a recorded
 * request may carry them although no script set them. `Cache-Control`/`Pragma` come from
 * DevTools' "Disable cache" and reloads, `Priority` from HTTP/2 prioritisation, `User-Agent` from
 * the browser (Chromium ignores script attempts to set it). They are left out only when no
 * preflight was captured; a captured preflight's Access-Control-Request-Headers is the truth.
 */
const BROWSER_ADDED_HEADER_NAMES: ReadonlySet<string> = new Set([
  "cache-control",
  "pragma",
  "priority",
  "user-agent",
  "upgrade-insecure-requests",
  "x-client-data",
]);

export function isBrowserAddedHeader(name: string): boolean {
  return BROWSER_ADDED_HEADER_NAMES.has(byteLowercase(name));
}

/** The script-settable headers of a recorded request (forbidden, pseudo and browser-added removed). */
export function scriptSettableHeaders(headers: readonly HeaderLine[]): HeaderLine[] {
  return headers.filter(
    (h) => !isPseudoHeader(h.name) && !isForbiddenRequestHeader(h.name, h.value) && !isBrowserAddedHeader(h.name),
  );
}

/**
 * https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
 * Returns the sorted, lower-cased, de-duplicated names, and a trigger for each reason.
 */
export function corsUnsafeRequestHeaderNames(headers: readonly HeaderLine[]): {
  readonly names: string[];
  readonly triggers: PreflightTrigger[];
} {
  // 1. Let unsafeNames be a new list. 2. Let potentiallyUnsafeNames be a new list.
  const unsafe = new Map<string, PreflightTrigger>();
  const potentiallyUnsafe: string[] = [];
  // 3. Let safelistValueSize be 0.
  let safelistValueSize = 0;
  // 4. For each header of headers:
  for (const header of headers) {
    const lowerName = byteLowercase(header.name);
    const result = isCorsSafelistedRequestHeader(header.name, header.value);
    if (!result.safelisted) {
      // 1. If header is not a CORS-safelisted request-header, then append header's name to unsafeNames.
      if (!unsafe.has(lowerName)) {
        unsafe.set(
          lowerName,
          result.rule === "name"
            ? { kind: "header-name", name: lowerName }
            : { kind: "header-value", name: lowerName, value: header.value, rule: result.rule },
        );
      }
    } else {
      // 2. Otherwise, append header's name to potentiallyUnsafeNames and increase safelistValueSize.
      potentiallyUnsafe.push(lowerName);
      safelistValueSize += byteLength(header.value);
    }
  }
  const triggers = [...unsafe.values()];
  // 5. If safelistValueSize is greater than 1024, then append potentiallyUnsafeNames to unsafeNames.
  if (safelistValueSize > SAFELISTED_TOTAL_LIMIT) {
    const names = [...new Set(potentiallyUnsafe)].sort();
    triggers.push({ kind: "total-length", totalBytes: safelistValueSize, names });
    for (const name of names)
      if (!unsafe.has(name)) unsafe.set(name, triggers[triggers.length - 1] as PreflightTrigger);
  }
  // 6. Return the result of convert header names to a sorted-lowercase set with unsafeNames.
  return { names: [...unsafe.keys()].sort(), triggers };
}
