/**
 * The lab's raw HTTP/1.1 responder: header lines go out exactly as the scenario wrote them
 * (duplicates, case, spacing, empty values), which node:http would not allow.
 */

import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRequest, serializeResponse } from "../../lab/raw-http.js";
import type { Scenario } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";

const SCENARIO: Scenario = {
  id: "raw-lines",
  title: "raw header lines",
  group: "test",
  page: "http://app.test:{page}",
  request: { api: "fetch", method: "GET", url: "http://api.test:{api}/v1/items" },
  routes: [
    {
      url: "http://api.test:{api}/v1/items",
      preflight: { status: 204, headers: [["Access-Control-Allow-Origin", "{origin}"]] },
      actual: {
        status: 200,
        headers: [
          ["Access-Control-Allow-Origin", "{origin}"],
          ["access-control-allow-origin", "{origin}"],
          ["X-Odd", "  padded  value  "],
          ["X-Empty", ""],
        ],
        body: "hello",
      },
    },
    { url: "http://api.test:{api}/v1/old", actual: { status: 302, headers: [["Location", "/v1/items"]] } },
    { url: "http://api.test:{api}/v1/drop", actual: { status: 200, headers: [], close: true } },
  ],
};

/** Sends raw bytes to a lab port and returns everything the server wrote before closing. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error("timeout")));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

describe("serializeResponse", () => {
  it("writes every header line as given and adds Content-Length and Connection", () => {
    const bytes = serializeResponse({
      status: 200,
      headers: [
        ["Access-Control-Allow-Origin", "*"],
        ["Access-Control-Allow-Origin", "*"],
        ["x-MiXeD", "   a ,  b   "],
        ["X-Empty", ""],
      ],
      body: "ok",
    });
    expect(bytes.toString("latin1")).toBe(
      "HTTP/1.1 200 OK\r\n" +
        "Access-Control-Allow-Origin: *\r\n" +
        "Access-Control-Allow-Origin: *\r\n" +
        "x-MiXeD:    a ,  b   \r\n" +
        "X-Empty: \r\n" +
        "Content-Length: 2\r\n" +
        "Connection: close\r\n\r\nok",
    );
  });

  it("writes no body or Content-Length for 204 and keeps a given reason phrase", () => {
    const text = serializeResponse({ status: 204, reason: "Nothing Here", headers: [], body: "ignored" }).toString();
    expect(text).toBe("HTTP/1.1 204 Nothing Here\r\nConnection: close\r\n\r\n");
  });

  it("refuses header lines that would split the response", () => {
    expect(() => serializeResponse({ status: 200, headers: [["X-Bad", "a\r\nSet-Cookie: x=1"]] })).toThrow();
  });
});

describe("parseRequest", () => {
  it("waits for the whole head and Content-Length body", () => {
    const head = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    expect(parseRequest(Buffer.from(head)).kind).toBe("incomplete");
    const parsed = parseRequest(Buffer.from(`${head}hello`));
    expect(parsed.kind === "request" && parsed.request.body.toString()).toBe("hello");
  });

  it("decodes a chunked body", () => {
    const raw = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    const parsed = parseRequest(Buffer.from(raw));
    expect(parsed.kind === "request" && parsed.request.body.toString()).toBe("abcde");
  });

  it("rejects a malformed request line", () => {
    expect(parseRequest(Buffer.from("NOT HTTP\r\n\r\n")).kind).toBe("error");
  });
});

describe("lab server over a real socket", () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await start([SCENARIO], { ports: "ephemeral" });
  });
  afterAll(async () => {
    await lab.close();
  });

  it("preserves duplicate, lower-case, padded and empty header lines", async () => {
    const origin = `http://app.test:${lab.ports.page}`;
    const response = await exchange(
      lab.ports.api,
      `GET /v1/items?lab=raw-lines.n1 HTTP/1.1\r\nHost: api.test:${lab.ports.api}\r\nOrigin: ${origin}\r\n\r\n`,
    );
    const [head, body] = response.split("\r\n\r\n");
    expect(head?.split("\r\n")).toEqual([
      "HTTP/1.1 200 OK",
      `Access-Control-Allow-Origin: ${origin}`,
      `access-control-allow-origin: ${origin}`,
      "X-Odd:   padded  value  ",
      "X-Empty: ",
      "Content-Length: 5",
      "Connection: close",
    ]);
    expect(body).toBe("hello");
    expect(lab.received("raw-lines.n1")).toMatchObject([{ method: "GET", origin, answer: "respond 200" }]);
  });

  it("answers OPTIONS with the preflight response", async () => {
    const response = await exchange(
      lab.ports.api,
      `OPTIONS /v1/items?lab=raw-lines.n2 HTTP/1.1\r\nHost: api.test:${lab.ports.api}\r\nAccess-Control-Request-Method: PUT\r\n\r\n`,
    );
    expect(response.startsWith("HTTP/1.1 204 No Content\r\n")).toBe(true);
    expect(lab.received("raw-lines.n2")).toMatchObject([{ method: "OPTIONS", acrm: "PUT" }]);
  });

  it("carries the run token into redirect targets", async () => {
    const response = await exchange(
      lab.ports.api,
      `GET /v1/old?lab=raw-lines.n3 HTTP/1.1\r\nHost: api.test:${lab.ports.api}\r\n\r\n`,
    );
    expect(response).toContain("\r\nLocation: /v1/items?lab=raw-lines.n3\r\n");
  });

  it("closes the connection without a byte when told to", async () => {
    const response = await exchange(
      lab.ports.api,
      `GET /v1/drop?lab=raw-lines.n4 HTTP/1.1\r\nHost: api.test:${lab.ports.api}\r\n\r\n`,
    );
    expect(response).toBe("");
    expect(lab.received("raw-lines.n4")).toMatchObject([{ answer: "close" }]);
  });

  it("answers 404 for unknown routes and serves the runner page", async () => {
    const missing = await exchange(lab.ports.api, `GET /nope HTTP/1.1\r\nHost: api.test\r\n\r\n`);
    expect(missing.startsWith("HTTP/1.1 404 ")).toBe(true);
    const runner = await exchange(
      lab.ports.page,
      `GET /__lab/run?lab=raw-lines.n5 HTTP/1.1\r\nHost: app.test:${lab.ports.page}\r\n\r\n`,
    );
    expect(runner).toContain("window.__labDone");
    expect(runner).toContain(`http://api.test:${lab.ports.api}/v1/items?lab=raw-lines.n5`);
  });
});
