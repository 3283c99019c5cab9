/**
 * Words for the engine's diagnosis codes. Arguments come from the finding, typed by its code
 * (`FindingArgsByCode`), so a renamed argument does not compile here; every text still reads well
 * when an argument is missing (the panel explains a code a pasted console message names, with none).
 */

import type { DiagnosisCode, FindingArgsByCode, RequestApi } from "../engine/diagnosis/codes.js";
import type { Leg, NearMissKind } from "../engine/types.js";
import { PREFLIGHT_GAP_TEXT } from "./producer-texts.js";

export interface CodeText<C extends DiagnosisCode = DiagnosisCode> {
  readonly title: string;
  /**
   * The words after the verdict in the one-sentence headline ("Not a CORS request: …"), when the
   * title would repeat the verdict there; the title (first letter lowered) otherwise.
   */
  readonly headline?: string;
  readonly explain: (args: Partial<FindingArgsByCode[C]>) => string;
}

/** The argument names of any member of a union of argument types. */
type ArgName<A> = A extends unknown ? keyof A & string : never;

/** One argument as text; `key` must be an argument of the code. */
const str = <A extends object>(args: A, key: ArgName<A>, fallback = ""): string => {
  const value: unknown = (args as Readonly<Record<string, unknown>>)[key];
  if (value === undefined) return fallback;
  return Array.isArray(value) ? value.join(", ") : String(value);
};

const NEAR_MISS_WORDS: Readonly<Record<NearMissKind, string>> = {
  "trailing-slash": "a trailing slash (origins never end with '/')",
  path: "a path (an origin is only scheme, host and port)",
  scheme: "the scheme (http vs https)",
  port: "the port",
  www: "the www. prefix",
  case: "letter case (the comparison is case-sensitive)",
  "loopback-alias": "localhost vs 127.0.0.1 (different origins to a browser)",
  subdomain: "the subdomain",
  "missing-scheme": "the missing scheme (https://)",
};

/** How a page sends credentials, in the words of the API that made the request. */
function withCredentialsWords(api: RequestApi | undefined): string {
  if (api === "fetch") return "with credentials (fetch's credentials: 'include')";
  if (api === "xhr") return "with credentials (XHR withCredentials = true)";
  return "with credentials (fetch's credentials: 'include' or XHR withCredentials = true)";
}

function withoutCredentialsWords(api: RequestApi | undefined): string {
  if (api === "fetch") return "without credentials, fetch's default";
  if (api === "xhr") return "without credentials, XHR's default";
  return "without credentials, the default for fetch and XHR";
}

const LEG_NAMES: Readonly<Record<Leg, string>> = { preflight: "preflight", actual: "response", redirect: "redirect" };

function legWords(leg: Leg | undefined): string {
  return leg === undefined ? "response" : LEG_NAMES[leg];
}

