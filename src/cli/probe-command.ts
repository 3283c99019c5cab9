/**
 * `cors-doctor probe <url> --origin <origin>`: sends what a browser's fetch() would send from that
 * origin (the preflight when one is needed, then the request, following redirects the way the
 * browser does) and diagnoses the answers with the same engine as `har`.
 */

import type { CapturedExchange } from "../capture/index.js";
import {
  answerInBrowsers,
  corsUnsafeRequestHeaderNames,
  diagnose,
  type Exchange,
  getHeader,
  type HeaderLine,
  type Hop,
  hasRedirectTaintedOrigin,
  isCorsSafelistedMethod,
  isRedirectStatus,
  normalizeMethod,
  parseUrl,
  type RecordedResponse,
  scriptSettableHeaders,
} from "../engine/index.js";
import type { StackId } from "../fixes/index.js";
import { redactExchange } from "../redact/index.js";
import { type BrowserChoice, browsersJson } from "../report/browsers-json.js";
import { summarizeExchange } from "../report/index.js";
import { renderBrowsers } from "./browsers-output.js";
import { UsageError } from "./errors.js";
import { fixFor, renderFix } from "./fix-output.js";
import { type HttpResult, send } from "./http-client.js";
import { renderExchange } from "./render-text.js";
import { VERSION } from "./version.js";

export interface ProbeOptions {
  readonly origin: string;
  readonly method?: string;
  readonly header?: readonly string[];
  readonly data?: string;
  readonly credentials?: boolean;
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly fix?: StackId | "auto";
  readonly resolve?: readonly string[];
  readonly timeout?: number;
  readonly insecure?: boolean;
  /** Print the Cookie, Authorization, ... the probe sent and the server's Set-Cookie as they are. */
  readonly includeSecrets?: boolean;
  /** Answer for this browser, or all three (default chrome: the output is Chrome's alone). */
  readonly browser?: BrowserChoice;
}

/** https://fetch.spec.whatwg.org/#http-redirect-fetch step 7: the 21st redirect is a network error. */
const MAX_REDIRECTS = 20;

/** What Chromium records when a fetch() meets its 21st redirect (Chromium 156: 21 requests, then this error). */
const TOO_MANY_REDIRECTS = "net::ERR_TOO_MANY_REDIRECTS";

/** `--timeout`: the deadline of each request, in whole milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 600_000;

/**
 * `--timeout <ms>`: a whole number of milliseconds from 1 to 600000 (ten minutes), digits only.
 * `0` would mean no deadline, and `1.5e3` or `1500ms` are refused rather than guessed at.
 */
export function parseTimeoutOption(value: string): number {
  const ms = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(ms >= 1 && ms <= MAX_TIMEOUT_MS))
    throw new UsageError(
      `--timeout must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (ten minutes), not "${value}"`,
    );
  return ms;
}

/** A serialized origin: scheme://host[:port], nothing more; or "null". */
export function parseOriginOption(value: string): string {
  if (value === "null") return value;
  const url = parseUrl(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== value) {
    const hint = url && url.origin !== "null" ? ` (did you mean ${url.origin}?)` : "";
    throw new UsageError(
      `--origin must be an origin like https://app.example, without a path or trailing slash: ${value}${hint}`,
    );
  }
  return value;
}

export function parseTargetUrl(value: string): string {
  const url = parseUrl(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new UsageError(`not an http(s) URL: ${value}`);
  return url.href;
}

/** `--header 'Name: value'`, as curl takes it. */
export function parseHeaderOption(value: string): HeaderLine {
  const colon = value.indexOf(":");
  const name = colon === -1 ? "" : value.slice(0, colon).trim();
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
    throw new UsageError(`--header must look like 'Name: value': ${value}`);
  return { name, value: value.slice(colon + 1).trim() };
}

/** `--resolve host:port:address`, as curl takes it. */
export function parseResolveOption(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const match = /^([^:]+):(\d+):(.+)$/.exec(value);
    if (!match) throw new UsageError(`--resolve must look like host:port:address: ${value}`);
    map.set(`${(match[1] as string).toLowerCase()}:${match[2]}`, (match[3] as string).replace(/^\[|\]$/g, ""));
  }
  return map;
}

