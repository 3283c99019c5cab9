/**
 * A capture with a distinct secret planted in every place the redaction catalogue covers: secret
 * header names, a JWT and a random key in headers nobody lists, every secret query and fragment
 * parameter, user:password, absolute and relative Location / Referer / Content-Location, odd
 * cookie syntax, and URLs that findings quote in their prose (a redirected preflight).
 * Each canary is a distinct string; none is a substring of another.
 */

/** Canaries by where they are planted. */
export const CANARIES = {
  authorization: "cnry-authz-Q1",
  proxyAuthorization: "cnry-proxyauth-Q2",
  cookieValue: "cnry-cookie-Q3",
  cookieWithoutEquals: "cnry-cookienoeq-Q4",
  xApiKey: "cnry-xapikey-Q5",
  xAccessKey: "cnry-xaccesskey-Q6",
  xAuthentication: "cnry-xauthn-Q7",
  amzSecurityToken: "cnry-amztoken-Q8",
  sessionHeader: "cnry-sessionhdr-Q9",
  clientSecretHeader: "cnry-clientsecret-R1",
  signatureHeader: "cnry-sighdr-R2",
  passwordHeader: "cnry-pwdhdr-R3",
  jwtInAnyHeader: "cnryJwtPayloadR4",
  randomKeyInAnyHeader: "cnryRandomR5x9Kq2ZtV7mWb4Lp8Hs3Nd6Fg1Jc",
  refererToken: "cnry-referer-R6",
  urlPassword: "cnry-urlpwd-R7",
  qAccessToken: "cnry-q-access-R8",
  qIdToken: "cnry-q-idtoken-R9",
  qRefreshToken: "cnry-q-refresh-S1",
  qAuthToken: "cnry-q-authtoken-S2",
  qCode: "cnry-q-code-S3",
  qSig: "cnry-q-sig-S4",
  qSignature: "cnry-q-signature-S5",
  qPassword: "cnry-q-password-S6",
  qSecret: "cnry-q-secret-S7",
  qKey: "cnry-q-key-S8",
  qApiKey: "cnry-q-apikey-S9",
  qSession: "cnry-q-session-T1",
  qSessionId: "cnry-q-sessionid-T2",
  qSid: "cnry-q-sid-T3",
  qPrivateToken: "cnry-q-private-T4",
  qOauthSignature: "cnry-q-oauthsig-T5",
  qAmzSignature: "cnry-q-amzsig-T6",
  qAmzCredential: "cnry-q-amzcred-T7",
  fragmentAccessToken: "cnry-frag-access-T8",
  fragmentState: "cnry-frag-state-T9",
  setCookieFirst: "cnry-setcookie-U1",
  setCookieAfterNewline: "cnry-setcookie-nl-U2",
  setCookieWithoutEquals: "cnry-setcookie-noeq-U3",
  contentLocationRelative: "cnry-contentloc-U4",
  debugTokenHeader: "cnry-debugtoken-U5",
  locationRelative: "cnry-loc-rel-U6",
  locationRelativeFragment: "cnry-loc-frag-U7",
  locationUserinfo: "cnry-loc-userinfo-U8",
  locationAbsoluteKey: "cnry-loc-key-U9",
  preflightRedirectSaml: "cnry-saml-V1",
  preflightRedirectTicket: "cnry-ticket-V2",
  redirectedRequestToken: "cnry-redirected-token-V3",
} as const;

export const CANARY_VALUES: readonly string[] = Object.values(CANARIES);

const C = CANARIES;
const APP = "https://app.test";
const REFERER = `${APP}/account?token=${C.refererToken}`;

type Header = { name: string; value: string };
const h = (name: string, value: string): Header => ({ name, value });