export function describeNearMiss(kinds: readonly string[]): string {
  const words = kinds.map((k) => NEAR_MISS_WORDS[k as NearMissKind] ?? k);
  if (words.length <= 1) return words[0] ?? "a small difference";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export const CODE_TEXT: { readonly [C in DiagnosisCode]: CodeText<C> } = {
  PREFLIGHT_AUTH_REJECTED: {
    title: "Auth rejected the preflight",
    explain: (a) =>
      `The server answered the OPTIONS preflight with ${str(a, "status", "401/403")}. Browsers never send cookies or Authorization with a preflight, so authentication middleware that runs before CORS rejects it. Let OPTIONS requests through (or handle CORS) before authentication.`,
  },
  PREFLIGHT_ROUTE_MISSING: {
    title: "No route answers OPTIONS",
    explain: (a) =>
      `The server answered the OPTIONS preflight with ${str(a, "status", "404/405")}: no route or handler exists for OPTIONS on this URL. Register the CORS middleware globally (before the router) so it answers every preflight.`,
  },
  PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE: {
    title: "CORS middleware rejected the preflight",
    explain: () =>
      "The server answered the preflight with 400. Strict CORS middleware does this when the origin, method or a requested header is not on its allow-list (Starlette answers 'Disallowed CORS origin/method/headers'; fastify's strictPreflight rejects missing headers). Compare the request with the middleware's configured origins, methods and headers.",
  },
  PREFLIGHT_SERVER_ERROR: {
    title: "The server failed on OPTIONS",
    explain: (a) =>
      `The OPTIONS preflight got ${str(a, "status", "a 5xx error")}. The server (or a gateway in front of it) errored on the preflight itself; its logs say why. CORS headers are not the first problem here.`,
  },
  PREFLIGHT_REDIRECT_TRAILING_SLASH: {
    title: "Preflight redirected to add or remove a trailing slash",
    explain: (a) =>
      `The preflight to ${str(a, "from", "the URL")} was redirected to ${str(a, "to", "a URL differing only by a trailing slash")}. Browsers never follow preflight redirects. Call the canonical URL directly from the page, or turn off the slash redirect for API routes.`,
  },
  PREFLIGHT_REDIRECT_HTTPS_UPGRADE: {
    title: "Preflight redirected from http to https",
    explain: (a) =>
      `The preflight to ${str(a, "from", "the http URL")} was redirected to https. Browsers never follow preflight redirects. Call the https URL directly (and make sure the page's API base URL uses https).`,
  },
  PREFLIGHT_REDIRECT_OTHER: {
    title: "Preflight redirected",
    explain: (a) =>
      `The preflight to ${str(a, "from", "the URL")} was redirected to ${str(a, "to", "another URL")} (often a login page or a moved route). Browsers never follow preflight redirects; the page must call the final URL, and OPTIONS must be answered without a redirect.`,
  },
  PREFLIGHT_NOT_CAPTURED: {
    title: "No preflight was captured",
    // What to do depends on the tool that wrote the capture (Playwright and Safari never record one).
    explain: (a) => {
      const text = PREFLIGHT_GAP_TEXT[a.producer ?? "unknown"];
      return a.blocked === true ? text.blocked(str(a, "method", "")) : text.passed(str(a, "method", ""));
    },
  },
  PREFLIGHT_OK_ACTUAL_MISSING_CORS: {
    title: "Preflight passed, the actual response lacks CORS headers",
    explain: () =>
      "The OPTIONS preflight carried Access-Control-Allow-Origin, but the actual response does not. Typical causes: CORS configured only for OPTIONS (API Gateway 'Enable CORS' with a proxy integration), a handler or proxy that replaces the headers, or the route outside the CORS middleware's paths. The actual response needs the headers too.",
  },
  SERVER_ERROR_WITHOUT_CORS: {
    title: "A server error hides behind the CORS error",
    explain: (a) =>
      `The actual response was ${str(a, "status", "a 5xx error")} without CORS headers. The real problem is the server error; CORS headers are missing only because the error path skips the CORS middleware (FastAPI/Starlette 500s, Express error handlers, nginx add_header without 'always'). Check the server logs, and add CORS headers to error responses so the page can read them.`,
  },
  GATEWAY_ERROR_WITHOUT_CORS: {
    title: "The backend is down (gateway error)",
    explain: (a) =>
      `The actual response was ${str(a, "status", "502/503/504")} from a gateway or proxy, without CORS headers. The backend behind it is down, restarting or timing out; CORS is not the problem. Fix the backend, and let the gateway add CORS headers to its own error pages.`,
  },
  RATE_LIMITED_WITHOUT_CORS: {
    title: "Rate limited (429) without CORS headers",
    explain: () =>
      "The server answered 429 Too Many Requests without CORS headers, so the page sees a CORS error instead of the rate limit. Slow down, and have the rate limiter run after the CORS middleware so its 429 carries the headers.",
  },
  CLIENT_ERROR_WITHOUT_CORS: {
    title: "An error response hides behind the CORS error",
    explain: (a) =>
      `The actual response was ${str(a, "status", "a 4xx error")} without CORS headers. The request itself failed (authentication, a missing route, validation); the CORS error only hides it. Fix that error, and make error responses carry CORS headers so the page can read them.`,
  },
  DUPLICATE_ALLOW_ORIGIN: {
    title: "Two layers add Access-Control-Allow-Origin",
    explain: (a) =>
      `The response has ${Array.isArray(a.values) ? a.values.length : "several"} Access-Control-Allow-Origin lines (${str(a, "values")}). Two layers set CORS headers, typically a reverse proxy (nginx, a CDN, an API gateway) and the application. Keep CORS in exactly one layer.`,
  },
  ALLOW_ORIGIN_LIST: {
    title: "Access-Control-Allow-Origin holds a list",
    explain: (a) =>
      `Access-Control-Allow-Origin is "${str(a, "value")}": a list. The header must contain one origin, so the server should check the request's Origin against its allow-list and echo only the matching one (with Vary: Origin).`,
  },
  ALLOW_ORIGIN_WILDCARD_PATTERN: {
    title: "A wildcard pattern in Access-Control-Allow-Origin",
    explain: (a) =>
      `Access-Control-Allow-Origin is "${str(a, "value")}". Browsers accept only '*' alone or one exact origin; patterns such as *.example.com are not understood. Match the pattern on the server and echo the request's origin.`,
  },
  ALLOW_ORIGIN_NULL: {
    title: "The server allows the 'null' origin",
    explain: () =>
      "Access-Control-Allow-Origin is 'null'. That only matches opaque origins (sandboxed iframes, file: pages, redirected requests), and allowing it is a security risk: any sandboxed page can claim it. Allow your real origin.",
  },
  ORIGIN_NEAR_MISS: {
    title: "Almost the right origin",
    explain: (a) =>
      `The server allows ${str(a, "actual")}, but the page's origin is ${str(a, "expected")}. They differ by ${describeNearMiss(a.kinds ?? [])}. Fix the configured origin (environment variable or allow-list) to match exactly.`,
  },
  ALLOWLIST_NAMES_OTHER_ORIGIN: {
    title: "Your origin is not on the server's allow-list",
    explain: (a) =>
      `The server answered with ${str(a, "allowOrigin", "another origin")} although the request came from ${str(a, "origin", "this page")}. An allow-list exists and this origin is not on it (some libraries answer with their first configured origin), or a cache served a response meant for another origin (missing Vary: Origin). Add this origin to the allow-list.`,
  },
  REDIRECT_TAINTED_ORIGIN: {
    title: "A redirect turned the Origin into 'null'",
    explain: (a) =>
      `After a cross-origin redirect to a different origin the browser sends Origin: null, but the server allows ${str(a, "allowOrigin", "only the original origin")}. Avoid the redirect (call the final URL directly), or have the final server answer Access-Control-Allow-Origin: * (without credentials).`,
  },
  METHOD_CASE_NOT_NORMALIZED: {
    title: "Method name in lower case",
    explain: (a) =>
      `The page sent the method "${str(a, "method")}". Browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT; other methods are sent as written and compared case-sensitively, so the server's upper-case entry does not match. Write the method in upper case in the page (e.g. 'PATCH').`,
  },
  WILDCARD_LITERAL_WITH_CREDENTIALS: {
    title: "'*' does not count when credentials are sent",
    explain: (a) =>
      `${str(a, "header", "The header")} contains '*', but with credentials '*' is taken literally, not as "anything". List the methods and headers explicitly.`,
  },
  CLIENT_SENT_CORS_RESPONSE_HEADERS: {
    title: "The page sends CORS response headers",
    explain: (a) =>
      `The request carries ${str(a, "headers", "Access-Control-* headers")}. These are response headers: a client cannot grant itself access. Sending them only triggers a preflight and makes it fail. Remove them from the request.`,
  },
  SEVERAL_HEADERS_NOT_ALLOWED: {
    title: "Several request headers are not allowed",
    explain: (a) =>
      `The preflight's Access-Control-Allow-Headers lists none of ${str(a, "names", "these headers")}. Chrome stops at the first one it checks and names only that one; it checks them in its own internal order, which neither DevTools nor the preflight's sorted Access-Control-Request-Headers shows, so its console may name another of them than ${str(a, "named", "the one named here")}. Allow all of them.`,
  },
  CREDENTIALS_INFERRED_FROM_FAILURE: {
    title: "Credentials were included (inferred)",
    explain: () =>
      "The capture does not record whether credentials were included, but the browser blocked a response that passes every check without them. So the request included credentials (fetch credentials: 'include' or XHR withCredentials).",
  },
  BLOCKED_IF_CREDENTIALED: {
    title: "Allowed without credentials, blocked with them",
    explain: (a) =>
      `This capture does not record whether the browser blocked the request (Firefox's HAR and most tools leave it out) nor whether credentials were included, and no Cookie or Authorization header shows it. Sent ${withoutCredentialsWords(a.api)}, the ${str(a, "leg", "actual")} response passes; sent ${withCredentialsWords(a.api)}, Chromium blocks it with ${str(a, "corsError", "a CORS error")}. So the verdict is unknown. If the console shows a CORS error for this request, this is the reason.`,
  },
  CREDENTIALS_MODE_UNKNOWN: {
    title: "The error depends on the credentials mode",
    explain: (a) =>
      `The capture does not record whether credentials were included, and no Cookie or Authorization header shows it. Chromium reports ${str(a, "corsErrorWithCredentials", "a credentials error")}${a.failedParameterWithCredentials ? ` (${a.failedParameterWithCredentials})` : ""} on the ${legWords(a.legWithCredentials)} if the request was sent ${withCredentialsWords(a.api)}, and ${str(a, "corsError", "the error named above")} otherwise (${withoutCredentialsWords(a.api)}). Both must be fixed when the page sends credentials: the first check stops it first, the second still blocks it once the first passes.`,
  },
  LOCAL_NETWORK_ACCESS: {
    title: "Local Network Access blocked the request",
    headline: "Local Network Access needs the user's permission",
    explain: (a) =>
      `A page in the ${str(a, "clientSpace", "public")} address space reached a more private address (${str(a, "targetSpace", "local or loopback")}). Chrome now requires a permission for this (Local Network Access), and blocks it from insecure pages. No CORS header fixes it: grant the permission, serve the page over https, or call the API through a public address.`,
  },
  NETWORK_DNS_FAILURE: {
    title: "The host name does not resolve",
    explain: (a) =>
      `The browser could not resolve the host name (${str(a, "errorText")}). Check the URL and the API base URL configuration; this is not a CORS problem.`,
  },
  NETWORK_CONNECTION_FAILED: {
    title: "The connection failed",
    explain: (a) =>
      `The browser got no answer (${str(a, "errorText")}): the server is down, not listening on that port, or closed the connection. This is not a CORS problem; start or fix the server.`,
  },
  NETWORK_TLS_FAILURE: {
    title: "TLS or certificate error",
    headline: "a TLS or certificate problem",
    explain: (a) =>
      `The secure connection failed (${str(a, "errorText")}): an invalid, self-signed or expired certificate. Open the API URL directly in a tab to see the certificate error. Not a CORS problem.`,
  },
  BLOCKED_BY_CLIENT: {
    title: "Blocked by an extension or policy",
    explain: () =>
      "The browser blocked the request before sending it: an ad blocker, privacy extension or enterprise policy matched the URL. Try a clean profile or disable the extension; the server never saw the request.",
  },
  BLOCKED_BY_RESPONSE_POLICY: {
    title: "Blocked by a response policy, not CORS",
    headline: "blocked by a response policy (CORP, ORB or CSP)",
    explain: (a) =>
      `The response was blocked by another policy (${str(a, "errorText")}): Cross-Origin-Resource-Policy, Opaque Response Blocking or Content-Security-Policy. CORS headers do not affect it.`,
  },
  MIXED_CONTENT_BLOCKED: {
    title: "Mixed content blocked",
    explain: () =>
      "An https page requested an http URL, and the browser blocked it as mixed content. Use https for the API.",
  },
  REQUEST_ABORTED: {
    title: "The request was cancelled",
    explain: () =>
      "The request was aborted before it completed: the page navigated away, an AbortController fired, or a newer request replaced it. Not a CORS error.",
  },
  NETWORK_ERROR_OTHER: {
    title: "Network error",
    headline: "no HTTP response came back",
    explain: (a) =>
      `The request failed at the network level (${str(a, "errorText")}). Not a CORS problem: check the server, the proxy and the URL.`,
  },
  PREFLIGHT_NETWORK_ERROR: {
    title: "The preflight itself failed to connect",
    explain: (a) =>
      `The OPTIONS preflight failed at the network level (${str(a, "errorText")}), so the actual request was never sent. The server is unreachable or dropped the OPTIONS request.`,
  },
  REDIRECT_TO_NON_HTTP: {
    title: "Redirect to a non-http URL",
    explain: (a) =>
      `A redirect pointed to ${str(a, "location", "a URL")} whose scheme is not http or https. Browsers refuse to follow it during a fetch.`,
  },
  NOT_CORS_SAME_ORIGIN: {
    title: "Same-origin request",
    headline: "it goes to the page's own origin",
    explain: () => "The request goes to the page's own origin, so CORS does not apply.",
  },
  NOT_CORS_NO_CORS_MODE: {
    title: "No-CORS request",
    headline: "it was made in no-cors mode",
    explain: () =>
      "The request was made without CORS (an image, a classic script, or fetch with mode 'no-cors'). The browser does not check CORS headers; the page simply cannot read the response (it is opaque). If the page needs the data, use mode 'cors' and have the server send CORS headers.",
  },
  NOT_CORS_NAVIGATION: {
    title: "Page navigation",
    explain: () => "A document navigation is not subject to CORS.",
  },
  NOT_CORS_NON_HTTP_SCHEME: {
    title: "Not an http(s) request",
    headline: "the URL is not http or https",
    explain: (a) => `The URL uses the ${str(a, "scheme", "a non-http")} scheme; CORS does not apply.`,
  },
  NOT_CORS_WEBSOCKET: {
    title: "WebSocket",
    headline: "a WebSocket",
    explain: () => "WebSockets are not subject to CORS. The server sees the Origin header and must check it itself.",
  },
  UNKNOWN_MALFORMED_ENTRY: {
    title: "The capture entry is malformed",
    explain: (a) =>
      `This entry cannot be diagnosed: ${str(a, "problem", "required fields are missing or have the wrong type")}.`,
  },
  UNKNOWN_INITIATOR_ORIGIN: {
    title: "The page's origin is unknown",
    explain: () =>
      "The capture does not say which origin made this request (no Origin or Referer header, no page URL), so same-origin and CORS cannot be told apart.",
  },
  UNKNOWN_RESPONSE_NOT_RECORDED: {
    title: "No response was recorded",
    explain: (a) =>
      a.preflightPassed === true
        ? "The preflight passed, but the capture recorded no response for the actual request. It may still be pending, or DevTools delivered an incomplete entry; the panel re-diagnoses when a fuller copy arrives."
        : "The capture recorded no response for this request and no reason. It may still be pending, or DevTools delivered an incomplete entry first; reload with DevTools open to capture it in full.",
  },
  UNKNOWN_FAILED_BUT_HEADERS_PASS: {
    title: "The browser failed a request whose headers pass",
    explain: () =>
      "The browser recorded this request as failed, but its CORS headers pass every check even with credentials. The reason lies outside the headers the capture shows: another policy (CORP, ORB, CSP), an extension, or an incomplete capture. Turn on precise mode to read Chrome's own reason.",
  },
  UNKNOWN_REDIRECT_NOT_FOLLOWED: {
    title: "The browser stopped at a redirect",
    explain: (a) =>
      `The browser got a ${str(a, "status", "3xx")} redirect${a.location ? ` to ${str(a, "location")}` : ""} and did not follow it, although the redirect passes the CORS check without credentials. Either the page asked not to follow redirects (fetch redirect: 'error'), or the request included credentials and the redirect lacks Access-Control-Allow-Credentials: true. Turn on precise mode to see which.`,
  },
  UNKNOWN_REQUEST_MODE: {
    title: "Cannot tell whether this was CORS",
    headline: "the capture does not say whether the request was made in CORS mode",
    explain: (a) =>
      a.corsCheck === "passes"
        ? `The server's answer passes the CORS check, so nothing was blocked. But the capture does not show whether the browser made a CORS request (fetch, XHR), which lets the page read the answer, or a no-cors request or form submission, where the page gets an opaque answer it cannot read (or a new page): ${str(a, "reason", "nothing in the capture tells")}. If the page needs to read the answer, make sure it does not use mode: 'no-cors'.`
        : `The server's answer fails the CORS check, but the capture does not show whether the browser made a CORS request (fetch, XHR) or a form submission or no-cors request, which CORS does not govern: ${str(a, "reason", "nothing in the capture tells")}. A capture from Chrome's or Firefox's DevTools (Save all as HAR) records the mode.`,
  },
  AUTHORIZATION_COVERED_BY_WILDCARD_ONLY: {
    title: "Authorization is only covered by '*'",
    explain: () =>
      "Access-Control-Allow-Headers is '*' and does not list Authorization. Chrome and Safari accept this today, but the Fetch standard says '*' never covers Authorization, and Firefox warns that it will stop accepting it. List Authorization explicitly.",
  },
  VARY_ORIGIN_MISSING: {
    title: "Vary: Origin is missing",
    explain: (a) =>
      `The response's Access-Control-Allow-Origin (${str(a, "allowOrigin", "a specific origin")}) depends on the request's Origin, but the response has no Vary: Origin. A CDN or proxy cache may serve this response to another origin, which then fails with a mismatch or missing header. Add Vary: Origin.`,
  },
  MAX_AGE_ABOVE_CAP: {
    title: "Access-Control-Max-Age above browser caps",
    explain: (a) =>
      `Access-Control-Max-Age asks for ${str(a, "requested")} seconds, but Chrome caches a preflight for at most ${str(a, "chromium", "7200")} s and Safari ${str(a, "safari", "600")} s. The extra time has no effect there; keep a value within the caps (600-7200) so policy changes reach users predictably.`,
  },
  CREDENTIALED_REFLECTION_SUSPECTED: {
    title: "The server may reflect any origin with credentials",
    explain: (a) =>
      `The server allows ${str(a, "origin", "the request's origin")} with credentials and echoes back exactly what was asked for. If it reflects every Origin, any website can make credentialed requests and read the answers as the signed-in user. Use an explicit allow-list; 'cors-doctor audit' tests for reflection.`,
  },
  WILDCARD_WITH_ALLOW_CREDENTIALS: {
    title: "'*' together with Access-Control-Allow-Credentials: true",
    explain: () =>
      "The response says Access-Control-Allow-Origin: * and Access-Control-Allow-Credentials: true. That combination never works with credentials; without credentials the second header is ignored. The configuration is confused: decide whether credentials are needed, and if so, echo an allow-listed origin.",
  },
  BROWSER_OUTCOME_DISAGREES: {
    title: "The browser let this through",
    explain: () =>
      "The browser recorded this request as successful, although its headers fail the CORS check. The request was probably sent by an extension or a tool that does not enforce CORS, or an unblock extension rewrote the headers. Other users' browsers will block it.",
  },
};
