/**
 * The multi-request session (issue 12, item 7): several requests to one API from two page
 * origins. The merged fix is computed as a user gets it: the session is first sent to the API
 * without CORS, the answers are recorded as a Chromium HAR would hold them, and that capture goes
 * through readHar, diagnose and serverFixes (mergeServerPolicies, layer inference), the code path
 * of `har --fix`.
 */

import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { readHar } from "../../../src/capture/index.js";
import { diagnose } from "../../../src/engine/index.js";
import { type ServerFix, type StackId, serverFixes } from "../../../src/fixes/index.js";
import { startApiWithoutCors } from "./node-apps.js";
import type { CaseRequest } from "./runner.js";

export interface SessionRequest extends CaseRequest {
  readonly name: string;
  /** Index into `pageOrigins`: the page the failing capture saw this request from. */
  readonly capturedFrom: number;
}

export interface Session {
  readonly pageOrigins: readonly string[];
  readonly foreignOrigin: string;
  readonly requests: readonly SessionRequest[];
}

/** The session of test/fixtures/fix-verification/session.json, on the replay pages' port. */
export function loadSession(pagePort: number): Session {
  const file = join(import.meta.dirname, "../../fixtures/fix-verification/session.json");
  const raw = JSON.parse(readFileSync(file, "utf8")) as {
    pageOrigins: string[];
    foreignOrigin: string;
    requests: Array<Omit<SessionRequest, "route">>;
  };
  const expand = (origin: string) => origin.replace("{page}", String(pagePort));
  return {
    pageOrigins: raw.pageOrigins.map(expand),
    foreignOrigin: expand(raw.foreignOrigin),
    requests: raw.requests.map((r) => ({ ...r, route: "ok" })),
  };
}

/** Every distinct path of the session, in order: the routes the server must answer. */
export function sessionPaths(session: Session): string[] {
  return [...new Set(session.requests.map((r) => r.request.path))];
}

const SAFELISTED_HEADERS = new Set(["accept", "accept-language", "content-language"]);
const SAFELISTED_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

/** The names a CORS-preflight request lists (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names). */
function unsafeHeaderNames(headers: CaseRequest["request"]["headers"]): string[] {
  return headers
    .filter(([name, value]) => {
      const lower = name.toLowerCase();
      if (lower === "content-type") return !SAFELISTED_TYPES.has(value.split(";")[0]?.trim().toLowerCase() ?? "");
      return !SAFELISTED_HEADERS.has(lower);
    })
    .map(([name]) => name.toLowerCase())
    .sort();
}

interface Answer {
  readonly status: number;
  readonly headers: Array<{ name: string; value: string }>;
}

/** One request to the API on loopback, as `host` (the lab's name for it); the answer as received. */
function send(
  port: number,
  host: string,
  method: string,
  path: string,
  headers: Array<{ name: string; value: string }>,
  body: string | null,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: [["Host", host], ...headers.map((h) => [h.name, h.value])].flat(),
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const raw = res.rawHeaders;
          const pairs: Array<{ name: string; value: string }> = [];
          for (let i = 0; i + 1 < raw.length; i += 2)
            pairs.push({ name: raw[i] as string, value: raw[i + 1] as string });
          resolve({ status: res.statusCode ?? 0, headers: pairs });
        });
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

