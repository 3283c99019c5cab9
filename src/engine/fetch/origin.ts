/**
 * Origins: parsing, serialization, comparison, and the address spaces of Local Network Access.
 * https://html.spec.whatwg.org/multipage/browsers.html#concept-origin
 */

import type { AddressSpace, NearMissKind, OriginDiff } from "../vocabulary.js";
import { byteLowercase } from "./header-list.js";

/**
 * The WHATWG URL parser is the one host API the engine uses: every browser and Node provide it.
 * It is reached through `globalThis` so the engine's own tsconfig needs no DOM or Node types.
 */
export interface ParsedUrl {
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
}

type UrlConstructor = new (input: string, base?: string) => ParsedUrl;
const WhatwgUrl = (globalThis as unknown as { URL: UrlConstructor }).URL;

/**
 * Recently parsed URLs. One exchange parses its URLs and origins several times (pairing, mode,
 * the CORS check, explanations) and a capture repeats the same few origins thousands of times;
 * URL parsing was a tenth of a large HAR's cost. Bounded: cleared when full.
 */
const recentUrls = new Map<string, ParsedUrl | null>();
const RECENT_URLS_MAX = 4096;

/** The WHATWG URL of `input` (resolved against `base`), or null when it does not parse. */
export function parseUrl(input: string, base?: string): ParsedUrl | null {
  const key = base === undefined ? input : `${base}\n${input}`;
  const cached = recentUrls.get(key);
  if (cached !== undefined) return cached;
  let parsed: ParsedUrl | null;
  try {
    // Shared between callers: ParsedUrl is read-only, so nobody may use a URL object's setters.
    parsed = new WhatwgUrl(input, base);
  } catch {
    parsed = null;
  }
  if (recentUrls.size >= RECENT_URLS_MAX) recentUrls.clear();
  recentUrls.set(key, parsed);
  return parsed;
}

export function isHttpScheme(url: ParsedUrl): boolean {
  return url.protocol === "http:" || url.protocol === "https:";
}

/**
 * https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin
 * For http(s) URLs: scheme "://" host [":" port]; "null" for opaque origins.
 */
export function serializeOriginOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  return parsed.origin;
}

/** https://html.spec.whatwg.org/multipage/browsers.html#same-origin (tuple origins). */
export function isSameOrigin(a: string, b: string): boolean {
  if (a === "null" || b === "null") return false;
  return a === b;
}

/** The URL's origin equals `origin` (an already serialized origin). */
export function urlIsSameOriginWith(url: string, origin: string): boolean {
  const serialized = serializeOriginOf(url);
  return serialized !== null && serialized !== "null" && isSameOrigin(serialized, origin);
}

/** Default port per special scheme, for near-miss comparisons. */
function effectivePort(url: ParsedUrl): string {
  if (url.port !== "") return url.port;
  if (url.protocol === "https:") return "443";
  if (url.protocol === "http:") return "80";
  return "";
}

export type { AddressSpace };

function ipv4Octets(host: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/**
 * https://wicg.github.io/local-network-access/#ip-address-space
 * Classifies an IP literal or host name. Names are classified by convention (`localhost`,
 * `*.localhost`, `*.local`); anything else counts as public, since only the resolver knows.
 */
export function addressSpaceOf(hostOrIp: string): AddressSpace {
  let host = byteLowercase(hostOrIp);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  const v4 = ipv4Octets(host.startsWith("::ffff:") ? mappedIpv4(host.slice(7)) : host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    if (a === 127 || (a === 0 && v4.every((o) => o === 0)) || (a === 198 && (b === 18 || b === 19))) return "loopback";
    if (
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    ) {
      return "local";
    }
    return "public";
  }
  if (host === "::1" || host === "::") return "loopback";
  if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host) || /^fe[c-f][0-9a-f]:/.test(host))
    return "local";
  // 2001:db8::/32 (documentation) and 3fff::/20 are in the LNA spec's local list.
  if (/^2001:0?db8:/.test(host) || /^3fff:0?[0-9a-f]{0,3}:/.test(host)) return "local";
  if (host.endsWith(".local")) return "local";
  return "public";
}

