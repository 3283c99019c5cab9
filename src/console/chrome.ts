/**
 * Chrome's CORS console bodies (`cors_error_string.cc`, LNA era, Chromium 132 and ~2021), the
 * renderer-side `fetch()` summaries (`fetch_manager.cc`) and the envelopes around them.
 * Reference: shared/reference/cors-failures.md §3.
 */

import type { CorsErrorName } from "../engine/fetch/cors-error.js";
import { decodeHint, group, type Meaning, named, parseStatus, twin } from "./meaning.js";

export const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

/** `{sfx_xhr}`, `{sfx_fetch}` (current and older) and the old no-cors hint (§3.3). All optional. */
const SUFFIXES = [
  " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
  " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
  " Have the server send the header with a valid value.",
  " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
];

interface BodyRule {
  readonly re: RegExp;
  /** Recognized without an envelope (a distinctive sentence), not only after "blocked by CORS policy: ". */
  readonly bare: boolean;
  readonly make: (match: RegExpExecArray, prefixed: boolean) => Meaning;
}

const SPACE = "`([^`]*)`";

/** Chrome renamed three Private Network Access errors. `loopback` only exists in the new era, `private` only in the old. */
function renamedPair(current: CorsErrorName, legacy: CorsErrorName, spaces: readonly string[]): CorsErrorName[] {
  if (spaces.includes("loopback")) return [current];
  if (spaces.includes("private")) return [legacy];
  return [current, legacy];
}

const LNA = { code: "LOCAL_NETWORK_ACCESS", preflight: false } as const;

const hint = (match: RegExpExecArray, index: number) => decodeHint(group(match, index));

