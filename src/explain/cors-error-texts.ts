/**
 * Words for Chromium's `Network.CorsError` names: a title, what it means, and what to change.
 * `{p}` in Chrome's own console text stands for `failedParameter`.
 */

import { CORS_ERROR_SPEC } from "../engine/diagnosis/codes.js";
import type { CorsErrorName } from "../engine/fetch/cors-error.js";

export interface CorsErrorText {
  readonly title: string;
  /** What happened and what to change; `failedParameter` fills in the specifics. */
  readonly explain: (failedParameter: string) => string;
  readonly spec: string;
  /** The body of Chrome's console message (cors_error_string.cc), `{p}` = failedParameter. */
  readonly chromeBody: string;
}

const q = (value: string) => (value === "" ? "an empty value" : `"${value}"`);

export const CORS_ERROR_TEXT: Readonly<Record<CorsErrorName, CorsErrorText>> = {
  DisallowedByMode: {
    title: "Request mode forbids cross-origin",
    explain: () =>
      "The request was made with mode 'same-origin' but goes to another origin, so the browser refused it before sending. Use mode 'cors' (the default for fetch) for cross-origin requests.",
    spec: CORS_ERROR_SPEC.mode,
    chromeBody: "Cross origin requests are not allowed by request mode.",
  },
  InvalidResponse: {
    title: "Preflight failed at the network level",
    explain: () =>
      "The preflight (OPTIONS) request got no usable HTTP response: the connection failed, was reset or closed without an answer. This is a network or server problem, not a header problem.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "The response is invalid.",
  },
  WildcardOriginNotAllowed: {
    title: "Wildcard origin with credentials",
    explain: () =>
      "The server answered Access-Control-Allow-Origin: * but the request includes credentials (cookies or HTTP auth). With credentials the browser requires the exact origin, never '*'. Send the request's origin instead, together with Access-Control-Allow-Credentials: true, or stop sending credentials.",
    spec: CORS_ERROR_SPEC.cors,
    chromeBody:
      "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  },
  MissingAllowOriginHeader: {
    title: "No Access-Control-Allow-Origin header",
    explain: () =>
      "The response has no Access-Control-Allow-Origin header, so the browser will not let the page read it. Either the server has no CORS configuration for this route, your origin is not on its list, or this response came from an error path (or a proxy) that does not add CORS headers.",
    spec: CORS_ERROR_SPEC.cors,
    chromeBody: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  },
  MultipleAllowOriginValues: {
    title: "Several Access-Control-Allow-Origin values",
    explain: (p) =>
      `The response carries more than one Access-Control-Allow-Origin value (${q(p)}). The header must hold exactly one origin or '*'. Two layers (a proxy and the app) often both add it; or the server lists every allowed origin instead of echoing the one that matched.`,
    spec: CORS_ERROR_SPEC.cors,
    chromeBody:
      "The 'Access-Control-Allow-Origin' header contains multiple values '{p}', but only one is allowed. Have the server send the header with a valid value.",
  },
  InvalidAllowOriginValue: {
    title: "Access-Control-Allow-Origin is not an origin",
    explain: (p) =>
      `Access-Control-Allow-Origin is ${q(p)}, which is not a valid origin. It must be a full origin such as https://app.example (scheme and host, optional port, no path) or '*'.`,
    spec: CORS_ERROR_SPEC.cors,
    chromeBody:
      "The 'Access-Control-Allow-Origin' header contains the invalid value '{p}'. Have the server send the header with a valid value.",
  },
  AllowOriginMismatch: {
    title: "Access-Control-Allow-Origin names another origin",
    explain: (p) =>
      `The server allows ${q(p)}, which is not exactly the page's origin. The comparison is character by character: scheme, host, port, no trailing slash, same letter case.`,
    spec: CORS_ERROR_SPEC.cors,
    chromeBody:
      "The 'Access-Control-Allow-Origin' header has a value '{p}' that is not equal to the supplied origin. Have the server send the header with a valid value.",
  },
  InvalidAllowCredentials: {
    title: "Credentials not allowed",
    explain: (p) =>
      `The request includes credentials, so the response must carry Access-Control-Allow-Credentials: true (exactly, lower case). It has ${p === "" ? "no such header" : `the value "${p}"`}.`,
    spec: CORS_ERROR_SPEC.cors,
    chromeBody:
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '{p}' which must be 'true' when the request's credentials mode is 'include'.",
  },
  CorsDisabledScheme: {
    title: "Scheme does not support CORS",
    explain: () =>
      "The URL uses a scheme (such as file: or a custom scheme) that cannot take part in CORS. Serve the resource over http or https.",
    spec: CORS_ERROR_SPEC.mode,
    chromeBody: "Cross origin requests are only supported for protocol schemes: {p}.",
  },
  PreflightInvalidStatus: {
    title: "Preflight did not return 2xx",
    explain: () =>
      "The server answered the preflight (OPTIONS) with a status outside 200-299. Its CORS headers were fine, but the browser also requires an OK status. Usually auth middleware, a router without an OPTIONS route, or a strict CORS middleware rejected the OPTIONS request.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "It does not have HTTP ok status.",
  },
  PreflightDisallowedRedirect: {
    title: "Preflight was redirected",
    explain: () =>
      "The server answered the preflight (OPTIONS) with a redirect. Browsers never follow redirects for preflights. Request the final URL directly (add or remove the trailing slash, use https), or stop the redirect for OPTIONS.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "Redirect is not allowed for a preflight request.",
  },
  PreflightWildcardOriginNotAllowed: {
    title: "Preflight: wildcard origin with credentials",
    explain: () =>
      "The preflight response says Access-Control-Allow-Origin: * but the actual request will include credentials. With credentials the exact origin is required on the preflight as well.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody:
      "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  },
  PreflightMissingAllowOriginHeader: {
    title: "Preflight: no Access-Control-Allow-Origin header",
    explain: () =>
      "The preflight (OPTIONS) response has no Access-Control-Allow-Origin header. Chrome checks this before the status, so a 401, 404 or 500 answer to OPTIONS shows up this way. The server's CORS handling did not run for OPTIONS, or does not allow this origin.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  },
  PreflightMultipleAllowOriginValues: {
    title: "Preflight: several Access-Control-Allow-Origin values",
    explain: (p) =>
      `The preflight response carries more than one Access-Control-Allow-Origin value (${q(p)}). Exactly one is allowed; remove the duplicate layer.`,
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody:
      "The 'Access-Control-Allow-Origin' header contains multiple values '{p}', but only one is allowed. Have the server send the header with a valid value.",
  },
  PreflightInvalidAllowOriginValue: {
    title: "Preflight: Access-Control-Allow-Origin is not an origin",
    explain: (p) => `The preflight response's Access-Control-Allow-Origin is ${q(p)}, which is not a valid origin.`,
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody:
      "The 'Access-Control-Allow-Origin' header contains the invalid value '{p}'. Have the server send the header with a valid value.",
  },
  PreflightAllowOriginMismatch: {
    title: "Preflight: Access-Control-Allow-Origin names another origin",
    explain: (p) => `The preflight response allows ${q(p)}, which is not exactly the page's origin.`,
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody:
      "The 'Access-Control-Allow-Origin' header has a value '{p}' that is not equal to the supplied origin. Have the server send the header with a valid value.",
  },
  PreflightInvalidAllowCredentials: {
    title: "Preflight: credentials not allowed",
    explain: (p) =>
      `The actual request will include credentials, so the preflight response must carry Access-Control-Allow-Credentials: true. It has ${p === "" ? "no such header" : `the value "${p}"`}.`,
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody:
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '{p}' which must be 'true' when the request's credentials mode is 'include'.",
  },
  PreflightMissingAllowExternal: {
    title: "Preflight: Access-Control-Allow-External missing (retired)",
    explain: () =>
      "An experiment (CORS-RFC1918) that Chrome no longer runs required this header for requests into private networks. Current Chrome never reports it; update the browser.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody:
      "No 'Access-Control-Allow-External' header was present in the preflight response for this external request (This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/').",
  },
  PreflightInvalidAllowExternal: {
    title: "Preflight: Access-Control-Allow-External invalid (retired)",
    explain: (p) => `A retired Chrome experiment expected Access-Control-Allow-External: true; it was ${q(p)}.`,
    spec: CORS_ERROR_SPEC.pna,
    chromeBody:
      "The 'Access-Control-Allow-External' header in the preflight response for this external request had a value of '{p}',  not 'true' (This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/').",
  },
  InvalidAllowMethodsPreflightResponse: {
    title: "Access-Control-Allow-Methods cannot be parsed",
    explain: () =>
      "The preflight's Access-Control-Allow-Methods is not a comma-separated list of method names (tokens). Spaces inside a name, quotes or slashes make the whole header invalid.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
  },
  InvalidAllowHeadersPreflightResponse: {
    title: "Access-Control-Allow-Headers cannot be parsed",
    explain: () =>
      "The preflight's Access-Control-Allow-Headers is not a comma-separated list of header names (tokens). A header name with a space, colon or slash makes the whole header invalid.",
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
  },
  MethodDisallowedByPreflightResponse: {
    title: "Method not allowed by the preflight",
    explain: (p) =>
      `The preflight's Access-Control-Allow-Methods does not list ${q(p)}. Methods are compared case-sensitively, and '*' only counts when no credentials are sent. Add the method to the server's allowed methods.`,
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "Method {p} is not allowed by Access-Control-Allow-Methods in preflight response.",
  },
  HeaderDisallowedByPreflightResponse: {
    title: "Request header not allowed by the preflight",
    explain: (p) =>
      `The page sends the request header ${q(p)}, and the preflight's Access-Control-Allow-Headers does not list it. Add it to the server's allowed headers (or stop sending it). '*' only counts when no credentials are sent.`,
    spec: CORS_ERROR_SPEC.preflight,
    chromeBody: "Request header field {p} is not allowed by Access-Control-Allow-Headers in preflight response.",
  },
  RedirectContainsCredentials: {
    title: "Redirect to a URL with a user name or password",
    explain: (p) =>
      `A cross-origin redirect pointed to ${q(p)}, which contains user:password credentials. Browsers refuse such redirects for CORS requests; redirect to a URL without credentials.`,
    spec: CORS_ERROR_SPEC.redirect,
    chromeBody:
      "Redirect location '{p}' contains a username and password, which is disallowed for cross-origin requests.",
  },
  InsecureLocalNetwork: {
    title: "Local network access from an insecure page",
    explain: () =>
      "A page that is not a secure context (plain http, not localhost) tried to reach a more private address (a local network or loopback address). Chrome's Local Network Access blocks this outright. Serve the page over https; no server header can fix it.",
    spec: CORS_ERROR_SPEC.lna,
    chromeBody: "The request client is not a secure context and the resource is in more-private address space `{p}`.",
  },
  InvalidLocalNetworkAccess: {
    title: "Declared address space does not match",
    explain: () =>
      "The request declared a targetAddressSpace that differs from the address space the server turned out to be in. Fix the targetAddressSpace option or the address the host name resolves to.",
    spec: CORS_ERROR_SPEC.lna,
    chromeBody: "Request had a target IP address space of `{p}` yet the resource is in address space `{p}`.",
  },
  NoCorsRedirectModeNotFollow: {
    title: "no-cors request must follow redirects",
    explain: () =>
      "A fetch with mode 'no-cors' must use redirect: 'follow'. Remove the redirect option or use mode 'cors'.",
    spec: CORS_ERROR_SPEC.mode,
    chromeBody: 'Request mode is "no-cors" but the redirect mode is not "follow".',
  },
  LocalNetworkAccessPermissionDenied: {
    title: "Local network access not permitted",
    explain: () =>
      "A page reached an address in a more private network (local network or loopback) and Chrome's Local Network Access permission was not granted. Allow 'Local network access' in the site settings, or (for iframes) delegate the permission with the allow attribute. CORS headers on the server cannot fix this.",
    spec: CORS_ERROR_SPEC.lna,
    chromeBody: "Permission was denied for this request to access the `{p}` address space.",
  },
  InsecurePrivateNetwork: {
    title: "Private network access from an insecure page (old name)",
    explain: () =>
      "Older Chrome's name for InsecureLocalNetwork: an insecure page tried to reach a more private address. Serve the page over https.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody: "The request client is not a secure context and the resource is in more-private address space `{p}`.",
  },
  InvalidPrivateNetworkAccess: {
    title: "Declared address space does not match (old name)",
    explain: () => "Older Chrome's name for InvalidLocalNetworkAccess.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody: "Request had a target IP address space of `{p}` yet the resource is in address space `{p}`.",
  },
  UnexpectedPrivateNetworkAccess: {
    title: "Unexpected private network access (retired)",
    explain: () =>
      "A Private Network Access check of older Chrome: the request declared no target address space yet reached a private one. Current Chrome uses Local Network Access instead.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody: "Request had no target IP address space, yet the resource is in address space `{p}`.",
  },
  PreflightMissingAllowPrivateNetwork: {
    title: "Preflight: Access-Control-Allow-Private-Network missing (retired)",
    explain: () =>
      "Older Chrome (Private Network Access) required Access-Control-Allow-Private-Network: true on preflights into private networks. Chrome dropped these preflights in 2026 in favour of a permission; the header is inert in current Chrome.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody:
      "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `{p}` address space.",
  },
  PreflightInvalidAllowPrivateNetwork: {
    title: "Preflight: Access-Control-Allow-Private-Network invalid (retired)",
    explain: (p) =>
      `Older Chrome required Access-Control-Allow-Private-Network: true; it was ${q(p)}. Current Chrome no longer checks it.`,
    spec: CORS_ERROR_SPEC.pna,
    chromeBody:
      "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `{p}` address space had a value of '{p}',  not 'true'.",
  },
  PreflightMissingPrivateNetworkAccessId: {
    title: "Preflight: Private-Network-Access-ID missing (retired)",
    explain: () =>
      "A retired Chrome experiment (the PNA permission prompt) expected this header. Current Chrome ignores it.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody:
      "No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `{p}` address space.",
  },
  PreflightMissingPrivateNetworkAccessName: {
    title: "Preflight: Private-Network-Access-Name missing (retired)",
    explain: () =>
      "A retired Chrome experiment (the PNA permission prompt) expected this header. Current Chrome ignores it.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody:
      "No 'Private-Network-Access-Name' header was present in the preflight response for this private network request targeting the `{p}` address space.",
  },
  PrivateNetworkAccessPermissionUnavailable: {
    title: "Private network permission unavailable (retired)",
    explain: () => "A retired Chrome experiment could not ask for permission to reach a private network.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody: "Unable to ask for permission to access the `{p}` IP address space.",
  },
  PrivateNetworkAccessPermissionDenied: {
    title: "Private network permission denied (old name)",
    explain: () =>
      "Older Chrome's name for LocalNetworkAccessPermissionDenied: the user or a policy denied the request.",
    spec: CORS_ERROR_SPEC.pna,
    chromeBody: "Permission was denied for this request to access the `{p}` address space.",
  },
};