/** `::ffff:7f00:1` (how the URL parser writes `[::ffff:127.0.0.1]`) back to dotted IPv4. */
function mappedIpv4(rest: string): string {
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
  if (!hex) return rest;
  const high = Number.parseInt(hex[1] as string, 16);
  const low = Number.parseInt(hex[2] as string, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

const ADDRESS_SPACE_RANK: Readonly<Record<AddressSpace, number>> = { loopback: 0, local: 1, public: 2 };

/** https://wicg.github.io/local-network-access/#local-network-request: target less public than client. */
export function isLessPublic(target: AddressSpace, client: AddressSpace): boolean {
  return ADDRESS_SPACE_RANK[target] < ADDRESS_SPACE_RANK[client];
}

function isLoopbackName(host: string): boolean {
  return addressSpaceOf(host) === "loopback";
}

/**
 * Character-level comparison of the origin the browser sent with the value the server allowed,
 * naming the usual near misses (trailing slash, scheme, port, www, letter case,
 * localhost vs 127.0.0.1, a path, a sibling subdomain).
 */
export function diffOrigins(expected: string, actual: string): OriginDiff {
  let prefixLength = 0;
  const max = Math.min(expected.length, actual.length);
  while (prefixLength < max && expected[prefixLength] === actual[prefixLength]) prefixLength++;
  let suffixLength = 0;
  while (
    suffixLength < max - prefixLength &&
    expected[expected.length - 1 - suffixLength] === actual[actual.length - 1 - suffixLength]
  ) {
    suffixLength++;
  }
  return {
    expected,
    actual,
    prefix: expected.slice(0, prefixLength),
    expectedMiddle: expected.slice(prefixLength, expected.length - suffixLength),
    actualMiddle: actual.slice(prefixLength, actual.length - suffixLength),
    suffix: expected.slice(expected.length - suffixLength),
    nearMiss: nearMissKinds(expected, actual),
  };
}

function nearMissKinds(expected: string, actual: string): NearMissKind[] {
  if (expected === actual) return [];
  const kinds = new Set<NearMissKind>();
  if (byteLowercase(expected) === byteLowercase(actual)) kinds.add("case");
  const e = parseUrl(expected);
  const a = parseUrl(actual);
  if (
    e &&
    !a &&
    !actual.includes("://") &&
    byteLowercase(expected).endsWith(`://${byteLowercase(actual).replace(/\/$/, "")}`)
  ) {
    kinds.add("missing-scheme");
  }
  if (!e || !a || !isHttpScheme(e) || !isHttpScheme(a)) return [...kinds];
  const explicitDefaultPort = (value: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(80|443)(?=$|[/?#])/i.test(value);
  if (actual === `${expected}/` || byteLowercase(actual) === byteLowercase(`${expected}/`)) kinds.add("trailing-slash");
  else if (a.origin === e.origin && (a.pathname !== "/" || a.search !== "")) kinds.add("path");
  else if (a.origin === e.origin && explicitDefaultPort(actual) !== explicitDefaultPort(expected)) {
    // https://app.test:443 names the same origin but is a different string: browsers compare strings.
    kinds.add("port");
    if (/\/$/.test(actual)) kinds.add("trailing-slash");
  } else if (a.origin === e.origin && a.pathname === "/" && !kinds.has("case")) kinds.add("trailing-slash");
  const sameHost = a.hostname === e.hostname;
  if (a.protocol !== e.protocol && sameHost) kinds.add("scheme");
  if (a.protocol === e.protocol && sameHost && effectivePort(a) !== effectivePort(e)) kinds.add("port");
  if (a.protocol !== e.protocol && sameHost && a.port !== e.port && a.port !== "" && e.port !== "") kinds.add("port");
  if (!sameHost) {
    const strip = (h: string) => (h.startsWith("www.") ? h.slice(4) : h);
    if (strip(a.hostname) === strip(e.hostname)) kinds.add("www");
    else if (isLoopbackName(a.hostname) && isLoopbackName(e.hostname)) kinds.add("loopback-alias");
    else if (a.hostname.endsWith(`.${e.hostname}`) || e.hostname.endsWith(`.${a.hostname}`)) kinds.add("subdomain");
    if (effectivePort(a) !== effectivePort(e) && kinds.size > 0) kinds.add("port");
    if (a.protocol !== e.protocol && kinds.size > 0) kinds.add("scheme");
  }
  return [...kinds];
}
