/**
 * Firefox's CORS console messages (`security.properties`, en-US only: a localized message is not
 * parsed at all). Reference: shared/reference/cors-failures.md §4.
 */

import { allowOriginFailure, eitherTwin, emptyMeaning, group, type Meaning, named, parseStatus } from "./meaning.js";

/** Every key this reader can report, current and legacy. */
export const FIREFOX_KEYS = [
  "CORSDisabled",
  "CORSDidNotSucceed2",
  "CORSDidNotSucceed",
  "CORSOriginHeaderNotAdded",
  "CORSExternalRedirectNotAllowed",
  "CORSRequestNotHttp",
  "CORSMissingAllowOrigin2",
  "CORSMissingAllowOrigin",
  "CORSMultipleAllowOriginNotAllowed",
  "CORSAllowOriginNotMatchingOrigin",
  "CORSNotSupportingCredentials",
  "CORSMethodNotFound",
  "CORSMissingAllowCredentials",
  "CORSPreflightDidNotSucceed3",
  "CORSPreflightDidNotSucceed",
  "CORSInvalidAllowMethod",
  "CORSInvalidAllowHeader",
  "CORSMissingAllowHeaderFromPreflight2",
  "CORSMissingAllowHeaderFromPreflight",
  "CORSAllowHeaderFromPreflightDeprecation",
] as const;

export type FirefoxKey = (typeof FIREFOX_KEYS)[number];

// Firefox prints typographic quotes; MDN's page titles (which people paste too) use ASCII ones.
const L = "[‘'`]";
const R = "[’'`]";
const ACAO = `${L}Access-Control-Allow-Origin${R}`;
/** `). Status code: 200.` after the reason; `(null)` when Firefox had no status. */
const STATUS = "\\)?(?:\\.? Status code: (\\(null\\)|\\d{3}))?";

interface ReasonRule {
  readonly re: RegExp;
  readonly make: (match: RegExpExecArray) => Meaning & { firefoxKey: FirefoxKey };
}

const withKey = (firefoxKey: FirefoxKey, meaning: Meaning) => ({ ...meaning, firefoxKey });

/** A status was printed (even `(null)`): the current key; the older text had none. */
const statusKey = (match: RegExpExecArray, index: number, current: FirefoxKey, legacy: FirefoxKey) =>
  match[index] === undefined ? legacy : current;

const REASON_RULES: readonly ReasonRule[] = [
  { re: /^CORS disabled\)?/, make: () => withKey("CORSDisabled", emptyMeaning()) },
  {
    re: new RegExp(`^CORS request did not succeed${STATUS}`),
    make: (m) =>
      withKey(statusKey(m, 1, "CORSDidNotSucceed2", "CORSDidNotSucceed"), {
        ...emptyMeaning(),
        code: "NETWORK_ERROR_OTHER",
        status: parseStatus(m[1]),
      }),
  },
  {
    re: new RegExp(`^CORS header ${L}Origin${R} cannot be added\\)?`),
    make: () => withKey("CORSOriginHeaderNotAdded", emptyMeaning()),
  },
  {
    re: /^CORS request external redirect not allowed\)?/,
    make: () => withKey("CORSExternalRedirectNotAllowed", named(["PreflightDisallowedRedirect"], { preflight: true })),
  },
  {
    re: /^CORS request not http\)?/,
    make: () => withKey("CORSRequestNotHttp", named(["CorsDisabledScheme"], { preflight: false })),
  },
  {
    re: new RegExp(`^CORS header ${ACAO} missing${STATUS}`),
    make: (m) =>
      withKey(
        statusKey(m, 1, "CORSMissingAllowOrigin2", "CORSMissingAllowOrigin"),
        eitherTwin(["MissingAllowOriginHeader"], { status: parseStatus(m[1]) }),
      ),
  },
  {
    re: new RegExp(`^Multiple CORS headers? ${ACAO} not allowed\\)?`),
    make: () => withKey("CORSMultipleAllowOriginNotAllowed", eitherTwin(["MultipleAllowOriginValues"])),
  },
  {
    // The value is whatever the server sent; it may itself hold quotes, so read up to the closing "’)".
    re: new RegExp(`^CORS header ${ACAO} does not match ${L}(.*)${R}\\)`),
    make: (m) =>
      withKey(
        "CORSAllowOriginNotMatchingOrigin",
        eitherTwin([allowOriginFailure(group(m, 1))], { failedParameter: group(m, 1) }),
      ),
  },
  {
    re: new RegExp(`^CORS header ${ACAO} does not match ${L}([^’'\`]*)${R}?`),
    make: (m) =>
      withKey(
        "CORSAllowOriginNotMatchingOrigin",
        eitherTwin([allowOriginFailure(group(m, 1))], { failedParameter: group(m, 1) }),
      ),
  },
  {
    re: new RegExp(`^Credential is not supported if the CORS header ${ACAO} is ${L}\\*${R}\\)?`),
    make: () => withKey("CORSNotSupportingCredentials", eitherTwin(["WildcardOriginNotAllowed"])),
  },
  {
    re: new RegExp(`^Did not find method in CORS header ${L}Access-Control-Allow-Methods${R}\\)?`),
    make: () => withKey("CORSMethodNotFound", named(["MethodDisallowedByPreflightResponse"], { preflight: true })),
  },
  {
    re: new RegExp(`^expected ${L}true${R} in CORS header ${L}Access-Control-Allow-Credentials${R}\\)?`),
    make: () => withKey("CORSMissingAllowCredentials", eitherTwin(["InvalidAllowCredentials"])),
  },
  {
    re: new RegExp(`^CORS preflight response did not succeed${STATUS}`),
    make: (m) =>
      withKey(
        "CORSPreflightDidNotSucceed3",
        named(["PreflightInvalidStatus"], { preflight: true, status: parseStatus(m[1]) }),
      ),
  },
  {
    re: /^CORS preflight channel did not succeed\)?/,
    make: () => withKey("CORSPreflightDidNotSucceed", named(["PreflightInvalidStatus"], { preflight: true })),
  },
  {
    re: new RegExp(`^invalid token ${L}(.*?)${R} in CORS header ${L}Access-Control-Allow-(Methods|Headers)${R}\\)?`),
    make: (m) =>
      group(m, 2) === "Methods"
        ? withKey(
            "CORSInvalidAllowMethod",
            named(["InvalidAllowMethodsPreflightResponse"], { preflight: true, failedParameter: group(m, 1) }),
          )
        : withKey(
            "CORSInvalidAllowHeader",
            named(["InvalidAllowHeadersPreflightResponse"], { preflight: true, failedParameter: group(m, 1) }),
          ),
  },
  {
    re: new RegExp(
      `^header ${L}(.*?)${R} is not allowed according to header ${L}Access-Control-Allow-Headers${R} from CORS preflight response\\)?`,
    ),
    make: (m) =>
      withKey(
        "CORSMissingAllowHeaderFromPreflight2",
        named(["HeaderDisallowedByPreflightResponse"], { preflight: true, failedParameter: group(m, 1) }),
      ),
  },
  {
    re: new RegExp(
      `^missing token ${L}(.*?)${R} in CORS header ${L}Access-Control-Allow-Headers${R} from CORS preflight channel\\)?`,
    ),
    make: (m) =>
      withKey(
        "CORSMissingAllowHeaderFromPreflight",
        named(["HeaderDisallowedByPreflightResponse"], { preflight: true, failedParameter: group(m, 1) }),
      ),
  },
  {
    re: new RegExp(
      `^When the ${L}Access-Control-Allow-Headers${R} is ${L}\\*${R}, the ${L}Authorization${R} header is not covered\\.`,
    ),
    make: () =>
      withKey("CORSAllowHeaderFromPreflightDeprecation", {
        ...emptyMeaning(),
        code: "AUTHORIZATION_COVERED_BY_WILDCARD_ONLY",
        preflight: true,
        failedParameter: "authorization",
      }),
  },
];