const SECRET_URL =
  `https://alice:${C.urlPassword}@api.test/v1/items?access_token=${C.qAccessToken}&id_token=${C.qIdToken}` +
  `&refresh_token=${C.qRefreshToken}&auth_token=${C.qAuthToken}&code=${C.qCode}&sig=${C.qSig}` +
  `&signature=${C.qSignature}&password=${C.qPassword}&secret=${C.qSecret}&key=${C.qKey}&api_key=${C.qApiKey}` +
  `&session=${C.qSession}&session_id=${C.qSessionId}&sid=${C.qSid}&private_token=${C.qPrivateToken}` +
  `&oauth_signature=${C.qOauthSignature}&X-Amz-Signature=${C.qAmzSignature}&X-Amz-Credential=${C.qAmzCredential}` +
  `&page=2#access_token=${C.fragmentAccessToken}&state=${C.fragmentState}`;

const SECRET_REQUEST_HEADERS: Header[] = [
  h("Authorization", `Bearer ${C.authorization}`),
  h("Proxy-Authorization", `Basic ${C.proxyAuthorization}`),
  h("Cookie", `sid=${C.cookieValue}; ${C.cookieWithoutEquals}; theme=dark`),
  h("X-Api-Key", C.xApiKey),
  h("X-Access-Key", C.xAccessKey),
  h("X-Authentication", C.xAuthentication),
  h("X-Amz-Security-Token", C.amzSecurityToken),
  h("X-Session-Id", C.sessionHeader),
  h("X-Client-Secret", C.clientSecretHeader),
  h("X-Request-Signature", C.signatureHeader),
  h("X-Password", C.passwordHeader),
  h("X-User-Context", `eyJhbGciOiJIUzI1NiJ9.${C.jwtInAnyHeader}.c2lnbmF0dXJl`),
  h("X-Trace-Blob", C.randomKeyInAnyHeader),
  h("Content-Type", "application/json"),
];

/** Every secret request header's name, lower-cased, as a preflight lists them. */
const ACRH = SECRET_REQUEST_HEADERS.map((x) => x.name.toLowerCase())
  .filter((name) => name !== "cookie" && name !== "proxy-authorization")
  .sort()
  .join(",");

let clock = Date.parse("2026-11-22T10:00:00.000Z");

