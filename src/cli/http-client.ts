/**
 * A raw HTTP client for probe and audit: sends exactly the headers given (no defaults of its own),
 * keeps response header lines as sent (duplicates, order), never follows redirects by itself, and
 * maps Node's socket errors to the net::ERR_* names Chromium records.
 *
 * Every request ends: one deadline covers connecting, the headers and the body; the header section
 * is capped as Chromium caps it; the body is read only up to a small cap and then dropped (CORS
 * needs the headers, never the body).
 */

import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { HeaderLine } from "../engine/index.js";

export interface HttpResult {
  readonly status: number;
  readonly statusText: string;
  readonly headers: readonly HeaderLine[];
  /** The Chromium-style error name when the request failed before a response. */
  readonly errorText: string | null;
  readonly remoteAddress: string | null;
}

export interface SendOptions {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderLine[];
  readonly body?: string;
  /** The deadline for the whole request: connect, TLS, headers and body. */
  readonly timeoutMs: number;
  /** `host:port` → address overrides, like curl's --resolve. */
  readonly resolve: ReadonlyMap<string, string>;
  /** Accept self-signed certificates (development servers). */
  readonly insecure: boolean;
}

const NODE_TO_NET_ERROR: Readonly<Record<string, string>> = {
  ECONNREFUSED: "net::ERR_CONNECTION_REFUSED",
  ECONNRESET: "net::ERR_CONNECTION_RESET",
  ENOTFOUND: "net::ERR_NAME_NOT_RESOLVED",
  EAI_AGAIN: "net::ERR_NAME_RESOLUTION_FAILED",
  ETIMEDOUT: "net::ERR_TIMED_OUT",
  EHOSTUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
  ENETUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
  EPIPE: "net::ERR_CONNECTION_CLOSED",
  DEPTH_ZERO_SELF_SIGNED_CERT: "net::ERR_CERT_AUTHORITY_INVALID",
  SELF_SIGNED_CERT_IN_CHAIN: "net::ERR_CERT_AUTHORITY_INVALID",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "net::ERR_CERT_AUTHORITY_INVALID",
  CERT_HAS_EXPIRED: "net::ERR_CERT_DATE_INVALID",
  ERR_TLS_CERT_ALTNAME_INVALID: "net::ERR_CERT_COMMON_NAME_INVALID",
};

/** Chromium's limit on a response's header section (net/http/http_stream_parser.cc kMaxHeaderBufSize). */
export const MAX_HEADER_BYTES = 256 * 1024;

/** Body bytes read before the connection is dropped: enough to finish a small answer cleanly. */
export const MAX_BODY_BYTES = 64 * 1024;

export function netErrorFor(error: NodeJS.ErrnoException): string {
  if (error.message === "socket hang up") return "net::ERR_EMPTY_RESPONSE";
  if (error.code === "HPE_HEADER_OVERFLOW") return "net::ERR_RESPONSE_HEADERS_TOO_BIG";
  return NODE_TO_NET_ERROR[error.code ?? ""] ?? `net::ERR_FAILED (${error.code ?? error.message})`;
}

export function send(options: SendOptions): Promise<HttpResult> {
  const url = new URL(options.url);
  const requestFn = url.protocol === "https:" ? httpsRequest : httpRequest;
  const override = options.resolve.get(`${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`);
  const lookup: LookupFunction | undefined = override
    ? (_hostname, lookupOptions, callback) => {
        const family = override.includes(":") ? 6 : 4;
        if ((lookupOptions as { all?: boolean }).all)
          (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
            { address: override, family },
          ]);
        else callback(null, override, family);
      }
    : undefined;
  // Header lines go out as given, in order. With a raw header list Node adds nothing itself, so
  // Host, Content-Length and Connection are added here.
  const has = (name: string) => options.headers.some((h) => h.name.toLowerCase() === name);
  const lines: HeaderLine[] = [
    ...(has("host") ? [] : [{ name: "Host", value: url.host }]),
    ...options.headers,
    ...(options.body !== undefined && !has("content-length")
      ? [{ name: "Content-Length", value: String(Buffer.byteLength(options.body)) }]
      : []),
    { name: "Connection", value: "close" },
  ];
  const rawHeaders = lines.flatMap((h) => [h.name, h.value]);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    let answered: HttpResult | null = null;
    const req = requestFn(
      url,
      {
        method: options.method,
        headers: rawHeaders,
        lookup,
        agent: false,
        rejectUnauthorized: !options.insecure,
        maxHeaderSize: MAX_HEADER_BYTES,
      },
      (res: IncomingMessage) => {
        const headers: HeaderLine[] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          headers.push({ name: res.rawHeaders[i] as string, value: res.rawHeaders[i + 1] as string });
        }
        const result: HttpResult = {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers,
          errorText: null,
          remoteAddress: res.socket?.remoteAddress ?? null,
        };
        answered = result;
        // The body is read only to let a small answer end cleanly; probe output never contains
        // bodies. Past the cap (an endless body) the connection is dropped and the headers kept.
        let bodyBytes = 0;
        res.on("data", (chunk: Buffer) => {
          bodyBytes += chunk.length;
          if (bodyBytes > MAX_BODY_BYTES) {
            settle(result);
            req.destroy();
          }
        });
        res.on("end", () => settle(result));
        // A connection lost in the body still delivered the headers, which is all CORS reads.
        res.on("error", () => settle(result));
        res.on("close", () => settle(result));
      },
    );
    // Node keeps only the first 2000 header lines by default; Chromium reads every line within its
    // byte cap, and an Access-Control-Allow-Origin after line 2000 still counts.
    req.maxHeadersCount = 0;
    // The one deadline: before the headers it is a timeout; after them (a body trickling in) the
    // headers already hold the answer.
    const deadline = setTimeout(() => {
      if (answered) settle(answered);
      else settle(failure(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
      req.destroy();
    }, options.timeoutMs);
    req.on("error", (error) => settle(answered ?? failure(error)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function failure(error: NodeJS.ErrnoException): HttpResult {
  return { status: 0, statusText: "", headers: [], errorText: netErrorFor(error), remoteAddress: null };
}
