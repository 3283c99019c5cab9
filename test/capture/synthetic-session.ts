/**
 * A long synthetic session for the long-session tests: raw HAR entries shaped like Chromium's
 * (`onRequestFinished` deliveries), in delivery order, for every path the store has. Each request
 * `n` is one of:
 *
 * - an allowed simple GET (some to one polled URL, so per-URL indexes grow);
 * - a preflighted PUT, the preflight delivered before or after the request;
 * - a DELETE whose preflight got a 404 (the request never sent: status 0, no headers);
 * - a GET without Access-Control-Allow-Origin, sometimes delivered first as an incomplete copy
 *   (status 0, no headers) and then in full (browser-facts §2.6a);
 * - a redirect (302 to a target), the target delivered before or after the redirect;
 * - a lone preflight whose request never comes;
 * - a same-origin GET (not CORS).
 *
 * Deterministic: the same count gives the same entries.
 */

const PAGE = "http://app.test";
const API = "http://api.test";
const START_MS = Date.parse("2026-11-22T10:00:00.000Z");

type Kind = "allowed" | "polled" | "preflighted" | "preflight-blocked" | "blocked" | "redirect" | "lone" | "same";
const PATTERN: readonly Kind[] = [
  "allowed",
  "preflighted",
  "polled",
  "blocked",
  "allowed",
  "preflight-blocked",
  "redirect",
  "preflighted",
  "same",
  "allowed",
  "blocked",
  "preflighted",
  "lone",
  "allowed",
  "polled",
  "redirect",
  "preflighted",
  "blocked",
  "allowed",
  "preflight-blocked",
];

interface Line {
  name: string;
  value: string;
}