function entry(options: {
  type: string;
  method: string;
  url: string;
  requestHeaders: Header[];
  status: number;
  statusText?: string;
  responseHeaders?: Header[];
  redirectURL?: string;
  error?: string;
  provisional?: boolean;
}) {
  clock += 10;
  return {
    startedDateTime: new Date(clock).toISOString(),
    time: 5,
    _resourceType: options.type,
    _initiator: { type: options.type === "preflight" ? "preflight" : "script" },
    request: {
      method: options.method,
      url: options.url,
      httpVersion: options.provisional ? "" : "HTTP/1.1",
      headersSize: options.provisional ? -1 : 300,
      headers: options.requestHeaders,
      queryString: [],
      cookies: [],
      bodySize: 0,
    },
    response: {
      status: options.status,
      statusText: options.statusText ?? "",
      httpVersion: options.status === 0 ? "" : "HTTP/1.1",
      headers: options.responseHeaders ?? [],
      cookies: [],
      redirectURL: options.redirectURL ?? "",
      content: { size: 0, mimeType: "application/json" },
      headersSize: -1,
      bodySize: 0,
      ...(options.error ? { _error: options.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
    serverIPAddress: "203.0.113.7",
  };
}

/** The capture as a HAR document (a fresh object each call). */
export function canaryHar() {
  clock = Date.parse("2026-11-22T10:00:00.000Z");
  const entries = [
    // 1. A credentialed PUT: the preflight passes, the response answers `*` (blocked), and sets cookies.
    entry({
      type: "preflight",
      method: "OPTIONS",
      url: SECRET_URL,
      requestHeaders: [
        h("Origin", APP),
        h("Access-Control-Request-Method", "PUT"),
        h("Access-Control-Request-Headers", ACRH),
        h("Referer", REFERER),
      ],
      status: 204,
      statusText: "No Content",
      responseHeaders: [
        h("Access-Control-Allow-Origin", APP),
        h("Access-Control-Allow-Credentials", "true"),
        h("Access-Control-Allow-Methods", "PUT"),
        h("Access-Control-Allow-Headers", ACRH),
        h("Vary", "Origin"),
      ],
    }),
    entry({
      type: "fetch",
      method: "PUT",
      url: SECRET_URL,
      requestHeaders: [h("Origin", APP), h("Referer", REFERER), ...SECRET_REQUEST_HEADERS],
      status: 200,
      statusText: "OK",
      responseHeaders: [
        h("Access-Control-Allow-Origin", "*"),
        h("Content-Type", "application/json"),
        h("Set-Cookie", `sid=${C.setCookieFirst}; Path=/; Secure\nrefresh=${C.setCookieAfterNewline}; HttpOnly`),
        h("Set-Cookie", `${C.setCookieWithoutEquals}; Path=/; SameSite=None; Secure`),
        h("Content-Location", `/v1/items?token=${C.contentLocationRelative}`),
        h("X-Debug-Token", C.debugTokenHeader),
      ],
      error: "net::ERR_FAILED",
    }),
    // 2. A redirect to a relative Location carrying a session id, then no Access-Control-Allow-Origin.
    entry({
      type: "fetch",
      method: "GET",
      url: `https://api.test/v1/start?auth_token=${C.qAuthToken}`,
      requestHeaders: [h("Origin", APP), h("Referer", REFERER)],
      status: 302,
      statusText: "Found",
      responseHeaders: [
        h("Access-Control-Allow-Origin", APP),
        h(
          "Location",
          `/v2/items?session_id=${C.locationRelative}&access_token=${C.redirectedRequestToken}#id_token=${C.locationRelativeFragment}`,
        ),
      ],
      redirectURL: `https://api.test/v2/items?session_id=${C.locationRelative}&access_token=${C.redirectedRequestToken}`,
    }),
    entry({
      type: "fetch",
      method: "GET",
      url: `https://api.test/v2/items?session_id=${C.locationRelative}&access_token=${C.redirectedRequestToken}`,
      requestHeaders: [h("Origin", APP), h("Referer", REFERER)],
      status: 200,
      statusText: "OK",
      responseHeaders: [h("Content-Type", "application/json")],
      error: "net::ERR_FAILED",
    }),
    // 3. A preflight redirected to a login page whose URL carries a SAML request and a ticket.
    entry({
      type: "preflight",
      method: "OPTIONS",
      url: `https://api.test/v1/orders?key=${C.qKey}`,
      requestHeaders: [
        h("Origin", APP),
        h("Access-Control-Request-Method", "POST"),
        h("Access-Control-Request-Headers", "content-type"),
      ],
      status: 302,
      statusText: "Found",
      responseHeaders: [
        h(
          "Location",
          `https://login.test/sso?SAMLRequest=${C.preflightRedirectSaml}&ticket=${C.preflightRedirectTicket}`,
        ),
      ],
      redirectURL: `https://login.test/sso?SAMLRequest=${C.preflightRedirectSaml}&ticket=${C.preflightRedirectTicket}`,
    }),
    entry({
      type: "fetch",
      method: "POST",
      url: `https://api.test/v1/orders?key=${C.qKey}`,
      requestHeaders: [h("Content-Type", "application/json")],
      status: 0,
      provisional: true,
      error: "net::ERR_FAILED",
    }),
    // 4. A redirect to an absolute URL with user:password and a key.
    entry({
      type: "fetch",
      method: "GET",
      url: "https://api.test/v1/files",
      requestHeaders: [h("Origin", APP), h("Referer", REFERER)],
      status: 301,
      statusText: "Moved Permanently",
      responseHeaders: [
        h("Access-Control-Allow-Origin", APP),
        h("Location", `https://bob:${C.locationUserinfo}@cdn.test/files?key=${C.locationAbsoluteKey}`),
      ],
      redirectURL: `https://bob:${C.locationUserinfo}@cdn.test/files?key=${C.locationAbsoluteKey}`,
      error: "net::ERR_FAILED",
    }),
  ];
  return {
    log: {
      version: "1.2",
      creator: { name: "WebInspector", version: "537.36" },
      pages: [{ id: "page_1", title: `${APP}/account`, startedDateTime: "2026-11-22T10:00:00.000Z" }],
      entries,
    },
  };
}
