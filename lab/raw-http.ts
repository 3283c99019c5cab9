/**
 * A minimal HTTP/1.1 server on node:net that writes response header lines exactly as given:
 * duplicates, letter case, odd spacing and empty values survive, which node:http would normalize.
 *
 * One request per connection: every response carries `Connection: close` (unless the caller
 * supplies a Connection header) and the socket is ended after it.
 */

import { STATUS_CODES } from "node:http";
import { createServer, type Server, type Socket } from "node:net";

export type RawHeader = readonly [name: string, value: string];

export interface RawRequest {
  readonly method: string;
  /** The request target as sent, e.g. `/v1/items?lab=x.y`. */
  readonly target: string;
  readonly version: string;
  /** Header lines in order; names as sent, values with surrounding whitespace trimmed. */
  readonly headers: readonly RawHeader[];
  readonly body: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly reason?: string;
  readonly headers: readonly RawHeader[];
  readonly body?: string;
}

/** What a handler asks the server to do with one request. */
export type RawAction = { readonly kind: "respond"; readonly response: RawResponse } | { readonly kind: "close" };

export type RawHandler = (request: RawRequest, socket: Socket) => RawAction;

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;
const IDLE_TIMEOUT_MS = 10_000;

/** The first value of a header, case-insensitively; null when absent. */
export function headerValue(headers: readonly RawHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1] ?? null;
}

function hasNullBody(status: number): boolean {
  return (status >= 100 && status < 200) || status === 204 || status === 304;
}

/**
 * Serializes a response: the status line, the given header lines as `Name: value` (nothing
 * trimmed, nothing merged), then `Content-Length` and `Connection: close` unless given, then the body.
 */
export function serializeResponse(response: RawResponse, requestMethod = "GET"): Buffer {
  for (const [name, value] of response.headers) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value) || name === "") {
      throw new Error(`header line ${JSON.stringify([name, value])} cannot be written`);
    }
  }
  const reason = response.reason ?? STATUS_CODES[response.status] ?? "Unknown";
  const nullBody = hasNullBody(response.status);
  const body = Buffer.from(nullBody ? "" : (response.body ?? ""), "utf8");
  const lines = [`HTTP/1.1 ${response.status} ${reason}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  const has = (name: string) => headerValue(response.headers, name) !== null;
  if (!nullBody && !has("content-length") && !has("transfer-encoding")) lines.push(`Content-Length: ${body.length}`);
  if (!has("connection")) lines.push("Connection: close");
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return requestMethod === "HEAD" ? head : Buffer.concat([head, body]);
}

type ParseResult =
  | { readonly kind: "incomplete" }
  | { readonly kind: "error"; readonly status: number; readonly message: string }
  | { readonly kind: "request"; readonly request: RawRequest };

/** Parses one request from the start of `buffer` (head, then a Content-Length or chunked body). */
export function parseRequest(buffer: Buffer): ParseResult {
  const headEnd = buffer.indexOf("\r\n\r\n");
  if (headEnd === -1) {
    return buffer.length > MAX_HEAD_BYTES
      ? { kind: "error", status: 431, message: "request head too large" }
      : { kind: "incomplete" };
  }
  const lines = buffer.subarray(0, headEnd).toString("latin1").split("\r\n");
  const requestLine = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/\d\.\d)$/.exec(lines[0] ?? "");
  if (!requestLine) return { kind: "error", status: 400, message: "bad request line" };
  const headers: RawHeader[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { kind: "error", status: 400, message: `bad header line ${JSON.stringify(line)}` };
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const rest = buffer.subarray(headEnd + 4);
  const chunked = /\bchunked\b/i.test(headerValue(headers, "transfer-encoding") ?? "");
  let body: Buffer;
  if (chunked) {
    const decoded = decodeChunked(rest);
    if (decoded === null) return { kind: "incomplete" };
    body = decoded;
  } else {
    const length = Number(headerValue(headers, "content-length") ?? "0");
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES) {
      return { kind: "error", status: 400, message: "bad Content-Length" };
    }
    if (rest.length < length) return { kind: "incomplete" };
    body = rest.subarray(0, length);
  }
  return {
    kind: "request",
    request: {
      method: requestLine[1] as string,
      target: requestLine[2] as string,
      version: requestLine[3] as string,
      headers,
      body,
    },
  };
}

/** Decodes a complete chunked body, or returns null when more bytes are needed. */
function decodeChunked(data: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let offset = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const lineEnd = data.indexOf("\r\n", offset);
    if (lineEnd === -1) return null;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString("latin1").split(";")[0] ?? "", 16);
    if (!Number.isFinite(size)) return Buffer.alloc(0);
    if (size === 0) return data.indexOf("\r\n\r\n", lineEnd) === -1 ? null : Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return null;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
  return Buffer.concat(parts);
}

export interface RawServer {
  readonly server: Server;
  readonly port: number;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

/** Starts a raw server on 127.0.0.1 (port 0 picks a free one). */
export function startRawServer(port: number, handler: RawHandler): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    let handled = false;
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      if (handled) return;
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseRequest(buffer);
      if (parsed.kind === "incomplete") return;
      handled = true;
      if (parsed.kind === "error") {
        socket.end(serializeResponse({ status: parsed.status, headers: [], body: parsed.message }));
        return;
      }
      let action: RawAction;
      try {
        action = handler(parsed.request, socket);
      } catch (error) {
        action = {
          kind: "respond",
          response: { status: 500, headers: [["Content-Type", "text/plain"]], body: `lab error: ${String(error)}` },
        };
      }
      if (action.kind === "close") {
        socket.destroy();
        return;
      }
      socket.end(serializeResponse(action.response, parsed.request.method));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        server,
        port: typeof address === "object" && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
