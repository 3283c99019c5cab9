/**
 * What counts as a secret: the one catalogue every surface redacts by (README "What is redacted").
 * Names are matched by pattern, values by shape, so a header or parameter nobody listed is still
 * caught when its name or its value looks like a credential.
 */

import { byteLowercase } from "../engine/fetch/header-list.js";

/** Parts of a header or parameter name that mark a credential wherever they appear. */
const SECRET_NAME_PARTS =
  /cookie|authori[sz]|authent|token|secret|passw|session|signature|credential|csrf|xsrf|api-?_?key|apikey|private|saml|oauth/;

/** Whole words of a name (split on `-`, `_`, `.`) that mark a credential; too short to match inside words. */
const SECRET_NAME_WORDS = new Set(["key", "auth", "sig", "sid", "jwt", "pwd", "pass", "otp"]);

/**
 * Headers that are evidence for a CORS verdict or carry no secret: kept readable even when the
 * value is long or random-looking (the safelist checks read Accept, Content-Type, ... by value).
 */
const READABLE_HEADERS = new Set([
  "origin",
  "host",
  "vary",
  "content-type",
  "content-length",
  "content-language",
  "content-encoding",
  "accept",
  "accept-language",
  "accept-encoding",
  "range",
  "user-agent",
  "date",
  "cache-control",
  "pragma",
  "expires",
  "timing-allow-origin",
  "priority",
  "connection",
  "status",
  // Challenges name a scheme and a realm, not a credential; they show why a preflight got a 401.
  "www-authenticate",
  "proxy-authenticate",
]);

/** Headers whose value is a URL: its credentials, query and fragment are redacted, not the whole. */
const URL_HEADERS = new Set(["location", "referer", "content-location", "refresh", "link"]);

function hasSecretWord(lower: string): boolean {
  if (SECRET_NAME_PARTS.test(lower)) return true;
  for (const word of lower.split(/[-_.]/)) if (SECRET_NAME_WORDS.has(word)) return true;
  return false;
}

const headerKinds = new Map<string, HeaderKind>();

export type HeaderKind = "secret" | "url" | "readable" | "other";

/** How a header is redacted, by its name. Names repeat endlessly in a capture, so answers are kept. */
export function headerKind(name: string): HeaderKind {
  const known = headerKinds.get(name);
  if (known !== undefined) return known;
  const lower = byteLowercase(name);
  const kind: HeaderKind =
    lower.startsWith("access-control-") || lower.startsWith("sec-fetch-") || lower.startsWith("cross-origin-")
      ? "readable"
      : URL_HEADERS.has(lower)
        ? "url"
        : READABLE_HEADERS.has(lower)
          ? "readable"
          : hasSecretWord(lower)
            ? "secret"
            : "other";
  if (headerKinds.size > 10_000) headerKinds.clear();
  headerKinds.set(name, kind);
  return kind;
}

export function isSecretHeader(name: string): boolean {
  return headerKind(name) === "secret";
}

/** Query and fragment parameters whose names alone mark the value a secret. */
const SECRET_PARAMS = new Set(["code", "state", "nonce", "ticket", "assertion", "hash", "hmac", "jwt", "sig", "sid"]);

export function isSecretParam(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_PARAMS.has(lower) || lower.startsWith("x-amz-") || lower.startsWith("x-goog-") || hasSecretWord(lower);
}

/** A JSON Web Token (or JWE) anywhere in a value: base64url `{"` header, a dot, more base64url. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;

/** Runs of base64, base64url or hex long enough to be a key rather than a word. */
const LONG_RUN = /[A-Za-z0-9+/_~.=-]{32,}/g;

/**
 * True when a value carries a JWT or a long random-looking run (an API key, a session id, a
 * signature): letters and digits mixed, with the spread of characters of random text.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 20) return false;
  const known = recentValues.get(value);
  if (known !== undefined) return known;
  const secret = JWT.test(value) || (value.length >= 32 && hasRandomRun(value));
  if (recentValues.size >= 4096) recentValues.clear();
  recentValues.set(value, secret);
  return secret;
}

/** Header values repeat across a capture (interned by capture): answers are kept. */
const recentValues = new Map<string, boolean>();

function hasRandomRun(value: string): boolean {
  for (const run of value.match(LONG_RUN) ?? []) if (isRandomLooking(run)) return true;
  return false;
}

const counts = new Uint16Array(128);

function isRandomLooking(run: string): boolean {
  if (!/[0-9]/.test(run) || !/[A-Za-z]/.test(run)) return false;
  // A URL path or a dotted name is words, not a key.
  if (/^[a-z]+:\/\//i.test(run) || (run.match(/[/.]/g)?.length ?? 0) > 3) return false;
  counts.fill(0);
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (code < 128) counts[code] = (counts[code] as number) + 1;
  }
  let entropy = 0;
  for (const n of counts) {
    if (n === 0) continue;
    const p = n / run.length;
    entropy -= p * Math.log2(p);
  }
  // Random hex reaches about 3.7 bits per character, base64 about 5; dashed words stay near 3.
  return entropy >= 3.2;
}