function harEntry(options: {
  readonly started: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Array<{ name: string; value: string }>;
  readonly answer: Answer | null;
  readonly preflightFor?: string;
  readonly error: string | null;
}) {
  const { answer } = options;
  return {
    startedDateTime: new Date(options.started).toISOString(),
    time: 1,
    _resourceType: options.preflightFor ? "preflight" : "fetch",
    _initiator: options.preflightFor ? { type: "preflight", url: options.preflightFor } : { type: "script" },
    request: {
      method: options.method,
      url: options.url,
      httpVersion: answer ? "HTTP/1.1" : "",
      headers: options.headers,
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: answer?.status ?? 0,
      statusText: "",
      httpVersion: answer ? "HTTP/1.1" : "",
      headers: answer?.headers ?? [],
      cookies: [],
      content: { size: 0, mimeType: "x-unknown" },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
      _error: options.error,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

/**
 * The session sent to the API without CORS (the lab's API: the same authentication layer as every
 * runner, nothing else), each request from the page it was captured from, as Chromium sends it:
 * the preflight first where the request needs one, the actual request only when the preflight
 * passed (it never does here). A credentialed request carries the page's session cookie. The HAR
 * holds what the server answered and Chromium's provisional headers and `net::ERR_FAILED` for what
 * it blocked, the way getHAR() records a blocked request.
 */
export async function captureFailingSession(
  session: Session,
  requests: readonly SessionRequest[],
  port: number,
  workDir: string,
): Promise<unknown> {
  const api = await startApiWithoutCors({ port, paths: sessionPaths(session), route: "ok", workDir });
  const host = `api.test:${port}`;
  const entries: unknown[] = [];
  let clock = Date.UTC(2026, 0, 1);
  try {
    for (const { request, capturedFrom } of requests) {
      const origin = session.pageOrigins[capturedFrom] as string;
      const url = `http://${host}${request.path}`;
      const pageHeaders = [
        ...request.headers.map(([name, value]) => ({ name, value })),
        { name: "Referer", value: `${origin}/` },
      ];
      const unsafe = unsafeHeaderNames(request.headers);
      const preflighted = !["GET", "HEAD", "POST"].includes(request.method) || unsafe.length > 0;
      clock += 1000;
      if (preflighted) {
        const preflightHeaders = [
          { name: "Origin", value: origin },
          { name: "Access-Control-Request-Method", value: request.method },
          ...(unsafe.length > 0 ? [{ name: "Access-Control-Request-Headers", value: unsafe.join(",") }] : []),
          { name: "Sec-Fetch-Mode", value: "cors" },
        ];
        const answer = await send(port, host, "OPTIONS", request.path, preflightHeaders, null);
        // The actual request, never sent: only the provisional headers the page set.
        entries.push(
          harEntry({
            started: clock,
            method: request.method,
            url,
            headers: pageHeaders,
            answer: null,
            error: "net::ERR_FAILED",
          }),
        );
        entries.push(
          harEntry({
            started: clock + 1,
            method: "OPTIONS",
            url,
            headers: preflightHeaders,
            answer,
            preflightFor: url,
            error: null,
          }),
        );
        continue;
      }
      const headers = [
        ...pageHeaders,
        { name: "Origin", value: origin },
        { name: "Sec-Fetch-Mode", value: "cors" },
        ...(request.credentials === "include" ? [{ name: "Cookie", value: "session=lab" }] : []),
      ];
      const answer = await send(port, host, request.method, request.path, headers, request.body);
      entries.push(
        harEntry({ started: clock, method: request.method, url, headers, answer, error: "net::ERR_FAILED" }),
      );
    }
  } finally {
    await api.close();
  }
  return {
    log: { version: "1.2", creator: { name: "WebInspector", version: "537.36" }, pages: [], entries },
  };
}

/** The merged fix for the API, for `stack`, from the failing capture: what `har --fix <stack>` prints. */
export function mergedFixFor(har: unknown, stack: StackId): ServerFix {
  const read = readHar(har);
  if (!read.ok) throw new Error(read.message);
  const items = read.exchanges.map((captured) => ({
    exchange: captured.exchange,
    diagnosis: diagnose(captured.exchange),
  }));
  const blocked = items.filter((i) => i.diagnosis.verdict === "blocked").length;
  if (blocked !== items.length) {
    throw new Error(`the unfixed session must fail entirely: ${blocked} of ${items.length} requests blocked`);
  }
  const fixes = serverFixes(items, stack);
  if (fixes.length !== 1) throw new Error(`one server expected, got ${fixes.length}`);
  return fixes[0] as ServerFix;
}