const BODY_RULES: readonly BodyRule[] = [
  // Access-check errors: the preflight prefix picks the Preflight* twin.
  {
    re: /^No 'Access-Control-Allow-Origin' header is present on the requested resource\./,
    bare: true,
    make: (_m, p) => twin("MissingAllowOriginHeader", p),
  },
  {
    re: /^The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '\*' when the request's credentials mode is 'include'\./,
    bare: true,
    make: (_m, p) => twin("WildcardOriginNotAllowed", p),
  },
  {
    re: /^The 'Access-Control-Allow-Origin' header contains multiple values '(.*?)', but only one is allowed\./,
    bare: true,
    make: (m, p) => twin("MultipleAllowOriginValues", p, { failedParameter: hint(m, 1) }),
  },
  {
    re: /^The 'Access-Control-Allow-Origin' header contains the invalid value '(.*?)'\./,
    bare: true,
    make: (m, p) => twin("InvalidAllowOriginValue", p, { failedParameter: hint(m, 1) }),
  },
  {
    re: /^The 'Access-Control-Allow-Origin' header has a value '(.*?)' that is not equal to the supplied origin\./,
    bare: true,
    make: (m, p) => twin("AllowOriginMismatch", p, { failedParameter: hint(m, 1) }),
  },
  {
    re: /^The value of the 'Access-Control-Allow-Credentials' header in the response is '(.*?)' which must be 'true' when the request's credentials mode is 'include'\./,
    bare: true,
    make: (m, p) => twin("InvalidAllowCredentials", p, { failedParameter: hint(m, 1) }),
  },
  // Errors that only a preflight produces.
  {
    re: /^It does not have HTTP ok status\./,
    bare: true,
    make: () => named(["PreflightInvalidStatus"], { preflight: true }),
  },
  {
    re: /^Redirect is not allowed for a preflight request\./,
    bare: true,
    make: () => named(["PreflightDisallowedRedirect"], { preflight: true }),
  },
  {
    re: /^Cannot parse Access-Control-Allow-Methods response header field in preflight response\./,
    bare: true,
    make: () => named(["InvalidAllowMethodsPreflightResponse"], { preflight: true }),
  },
  {
    re: /^Cannot parse Access-Control-Allow-Headers response header field in preflight response\./,
    bare: true,
    make: () => named(["InvalidAllowHeadersPreflightResponse"], { preflight: true }),
  },
  {
    re: /^Method (.*?) is not allowed by Access-Control-Allow-Methods in preflight response\./,
    bare: true,
    make: (m) => named(["MethodDisallowedByPreflightResponse"], { preflight: true, failedParameter: hint(m, 1) }),
  },
  {
    re: /^Request header field (.*?) is not allowed by Access-Control-Allow-Headers in preflight response\./,
    bare: true,
    make: (m) => named(["HeaderDisallowedByPreflightResponse"], { preflight: true, failedParameter: hint(m, 1) }),
  },
  {
    re: /^The response is invalid\./,
    bare: false,
    make: () => named(["InvalidResponse"], { preflight: true, code: "PREFLIGHT_NETWORK_ERROR" }),
  },
  // Mode, scheme, redirect.
  {
    re: /^Cross origin requests are not allowed by request mode\./,
    bare: true,
    make: () => named(["DisallowedByMode"], { preflight: false }),
  },
  {
    re: /^Cross origin requests are only supported for protocol schemes: ([^.]*)\./,
    bare: true,
    make: () => named(["CorsDisabledScheme"], { preflight: false }),
  },
  {
    re: /^Redirect location '(.*?)' contains a username and password, which is disallowed for cross-origin requests\./,
    bare: true,
    make: (m) => named(["RedirectContainsCredentials"], { preflight: false, failedParameter: hint(m, 1) }),
  },
  // Renderer-side fetch() summaries (§3.6), also accepted inside the CORS envelope.
  {
    re: /^URL scheme "(.*?)" is not supported\./,
    bare: false,
    make: () => named(["CorsDisabledScheme"], { preflight: false }),
  },
  {
    re: /^Request mode is "same-origin" but the URL's origin is not same as the request origin (\S*?)\.(?=\s|$)/,
    bare: true,
    make: (m) => named(["DisallowedByMode"], { preflight: false, origin: group(m, 1) || null }),
  },
  {
    re: /^Request mode is "no-cors" but the redirect mode is not "follow"\./,
    bare: true,
    make: () => named(["NoCorsRedirectModeNotFollow"], { preflight: false }),
  },
  // Local Network Access (current) and Private Network Access (§3.2, §3.4).
  {
    re: new RegExp(
      `^The request client is not a secure context and the resource is in more-private address space ${SPACE}\\.`,
    ),
    bare: true,
    make: (m) =>
      named(renamedPair("InsecureLocalNetwork", "InsecurePrivateNetwork", [group(m, 1)]), {
        ...LNA,
        resourceAddressSpace: group(m, 1),
      }),
  },
  {
    re: new RegExp(
      `^Request had a target IP address space of ${SPACE} yet the resource is in address space ${SPACE}\\.`,
    ),
    bare: true,
    make: (m) =>
      named(renamedPair("InvalidLocalNetworkAccess", "InvalidPrivateNetworkAccess", [group(m, 1), group(m, 2)]), {
        ...LNA,
        targetAddressSpace: group(m, 1),
        resourceAddressSpace: group(m, 2),
      }),
  },
  {
    re: new RegExp(`^Permission was denied for this request to access the ${SPACE} address space\\.`),
    bare: true,
    make: (m) => {
      const names = renamedPair("LocalNetworkAccessPermissionDenied", "PrivateNetworkAccessPermissionDenied", [
        group(m, 1),
      ]);
      // The LNA era prints the resource's space, the PNA era the request's target space.
      const legacy = names.length === 1 && names[0] === "PrivateNetworkAccessPermissionDenied";
      return named(names, {
        ...LNA,
        [legacy ? "targetAddressSpace" : "resourceAddressSpace"]: group(m, 1),
      });
    },
  },
  {
    re: new RegExp(`^Request had no target IP address space, yet the resource is in address space ${SPACE}\\.`),
    bare: true,
    make: (m) => named(["UnexpectedPrivateNetworkAccess"], { ...LNA, resourceAddressSpace: group(m, 1) }),
  },
  {
    re: new RegExp(
      `^No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the ${SPACE} address space\\.`,
    ),
    bare: true,
    make: (m) =>
      named(["PreflightMissingAllowPrivateNetwork"], {
        code: "LOCAL_NETWORK_ACCESS",
        preflight: true,
        targetAddressSpace: group(m, 1),
      }),
  },
  {
    re: new RegExp(
      `^The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the ${SPACE} address space had a value of '(.*?)', {1,2}not 'true'\\.`,
    ),
    bare: true,
    make: (m) =>
      named(["PreflightInvalidAllowPrivateNetwork"], {
        code: "LOCAL_NETWORK_ACCESS",
        preflight: true,
        targetAddressSpace: group(m, 1),
        failedParameter: hint(m, 2),
      }),
  },
  {
    re: new RegExp(
      `^No 'Private-Network-Access-(Id|Name)' header was present in the preflight response for this private network request targeting the ${SPACE} address space\\.`,
    ),
    bare: true,
    make: (m) =>
      named(
        [group(m, 1) === "Id" ? "PreflightMissingPrivateNetworkAccessId" : "PreflightMissingPrivateNetworkAccessName"],
        {
          code: "LOCAL_NETWORK_ACCESS",
          preflight: true,
          targetAddressSpace: group(m, 2),
        },
      ),
  },
  {
    re: new RegExp(`^Unable to ask for permission to access the ${SPACE} IP address space\\.`),
    bare: true,
    make: (m) => named(["PrivateNetworkAccessPermissionUnavailable"], { ...LNA, targetAddressSpace: group(m, 1) }),
  },
  {
    re: /^No 'Access-Control-Allow-External' header was present in the preflight response for this external request \(This is an experimental header which is defined in 'https:\/\/wicg\.github\.io\/cors-rfc1918\/'\)\./,
    bare: true,
    make: () => named(["PreflightMissingAllowExternal"], { preflight: true }),
  },
  {
    re: /^The 'Access-Control-Allow-External' header in the preflight response for this external request had a value of '(.*?)', {1,2}not 'true' \(This is an experimental header which is defined in 'https:\/\/wicg\.github\.io\/cors-rfc1918\/'\)\./,
    bare: true,
    make: (m) => named(["PreflightInvalidAllowExternal"], { preflight: true, failedParameter: hint(m, 1) }),
  },
  // Chrome before ~2019 (not in the reference's sources; long-lived texts seen in old bug reports).
  {
    re: /^Response for preflight has invalid HTTP status code (\d{3})\.?/,
    bare: true,
    make: (m) => named(["PreflightInvalidStatus"], { preflight: true, status: parseStatus(m[1]) }),
  },
  {
    re: /^Response for preflight does not have HTTP ok status\./,
    bare: true,
    make: () => named(["PreflightInvalidStatus"], { preflight: true }),
  },
  {
    re: /^Response for preflight is invalid \(redirect\)/,
    bare: true,
    make: () => named(["PreflightDisallowedRedirect"], { preflight: true }),
  },
  {
    re: /^Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '(.*?)'\. It must be 'true' to allow credentials\./,
    bare: true,
    make: (m, p) => twin("InvalidAllowCredentials", p, { failedParameter: hint(m, 1) }),
  },
  {
    re: /^A wildcard '\*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true\./,
    bare: true,
    make: (_m, p) => twin("WildcardOriginNotAllowed", p),
  },
];