function entry(options: {
  method: string;
  url: string;
  startedMs: number;
  status: number;
  requestHeaders: Line[];
  responseHeaders: Line[];
  error?: string | null;
  redirectURL?: string;
  preflightFor?: string;
  provisional?: boolean;
}): unknown {
  const sent = options.provisional
    ? []
    : [
        { name: "Host", value: new URL(options.url).host },
        { name: "Connection", value: "keep-alive" },
        { name: "Accept-Encoding", value: "gzip, deflate" },
      ];
  return {
    startedDateTime: new Date(options.startedMs).toISOString(),
    time: 3.2,
    pageref: "page_1",
    serverIPAddress: options.provisional ? "" : "127.0.0.1",
    _resourceType: options.preflightFor ? "preflight" : "fetch",
    _initiator: options.preflightFor
      ? { type: "preflight", url: options.preflightFor, requestId: "1.1" }
      : { type: "script" },
    request: {
      method: options.method,
      url: options.url,
      httpVersion: options.provisional ? "" : "HTTP/1.1",
      headers: [
        ...sent,
        {
          name: "User-Agent",
          value:
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        },
        { name: "Accept", value: "*/*" },
        { name: "Referer", value: `${PAGE}/` },
        ...options.requestHeaders,
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: options.status,
      statusText: options.status === 0 ? "" : "OK",
      httpVersion: options.status === 0 ? "" : "HTTP/1.1",
      headers: options.responseHeaders,
      cookies: [],
      content: { size: 0, mimeType: options.status === 0 ? "x-unknown" : "application/json" },
      redirectURL: options.redirectURL ?? "",
      headersSize: -1,
      bodySize: -1,
      _transferSize: 0,
      _error: options.error ?? null,
    },
    cache: {},
    timings: { blocked: 0.5, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 2, receive: 0.6 },
  };
}

const ORIGIN = { name: "Origin", value: PAGE };
const ACAO = { name: "Access-Control-Allow-Origin", value: PAGE };
const JSON_TYPE = { name: "Content-Type", value: "application/json" };

/** The entries of request `n`, in the order DevTools delivers them. */
export function requestEntries(n: number): unknown[] {
  const kind = PATTERN[n % PATTERN.length] as Kind;
  // Alternate the delivery order from one round of the pattern to the next.
  const round = Math.floor(n / PATTERN.length);
  const t = START_MS + n * 7;
  const date = { name: "Date", value: new Date(t).toUTCString() };
  switch (kind) {
    case "allowed":
    case "polled": {
      const url = kind === "polled" ? `${API}/poll` : `${API}/items?n=${n}`;
      return [
        entry({
          method: "GET",
          url,
          startedMs: t,
          status: 200,
          requestHeaders: [ORIGIN],
          responseHeaders: [ACAO, JSON_TYPE, date],
        }),
      ];
    }
    case "preflighted": {
      const url = `${API}/items/${n}`;
      const preflight = entry({
        method: "OPTIONS",
        url,
        startedMs: t,
        status: 204,
        preflightFor: url,
        requestHeaders: [
          ORIGIN,
          { name: "Access-Control-Request-Method", value: "PUT" },
          { name: "Access-Control-Request-Headers", value: "x-token" },
        ],
        responseHeaders: [
          ACAO,
          { name: "Access-Control-Allow-Methods", value: "GET, PUT" },
          { name: "Access-Control-Allow-Headers", value: "X-Token" },
          date,
        ],
      });
      const actual = entry({
        method: "PUT",
        url,
        startedMs: t + 1,
        status: 200,
        requestHeaders: [ORIGIN, { name: "X-Token", value: `t${n}` }],
        responseHeaders: [ACAO, JSON_TYPE, date],
      });
      return round % 3 === 0 ? [actual, preflight] : [preflight, actual];
    }
    case "preflight-blocked": {
      const url = `${API}/admin/${n}`;
      const preflight = entry({
        method: "OPTIONS",
        url,
        startedMs: t,
        status: 404,
        preflightFor: url,
        requestHeaders: [ORIGIN, { name: "Access-Control-Request-Method", value: "DELETE" }],
        responseHeaders: [{ name: "Content-Type", value: "text/plain" }, date],
      });
      const actual = entry({
        method: "DELETE",
        url,
        startedMs: t + 1,
        status: 0,
        error: "net::ERR_FAILED",
        provisional: true,
        requestHeaders: [ORIGIN],
        responseHeaders: [],
      });
      return round % 2 === 0 ? [preflight, actual] : [actual, preflight];
    }
    case "blocked": {
      const url = `${API}/secret?n=${n}`;
      const full = entry({
        method: "GET",
        url,
        startedMs: t,
        status: 200,
        error: "net::ERR_FAILED",
        requestHeaders: [ORIGIN],
        responseHeaders: [JSON_TYPE, date],
      });
      if (round % 2 === 1) return [full];
      const incomplete = entry({
        method: "GET",
        url,
        startedMs: t,
        status: 0,
        error: "net::ERR_FAILED",
        requestHeaders: [ORIGIN],
        responseHeaders: [],
      });
      return [incomplete, full];
    }
    case "redirect": {
      const url = `${API}/old?n=${n}`;
      const target = `${API}/new?n=${n}`;
      const redirect = entry({
        method: "GET",
        url,
        startedMs: t,
        status: 302,
        redirectURL: target,
        requestHeaders: [ORIGIN],
        responseHeaders: [ACAO, { name: "Location", value: target }, date],
      });
      const final = entry({
        method: "GET",
        url: target,
        startedMs: t + 2,
        status: 200,
        requestHeaders: [ORIGIN],
        responseHeaders: [ACAO, JSON_TYPE, date],
      });
      return round % 2 === 0 ? [redirect, final] : [final, redirect];
    }
    case "lone": {
      const url = `${API}/never?n=${n}`;
      return [
        entry({
          method: "OPTIONS",
          url,
          startedMs: t,
          status: 204,
          preflightFor: url,
          requestHeaders: [ORIGIN, { name: "Access-Control-Request-Method", value: "PATCH" }],
          responseHeaders: [ACAO, { name: "Access-Control-Allow-Methods", value: "PATCH" }, date],
        }),
      ];
    }
    default:
      return [
        entry({
          method: "GET",
          url: `${PAGE}/static/${n}.js`,
          startedMs: t,
          status: 200,
          requestHeaders: [],
          responseHeaders: [{ name: "Content-Type", value: "text/javascript" }, date],
        }),
      ];
  }
}

/** Requests `from..from+count-1`, their entries in delivery order. */
export function sessionEntries(from: number, count: number): unknown[] {
  const out: unknown[] = [];
  for (let n = from; n < from + count; n++) out.push(...requestEntries(n));
  return out;
}
