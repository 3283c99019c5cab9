/**
 * Safari's (WebKit's) CORS console texts. Reference: shared/reference/cors-failures.md §5.
 * Safari never says which of "missing" or "mismatched" Access-Control-Allow-Origin it saw, nor
 * (apart from "Preflight response is not successful") whether the preflight failed.
 */

import { isRedirectStatus } from "../engine/fetch/cors-check.js";
import type { AccessCheckError } from "../engine/fetch/cors-error.js";
import { eitherTwin, emptyMeaning, group, type Meaning, named, parseStatus } from "./meaning.js";

interface DescriptionRule {
  readonly re: RegExp;
  readonly make: (match: RegExpExecArray, depth: number) => Meaning;
}

/** What a CORS-checked element load (`<script crossorigin>`, images, text tracks) may have hit; never a preflight. */
const ELEMENT_LOAD_ERRORS: readonly AccessCheckError[] = [
  "MissingAllowOriginHeader",
  "AllowOriginMismatch",
  "InvalidAllowOriginValue",
  "MultipleAllowOriginValues",
  "WildcardOriginNotAllowed",
  "InvalidAllowCredentials",
];

const REDIRECT = "Cross-origin redirection to ";

const DESCRIPTION_RULES: readonly DescriptionRule[] = [
  {
    re: /^Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true\./,
    make: () => eitherTwin(["WildcardOriginNotAllowed"]),
  },
  {
    re: /^Access-Control-Allow-Origin cannot contain more than one origin\./,
    make: () => eitherTwin(["MultipleAllowOriginValues"]),
  },
  {
    // Missing and mismatched (and unparsable) Access-Control-Allow-Origin share this text.
    re: /^Origin (\S+) is not allowed by Access-Control-Allow-Origin\.(?: Status code: (\d{3}))?/,
    make: (m) =>
      eitherTwin(["MissingAllowOriginHeader", "AllowOriginMismatch", "InvalidAllowOriginValue"], {
        origin: group(m, 1),
        status: parseStatus(m[2]),
      }),
  },
  {
    re: /^Credentials flag is true, but Access-Control-Allow-Credentials is not "true"\./,
    make: () => eitherTwin(["InvalidAllowCredentials"]),
  },
  {
    // Non-2xx and redirected preflights share this text; the status tells them apart.
    re: /^Preflight response is not successful(?:\.? Status code: (\d{3}))?/,
    make: (m) => {
      const status = parseStatus(m[1]);
      if (status === null) return named(["PreflightInvalidStatus", "PreflightDisallowedRedirect"], { preflight: true });
      const name = isRedirectStatus(status) ? "PreflightDisallowedRedirect" : "PreflightInvalidStatus";
      return named([name], { preflight: true, status });
    },
  },
  {
    re: /^Header Access-Control-Allow-(Methods|Headers) has an invalid value: ?(.*)$/,
    make: (m) =>
      named(
        [group(m, 1) === "Methods" ? "InvalidAllowMethodsPreflightResponse" : "InvalidAllowHeadersPreflightResponse"],
        { preflight: true, failedParameter: group(m, 2).trim() },
      ),
  },
  {
    re: /^Method (.+?) is not allowed by Access-Control-Allow-Methods\./,
    make: (m) => named(["MethodDisallowedByPreflightResponse"], { preflight: true, failedParameter: group(m, 1) }),
  },
  {
    re: /^Request header field (.+?) is not allowed by Access-Control-Allow-Headers\./,
    make: (m) => named(["HeaderDisallowedByPreflightResponse"], { preflight: true, failedParameter: group(m, 1) }),
  },
  {
    re: /^Cross-origin redirection to (\S+) denied by Cross-Origin Resource Sharing policy: ?(.*)$/,
    make: (m, depth) => ({ ...redirectDenied(group(m, 2), depth), url: group(m, 1) }),
  },
  {
    re: /^Not allowed to follow a redirection while loading (\S+)/,
    make: (m) => ({ ...emptyMeaning(), code: "NETWORK_ERROR_OTHER", url: group(m, 1).replace(/\.$/, "") }),
  },
  {
    re: /^Load cannot follow more than 20 redirections/,
    make: () => ({ ...emptyMeaning(), code: "NETWORK_ERROR_OTHER" }),
  },
  {
    re: /^Unsafe attempt to load URL (\S+) from origin (\S+?)\. Domains, protocols and ports must match\./,
    make: (m) => named(["DisallowedByMode"], { preflight: false, url: group(m, 1), origin: group(m, 2) }),
  },
  {
    re: /^Cross origin requests are not allowed when using same-origin fetch mode\./,
    make: () => named(["DisallowedByMode"], { preflight: false }),
  },
  {
    re: /^Cross origin requests are only supported for HTTP\./,
    make: () => named(["CorsDisabledScheme"], { preflight: false }),
  },
  {
    re: /^Blocked by Content Security Policy\.?/,
    make: () => ({ ...emptyMeaning(), code: "BLOCKED_BY_RESPONSE_POLICY" }),
  },
  {
    re: /^Blocked by content extension/,
    make: () => ({ ...emptyMeaning(), code: "BLOCKED_BY_CLIENT" }),
  },
  {
    re: /^Cross-origin ([a-z][a-z ]{0,30}?) load denied by Cross-Origin Resource Sharing policy\./,
    make: (m) => named(ELEMENT_LOAD_ERRORS, { preflight: false, initiator: group(m, 1) }),
  },
];

