/** Words for what the fix area shows besides code: changes on the page's side, and the security lint. */

import type { LintCode } from "../fixes/lint.js";
import type { ServerPlan, TargetedChangeCode } from "../fixes/merge.js";
import type { NeutralFix, NeutralHeader } from "../fixes/neutral.js";
import type { ClientChangeCode, CorsPolicy } from "../fixes/types.js";
import type { Verification } from "../fixes/verified.js";

type Args = Readonly<Record<string, string | readonly string[]>>;

const arg = (args: Args, key: string, fallback = ""): string => {
  const value = args[key];
  if (value === undefined) return fallback;
  return typeof value === "string" ? value : value.join(", ");
};

export interface FixText {
  readonly title: string;
  readonly explain: (args: Args) => string;
}

export const CLIENT_CHANGE_TEXT: Readonly<Record<ClientChangeCode, FixText>> = {
  CLIENT_UPPERCASE_METHOD: {
    title: "Write the method in upper case",
    explain: (a) =>
      `The page sends "${arg(a, "method", "the method")}". Browsers only upper-case DELETE, GET, HEAD, OPTIONS, POST and PUT, so write "${arg(a, "upper", "it in upper case")}" in the fetch() or XMLHttpRequest call; the server's allow-list then matches.`,
  },
  CLIENT_REMOVE_CORS_HEADERS: {
    title: "Stop sending Access-Control-* headers from the page",
    explain: (a) =>
      `Remove ${arg(a, "headers", "the Access-Control-* request headers")} from the request (often set by an axios or fetch wrapper's defaults). They are response headers; sending them only forces a preflight that fails.`,
  },
  CLIENT_CALL_FINAL_URL: {
    title: "Call the final URL directly",
    explain: (a) =>
      `The page calls ${arg(a, "from", "a URL")} and the server redirects it${a.to ? ` to ${arg(a, "to")}` : ""}. Put the final URL in the page (the API base URL, the trailing slash, https) so no redirect happens.`,
  },
  CLIENT_GRANT_LOCAL_NETWORK_ACCESS: {
    title: "Grant Local Network Access, or avoid it",
    explain: () =>
      "No server header fixes this. Serve the page over https and allow 'Local network access' in the site settings (or delegate it to an iframe with allow=\"local-network-access\"), or reach the API through a public address.",
  },
};

export const LINT_TEXT: Readonly<Record<LintCode, FixText>> = {
  LINT_WILDCARD_WITH_CREDENTIALS: {
    title: "'*' together with Access-Control-Allow-Credentials: true",
    explain: () =>
      "Browsers never accept this combination, so it is not exploitable by itself, but it shows a configuration written to 'allow everything'. The first attempt to make credentials work usually turns it into reflecting any origin, which is. Use an explicit allow-list.",
  },
  LINT_NULL_ORIGIN_ALLOWED: {
    title: "The 'null' origin is trusted",
    explain: () =>
      "Any page can send Origin: null (a sandboxed iframe, a data: URL, a file), so allowing 'null' with credentials lets every website read responses as the signed-in user. Never allow 'null'.",
  },
  LINT_REFLECTED_ORIGIN_SUSPECTED: {
    title: "The server may reflect any origin",
    explain: () =>
      "The server echoed the requested origin, method and headers back with credentials allowed. If it does this for every origin, any website can act as the signed-in user (the classic CORS vulnerability). Confirm with `cors-doctor audit <url> --origin <your origin>`, and replace reflection with an allow-list.",
  },
  LINT_INSECURE_ORIGIN_TRUSTED: {
    title: "An https API trusts an http origin",
    explain: () =>
      "A network attacker can inject script into the plain-http origin and use it to read this API's responses. Allow only https origins in production.",
  },
  LINT_PRIVATE_NETWORK_HEADER: {
    title: "Access-Control-Allow-Private-Network: true is sent",
    explain: () =>
      "Chrome no longer uses Private Network Access preflights (Local Network Access uses a permission), so this header does nothing today; some libraries sent it by default (Flask-CORS before 4.0.2, CVE-2024-6221). Remove it unless you know why it is there.",
  },
  LINT_HEADERS_WILDCARD: {
    title: "Access-Control-Allow-Headers: *",
    explain: () =>
      "Without credentials this allows any request header, which is usually more than needed; with credentials browsers take it literally. List the headers the page sends.",
  },
  LINT_PROBES_NEEDED: {
    title: "Check the allow-list for look-alikes",
    explain: () =>
      "One request cannot show whether the server also accepts look-alike origins (a suffix like evil-app.example, a prefix like app.example.evil.test, an unescaped dot in a regex, any subdomain, http instead of https). `cors-doctor audit` sends those origins and reports what the server accepts.",
  },
};