/** First words of the bodies that may stand alone, for finding them inside a noisy line. */
export const CHROME_BARE_STARTS = [
  "No 'Access-Control-Allow-",
  "The value of the 'Access-Control-Allow-",
  "The 'Access-Control-Allow-",
  "It does not have HTTP ok status",
  "Redirect is not allowed for a preflight",
  "Cannot parse Access-Control-Allow-",
  "Method ",
  "Request header field ",
  "Cross origin requests are ",
  "Redirect location '",
  'Request mode is "',
  "The request client is not a secure context",
  "Request had ",
  "Permission was denied for this request",
  "No 'Private-Network-Access-",
  "Unable to ask for permission to access",
  "Response for preflight ",
  "Credentials flag is 'true'",
  "A wildcard '*' cannot be used",
];

export interface ChromeBody {
  readonly meaning: Meaning;
  /** Text after the body and its suffixes (companion lines glued on, source links…). */
  readonly rest: string;
}

/**
 * Reads a Chrome body, with or without the preflight prefix and any of the optional suffixes.
 * `bareOnly`: accept only the bodies distinctive enough to be recognized without an envelope.
 */
export function parseChromeBody(text: string, bareOnly = false): ChromeBody | null {
  let body = text;
  let prefixed = false;
  if (body.startsWith(PREFLIGHT_PREFIX)) {
    prefixed = true;
    body = body.slice(PREFLIGHT_PREFIX.length);
  }
  for (const rule of BODY_RULES) {
    if (bareOnly && !rule.bare && !prefixed) continue;
    const match = rule.re.exec(body);
    if (!match) continue;
    const meaning = rule.make(match, prefixed);
    const rest = stripTrailers(body.slice(match[0].length), meaning);
    return { meaning, rest };
  }
  return null;
}