export async function runProbe(
  target: string,
  options: ProbeOptions,
  out: (text: string) => void,
  warn: (text: string) => void,
): Promise<number> {
  const origin = parseOriginOption(options.origin);
  const firstUrl = parseTargetUrl(target);
  const method = normalizeMethod(options.method ?? "GET");
  let pageHeaders = (options.header ?? []).map(parseHeaderOption);
  if (!options.credentials && pageHeaders.some((h) => h.name.toLowerCase() === "cookie")) {
    warn(
      "cors-doctor: ignoring the Cookie header: browsers send cookies cross-origin only with credentials (add --credentials)",
    );
    pageHeaders = pageHeaders.filter((h) => h.name.toLowerCase() !== "cookie");
  }
  const sent = await probeExchange({
    origin,
    url: firstUrl,
    method,
    headers: pageHeaders,
    body: options.data,
    credentials: options.credentials ?? false,
    resolve: parseResolveOption(options.resolve ?? []),
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    insecure: options.insecure ?? false,
  });
  // What is shown is diagnosed from the redacted exchange, like `har` does (src/redact).
  const exchange = options.includeSecrets ? sent : redactExchange(sent);
  const diagnosis = diagnose(exchange);
  const captured = capturedOf(exchange);
  const summary = summarizeExchange(captured, diagnosis);
  const fix = options.fix && diagnosis.verdict === "blocked" ? fixFor(captured, diagnosis, options.fix) : null;
  const choice = options.browser ?? "chrome";
  const answers = choice === "chrome" ? null : answerInBrowsers(exchange, diagnosis);
  const browsers = answers ? { browsers: browsersJson(answers, choice) } : {};
  if (options.json) {
    out(
      JSON.stringify(
        { exchanges: [options.fix ? { ...summary, fix, ...browsers } : { ...summary, ...browsers }] },
        null,
        2,
      ),
    );
  } else {
    const browserLines = answers ? renderBrowsers(answers, choice) : [];
    out(renderExchange(summary, diagnosis, { explain: options.explain ?? false, all: true, browsers: browserLines }));
    if (fix) out(renderFix(fix));
  }
  // A probe is clean only when the browser would let the page read the answer (every browser, with all).
  const verdicts = answers
    ? choice === "all"
      ? [answers.chrome, answers.firefox, answers.safari]
      : [answers[choice]]
    : [summary];
  return verdicts.every((v) => v.verdict === "allowed" || v.verdict === "not-cors") ? 0 : 1;
}

interface ProbeRequest {
  readonly origin: string;
  readonly url: string;
  readonly method: string;
  readonly headers: readonly HeaderLine[];
  readonly body: string | undefined;
  readonly credentials: boolean;
  readonly resolve: ReadonlyMap<string, string>;
  readonly timeoutMs: number;
  readonly insecure: boolean;
}