const BLOCKED_AT = "The Same Origin Policy disallows reading the remote resource at ";
const WARNING_AT = "The Same Origin Policy will disallow reading the remote resource at ";
const REASON = "(Reason: ";

/**
 * A Firefox line: the envelope (optional: people paste only the reason, or MDN's title) and the
 * reason. Null when the line holds no English Firefox CORS text.
 */
export function parseFirefoxLine(line: string): Meaning | null {
  let urlStart = -1;
  let warning = false;
  const blocked = line.indexOf(BLOCKED_AT);
  if (blocked >= 0) {
    urlStart = blocked + BLOCKED_AT.length;
  } else {
    const warned = line.indexOf(WARNING_AT);
    if (warned >= 0) {
      urlStart = warned + WARNING_AT.length;
      warning = true;
    }
  }
  let reasonAt = line.indexOf(REASON, Math.max(urlStart, 0));
  let reasonStart = reasonAt + REASON.length;
  if (reasonAt < 0) {
    // "Reason: CORS request did not succeed" (MDN's titles), at the start after console noise.
    const bare = /^(?:[^A-Za-z]*|\[[A-Za-z]+\] ?)Reason: /.exec(line);
    if (urlStart >= 0 || !bare) {
      return urlStart >= 0 ? { ...emptyMeaning(), url: firefoxUrl(line.slice(urlStart), warning) } : null;
    }
    reasonAt = bare.index;
    reasonStart = bare[0].length;
  }
  const reason = line.slice(reasonStart);
  let meaning: Meaning | null = null;
  for (const rule of REASON_RULES) {
    const match = rule.re.exec(reason);
    if (match) {
      meaning = rule.make(match);
      break;
    }
  }
  if (!meaning) {
    // The English envelope with a reason this reader does not know: still a Firefox CORS failure.
    if (urlStart < 0) return null;
    meaning = emptyMeaning();
  }
  if (urlStart >= 0 && urlStart <= reasonAt) meaning.url = firefoxUrl(line.slice(urlStart, reasonAt), warning);
  return meaning;
}

/** `https://x/y. ` or `‘https://x/y’. ` (CORSNotSupportingCredentials) or `… soon. ` (the warning). */
function firefoxUrl(text: string, warning: boolean): string | null {
  let url = text.trim();
  if (url.endsWith(".")) url = url.slice(0, -1);
  if (warning && url.endsWith(" soon")) url = url.slice(0, -" soon".length);
  url = url.trim();
  const quoted = /^[‘'](.*)[’']$/.exec(url);
  if (quoted) url = group(quoted, 1);
  if (/\s/.test(url) || url === "") return null;
  return url;
}

/** A "[Learn More]" line that Firefox's console copy puts after the message. */
export function isLearnMore(line: string): boolean {
  return /^\s*\[?Learn More\]?\s*$/i.test(line);
}