/** First words of the texts above, for finding them inside a noisy line. */
export const SAFARI_STARTS = [
  "Cannot use wildcard in ",
  "Access-Control-Allow-Origin cannot contain",
  "Origin ",
  "Credentials flag is true",
  "Preflight response is not successful",
  "Header Access-Control-Allow-",
  "Method ",
  "Request header field ",
  REDIRECT,
  "Not allowed to follow a redirection",
  "Load cannot follow more than",
  "Unsafe attempt to load URL",
  "Cross origin requests are ",
  "Blocked by Content Security Policy",
  "Blocked by content extension",
  "Cross-origin ",
];

/** A Safari description (§5.1) at the start of `text`, or null. */
export function parseSafariDescription(text: string, depth = 0): Meaning | null {
  if (depth > 4) return null;
  for (const rule of DESCRIPTION_RULES) {
    const match = rule.re.exec(text);
    if (match) return rule.make(match, depth);
  }
  return null;
}

/** The description after "denied by Cross-Origin Resource Sharing policy: ", read recursively. */
function redirectDenied(inner: string, depth: number): Meaning {
  if (/^not allowed to follow a cross-origin CORS redirection with non CORS scheme/.test(inner)) {
    return named(["CorsDisabledScheme"], { preflight: false, code: "REDIRECT_TO_NON_HTTP" });
  }
  const credentials = /^redirection URL (\S+) has credentials/.exec(inner);
  if (credentials) {
    return named(["RedirectContainsCredentials"], { preflight: false, failedParameter: group(credentials, 1) });
  }
  const meaning = parseSafariDescription(inner, depth + 1) ?? emptyMeaning();
  return meaning.preflight === null ? withoutPreflight(meaning) : meaning;
}

/**
 * The same meaning when the failure cannot have been on a preflight (a redirect response, an
 * element load): the Preflight* candidates go.
 */
export function withoutPreflight(meaning: Meaning): Meaning {
  const names = meaning.candidates.length > 0 ? meaning.candidates : meaning.corsError ? [meaning.corsError] : [];
  const kept = names.filter((name) => !name.startsWith("Preflight"));
  return { ...named(kept, { ...meaning, candidates: [], corsError: null }), preflight: false };
}

/**
 * Network failures Safari reports as "Failed to load resource: {NSURLError description}" beside
 * "Fetch API cannot load … due to access control checks." (English system texts). WebKitGTK
 * (GNOME Web, the lab's WebKit) prints its network library's texts instead: the last three, as
 * recorded in test/fixtures/engines/webkit.json and browser-facts.md §5a.2.
 */
const NETWORK_DESCRIPTIONS: ReadonlyArray<readonly [RegExp, Meaning["code"]]> = [
  [/^Could not connect to the server\./, "NETWORK_CONNECTION_FAILED"],
  [/^A server with the specified hostname could not be found\./, "NETWORK_DNS_FAILURE"],
  [/^An SSL error has occurred/, "NETWORK_TLS_FAILURE"],
  [/^The certificate for this server is invalid\./, "NETWORK_TLS_FAILURE"],
  [/^The network connection was lost\./, "NETWORK_CONNECTION_FAILED"],
  [/^The request timed out\./, "NETWORK_CONNECTION_FAILED"],
  [/^The Internet connection appears to be offline\./, "NETWORK_CONNECTION_FAILED"],
  [/^cancelled$/, "REQUEST_ABORTED"],
  [/^Could not connect to \S+: Connection refused/, "NETWORK_CONNECTION_FAILED"],
  [/^Error receiving data: /, "NETWORK_CONNECTION_FAILED"],
  [/^Connection terminated unexpectedly$/, "NETWORK_CONNECTION_FAILED"],
];

export function parseSafariNetworkDescription(text: string): Meaning | null {
  for (const [re, code] of NETWORK_DESCRIPTIONS) {
    if (re.test(text)) return { ...emptyMeaning(), code };
  }
  return null;
}

/** Safari's console copy ends a line with its source, e.g. " (data, line 0)". */
export function stripSafariSource(line: string): string {
  return line.replace(/ \([^()]{0,200}, line \d+\)\s*$/, "");
}