/** Follows the request hop by hop as fetch() does, stopping where the browser would. */
export async function probeExchange(probe: ProbeRequest): Promise<Exchange> {
  const hops: Hop[] = [];
  const urlList: string[] = [];
  let url = probe.url;
  let method = probe.method;
  let body = probe.body;
  let scriptHeaders = [...probe.headers];
  let corsTainting = false;
  const base = (): Exchange => ({
    initiatorOrigin: { value: probe.origin, source: "user", inferred: false },
    resourceType: "fetch",
    mode: { value: "cors", source: "user", inferred: false },
    credentialsMode: { value: probe.credentials ? "include" : "same-origin", source: "user", inferred: false },
    hops,
    malformed: [],
  });

  for (let count = 0; count <= MAX_REDIRECTS; count++) {
    urlList.push(url);
    const tainted = hasRedirectTaintedOrigin(probe.origin, urlList);
    const sameOrigin = !corsTainting && parseUrl(url)?.origin === probe.origin;
    if (!sameOrigin) corsTainting = true;
    const sentOrigin = tainted ? "null" : probe.origin;
    const browserHeaders = browserAddedHeaders(probe, url, sameOrigin);
    const unsafe = corsUnsafeRequestHeaderNames(scriptSettableHeaders(scriptHeaders)).names;
    const needsPreflight = !sameOrigin && (!isCorsSafelistedMethod(method) || unsafe.length > 0);

    let preflight: Hop["preflight"] = null;
    if (needsPreflight) {
      const preflightHeaders: HeaderLine[] = [
        { name: "Accept", value: "*/*" },
        { name: "Access-Control-Request-Method", value: method },
        ...(unsafe.length > 0 ? [{ name: "Access-Control-Request-Headers", value: unsafe.join(",") }] : []),
        { name: "Origin", value: sentOrigin },
        ...browserHeaders,
      ];
      const result = await send({
        method: "OPTIONS",
        url,
        headers: preflightHeaders,
        timeoutMs: probe.timeoutMs,
        resolve: probe.resolve,
        insecure: probe.insecure,
      });
      preflight = {
        request: { method: "OPTIONS", url, headers: preflightHeaders, provisionalHeaders: false },
        response: recorded(result),
      };
      // Would the browser send the request after this preflight?
      const trial = diagnose({
        ...base(),
        hops: [
          ...hops,
          {
            request: { method, url, headers: scriptHeaders, provisionalHeaders: true },
            response: notSent(result.errorText ?? "net::ERR_FAILED"),
            preflightState: "paired",
            preflight,
          },
        ],
      });
      if (trial.leg === "preflight" || result.errorText !== null) {
        hops.push({
          request: { method, url, headers: scriptHeaders, provisionalHeaders: true },
          response: notSent(result.errorText ?? "net::ERR_FAILED"),
          preflightState: "paired",
          preflight,
        });
        return base();
      }
    }

    const requestHeaders: HeaderLine[] = [
      ...(scriptHeaders.some((h) => h.name.toLowerCase() === "accept") ? [] : [{ name: "Accept", value: "*/*" }]),
      ...scriptHeaders,
      ...(sameOrigin && (method === "GET" || method === "HEAD") ? [] : [{ name: "Origin", value: sentOrigin }]),
      ...browserHeaders,
    ];
    const result = await send({
      method,
      url,
      headers: requestHeaders,
      body,
      timeoutMs: probe.timeoutMs,
      resolve: probe.resolve,
      insecure: probe.insecure,
    });
    const hop: Hop = {
      request: { method, url, headers: requestHeaders, provisionalHeaders: false },
      response: recorded(result),
      preflightState: needsPreflight ? "paired" : "not-captured",
      preflight,
    };
    hops.push(hop);
    if (result.errorText !== null) return base();

    // The browser stops where a CORS check fails; it records such responses as net::ERR_FAILED.
    const sofar = diagnose(base());
    const location = getHeader(result.headers, "Location");
    const isRedirect = isRedirectStatus(result.status) && location !== null;
    if (sofar.verdict === "blocked" || !isRedirect) {
      if (sofar.verdict === "blocked")
        hops[hops.length - 1] = {
          ...hop,
          response: { ...hop.response, outcome: { state: "failed", errorText: "net::ERR_FAILED" } },
        };
      return base();
    }
    const next = parseUrl(location as string, url);
    if (!next) return base();
    if (count === MAX_REDIRECTS) {
      hops[hops.length - 1] = {
        ...hop,
        response: { ...hop.response, outcome: { state: "failed", errorText: TOO_MANY_REDIRECTS } },
      };
      return base();
    }
    // https://fetch.spec.whatwg.org/#http-redirect-fetch step 12: 303 (and 301/302 for POST) become GET.
    if (
      result.status === 303
        ? method !== "GET" && method !== "HEAD"
        : (result.status === 301 || result.status === 302) && method === "POST"
    ) {
      method = "GET";
      body = undefined;
      scriptHeaders = scriptHeaders.filter(
        (h) =>
          !["content-type", "content-language", "content-encoding", "content-location"].includes(h.name.toLowerCase()),
      );
    }
    // A cross-origin hop drops Authorization (https://fetch.spec.whatwg.org/#http-redirect-fetch step 13).
    if (parseUrl(url)?.origin !== next.origin)
      scriptHeaders = scriptHeaders.filter((h) => h.name.toLowerCase() !== "authorization");
    url = next.href;
  }
  return base();
}

/** The headers a browser adds itself (never Cookie without credentials). */
function browserAddedHeaders(probe: ProbeRequest, url: string, sameOrigin: boolean): HeaderLine[] {
  const target = parseUrl(url);
  const page = parseUrl(probe.origin);
  const site = sameOrigin
    ? "same-origin"
    : target && page && target.hostname === page.hostname
      ? "same-site"
      : "cross-site";
  return [
    { name: "User-Agent", value: `cors-doctor/${VERSION} (probe; like a browser's fetch)` },
    { name: "Sec-Fetch-Mode", value: "cors" },
    { name: "Sec-Fetch-Site", value: site },
    { name: "Sec-Fetch-Dest", value: "empty" },
    ...(probe.origin !== "null" ? [{ name: "Referer", value: `${probe.origin}/` }] : []),
  ];
}

function recorded(result: HttpResult): RecordedResponse {
  return {
    status: result.status,
    statusText: result.statusText,
    headers: result.headers,
    redirectURL: getHeader(result.headers, "Location"),
    outcome: result.errorText
      ? { state: "failed", errorText: result.errorText }
      : { state: "completed", errorText: null },
    serverIPAddress: result.remoteAddress,
  };
}

function notSent(errorText: string): RecordedResponse {
  return {
    status: 0,
    statusText: "",
    headers: [],
    redirectURL: null,
    outcome: { state: "failed", errorText },
    serverIPAddress: null,
  };
}

/** The probe's exchange in the capture layer's shape, for the shared summary and fix output. */
function capturedOf(exchange: Exchange): CapturedExchange {
  return {
    id: "probe",
    exchange,
    hopEntries: [],
    preflightEntries: [],
    actualRecorded: true,
    startedMs: Date.now(),
  };
}