export const TARGETED_TEXT: Readonly<Record<TargetedChangeCode, FixText>> = {
  ADD_VARY_ORIGIN: {
    title: "Add Vary: Origin",
    explain: () =>
      "Add Vary: Origin to the responses (append it to any Vary the server sends); keep every other header as it is.",
  },
  LOWER_MAX_AGE: {
    title: "Lower Access-Control-Max-Age",
    explain: (a) =>
      `Send Access-Control-Max-Age: ${arg(a, "value", "600")}, within every browser's cap; nothing else changes.`,
  },
  LIST_AUTHORIZATION: {
    title: "List Authorization in Access-Control-Allow-Headers",
    explain: () =>
      "Append authorization to the Access-Control-Allow-Headers the server sends today; '*' never covers it.",
  },
  DROP_CREDENTIALS_WITH_WILDCARD: {
    title: "Drop Access-Control-Allow-Credentials",
    explain: () =>
      "No request sends credentials and the server answers '*': remove Access-Control-Allow-Credentials: true; keep the rest.",
  },
};

const host = (origin: string): string => origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");

/** "api.example.com: 3 blocked requests, one change". */
export function serverSummaryText(server: ServerPlan): string {
  const total = server.requests.length;
  const blocked = server.blocked === 1 ? "1 blocked request" : `${server.blocked} blocked requests`;
  if (server.plan) return `${host(server.server)}: ${blocked} of ${total}, one change covers all ${total}`;
  if (server.targeted.length > 0)
    return `${host(server.server)}: ${total} allowed ${total === 1 ? "request" : "requests"}, ${server.targeted.length} small ${server.targeted.length === 1 ? "addition" : "additions"}`;
  return `${host(server.server)}: ${total} ${total === 1 ? "request" : "requests"}, nothing to change`;
}

/** One sentence: why this change, from the merged plan. */
export function serverFixWhy(server: ServerPlan): string {
  const policy = server.plan?.policy;
  if (!policy) return serverSummaryText(server);
  const origins = policy.origins.includes("*") ? "any origin, as today" : policy.origins.join(", ");
  const methods = [...new Set(server.requests.map((r) => r.method))].join(", ");
  return `${server.blocked} of ${server.requests.length} requests to ${host(server.server)} are blocked; one policy covers every request seen (${methods} from ${origins}${policy.credentials ? ", with credentials" : ""}), so pasting it breaks none of the others.`;
}

/** A stack-neutral header as one line: `Name: value` (several origins: which to send). */
export function neutralHeaderText(header: NeutralHeader): string {
  if (header.oneOf)
    return `${header.name}: the request's Origin when it is one of ${header.oneOf.join(", ")} (otherwise no header)`;
  return `${header.name}: ${header.value}`;
}

/** Where the stack-neutral headers go: the preflight's answer, and every actual response. */
export const NEUTRAL_PREFLIGHT_HEADING = "preflight (OPTIONS, answered 204 before authentication, no redirect):";
export const NEUTRAL_ACTUAL_HEADING = "every actual response, errors (4xx/5xx) included:";

/** The stack-neutral headers as text to copy: a heading line per leg, then `Name: value` lines. */
export function neutralHeadersText(neutral: NeutralFix): string {
  const lines: string[] = [];
  if (neutral.preflight) {
    lines.push(`# ${NEUTRAL_PREFLIGHT_HEADING}`, ...neutral.preflight.map(neutralHeaderText), "");
  }
  lines.push(`# ${NEUTRAL_ACTUAL_HEADING}`, ...neutral.actual.map(neutralHeaderText));
  return lines.join("\n");
}

/** "This request's part: PUT from https://app.test, with the header authorization, with credentials." */
export function requestPartText(policy: CorsPolicy): string {
  const origins = policy.origins.includes("*") ? "any origin" : policy.origins.join(", ");
  const headers =
    policy.headers.length === 0
      ? ""
      : `, with the ${policy.headers.length === 1 ? "header" : "headers"} ${policy.headers.join(", ")}`;
  return `This request's part of it: ${policy.methods.join(", ")} from ${origins}${headers}${policy.credentials ? ", with credentials" : ""}.`;
}

/** How a stack's generated fix is verified in CI, in the words every surface uses. */
export function verificationLabel(verified: Verification | boolean | string): string {
  if (verified === "emulator") return "verified on an emulator";
  return verified === true ? "verified on a real server" : "not verified";
}