/** Removes optional suffixes; the old "Origin '…' is therefore not allowed access." and status trailers fill in fields. */
function stripTrailers(text: string, meaning: Meaning): string {
  let rest = text;
  for (let guard = 0; guard < 8; guard++) {
    const suffix = SUFFIXES.find((candidate) => rest.startsWith(candidate));
    if (suffix !== undefined) {
      rest = rest.slice(suffix.length);
      continue;
    }
    const origin = /^ Origin '([^']*)' is therefore not allowed access\./.exec(rest);
    if (origin) {
      meaning.origin ??= group(origin, 1);
      rest = rest.slice(origin[0].length);
      continue;
    }
    const status = /^ The response had HTTP status code (\d{3})\./.exec(rest);
    if (status) {
      meaning.status ??= parseStatus(status[1]);
      rest = rest.slice(status[0].length);
      continue;
    }
    break;
  }
  return rest;
}

export interface ChromeEnvelope {
  readonly url: string | null;
  readonly origin: string | null;
  readonly redirectedFrom: string | null;
  readonly initiator: string | null;
}

const BLOCKED = " has been blocked by CORS policy: ";

/**
 * `Access to {kind} at '{url}' [(redirected from '{first}') ]from origin '{origin}' has been blocked
 * by CORS policy: {body}` (§3.1). Returns where the body starts, or -1.
 */
export function findChromeEnvelope(line: string): { envelope: ChromeEnvelope; bodyStart: number } | null {
  const blocked = line.indexOf(BLOCKED);
  if (blocked < 0) return null;
  const bodyStart = blocked + BLOCKED.length;
  const unknown: ChromeEnvelope = { url: null, origin: null, redirectedFrom: null, initiator: null };
  const head = line.slice(0, blocked);
  const originMark = " from origin '";
  const originAt = head.lastIndexOf(originMark);
  if (originAt < 0 || !head.endsWith("'")) return { envelope: unknown, bodyStart };
  const origin = head.slice(originAt + originMark.length, -1);
  let rest = head.slice(0, originAt);
  let redirectedFrom: string | null = null;
  const redirectMark = "' (redirected from '";
  if (rest.endsWith("')")) {
    const redirectAt = rest.lastIndexOf(redirectMark);
    if (redirectAt >= 0) {
      redirectedFrom = rest.slice(redirectAt + redirectMark.length, -2);
      rest = rest.slice(0, redirectAt + 1);
    }
  }
  const accessAt = rest.lastIndexOf("Access to ");
  const atMark = rest.indexOf(" at '", accessAt);
  if (accessAt < 0 || atMark < 0 || !rest.endsWith("'")) {
    return { envelope: { ...unknown, origin, redirectedFrom }, bodyStart };
  }
  const kind = rest.slice(accessAt + "Access to ".length, atMark);
  const url = rest.slice(atMark + " at '".length, -1);
  const initiator = /^[A-Za-z][A-Za-z ]{0,60}$/.test(kind) ? chromeInitiator(kind) : null;
  return { envelope: { url, origin, redirectedFrom, initiator }, bodyStart };
}

/** `XMLHttpRequest` -> "xhr"; other resource kinds in lower case ("fetch", "script", "css stylesheet"). */
export function chromeInitiator(kind: string): string {
  return kind === "XMLHttpRequest" ? "xhr" : kind.toLowerCase();
}

export const ISSUE_SUMMARY = "Access blocked by CORS policy: ";
