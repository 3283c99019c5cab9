/**
 * `probe` and `audit` always end: against real loopback servers that never answer, trickle their
 * headers or body a byte at a time, send an endless body or header section, or redirect forever,
 * each command exits with a defined code and says why. The tests assert only that it ended, and how;
 * the vitest timeouts are generous bounds, not measurements.
 */

import { afterEach, describe, expect, it } from "vitest";
import { flood, type RawServer, rawServer, writeEvery } from "./misbehaving-server.js";
import { runCli } from "./run-cli.js";

const ORIGIN = "http://app.test";
const OK_HEAD = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Type: text/plain\r\n";

let server: RawServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("probe ends against a misbehaving server", () => {
  it("that never answers: a timeout, exit 1", async () => {
    server = await rawServer(() => {});
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--timeout", "1000"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("net::ERR_TIMED_OUT");
  }, 30_000);

  it("that trickles its header section a byte at a time: the deadline covers the headers", async () => {
    server = await rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nX-Slow: ");
      writeEvery(socket, 20, 100_000, () => "a");
    });
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--timeout", "1500"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("net::ERR_TIMED_OUT");
  }, 30_000);

  it("that trickles its body a byte at a time: the headers decide, the deadline ends the read", async () => {
    server = await rawServer((socket) => {
      socket.write(`${OK_HEAD}Content-Length: 100000\r\n\r\n`);
      writeEvery(socket, 20, 100_000, () => "a");
    });
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--timeout", "1500", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).exchanges[0]).toMatchObject({ verdict: "allowed", status: 200 });
  }, 30_000);

  it("that sends an endless body: reading stops at the body cap, long before the deadline", async () => {
    server = await rawServer((socket) => {
      socket.write(`${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n`);
      const chunk = "x".repeat(16 * 1024);
      flood(socket, Buffer.from(`${chunk.length.toString(16)}\r\n${chunk}\r\n`), 1_000_000);
    });
    // The longest deadline allowed: only the body cap can end this probe in time.
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--timeout", "600000", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).exchanges[0]).toMatchObject({ verdict: "allowed", status: 200 });
  }, 60_000);

  it("that sends an endless header section: the header cap ends it with Chromium's error", async () => {
    server = await rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\n");
      flood(socket, Buffer.from(`X-Filler: ${"f".repeat(1000)}\r\n`), 1_000_000);
    });
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--timeout", "600000"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("net::ERR_RESPONSE_HEADERS_TOO_BIG");
  }, 60_000);

  it("that sends 3000 header lines before Access-Control-Allow-Origin: every line is read, as Chromium does", async () => {
    server = await rawServer((socket) => {
      const filler = Array.from({ length: 3000 }, (_, n) => `X-Filler-${n}: f\r\n`).join("");
      socket.end(
        `HTTP/1.1 200 OK\r\n${filler}Access-Control-Allow-Origin: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    });
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).exchanges[0]).toMatchObject({ verdict: "allowed", status: 200 });
  }, 30_000);

  it("that redirects forever: 21 requests, then a network error as in Chromium (not ALLOWED)", async () => {
    server = await rawServer((socket, index) => {
      socket.end(
        `HTTP/1.1 302 Found\r\nLocation: /api/${index + 1}\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    });
    const result = await runCli(["probe", server.url, "--origin", ORIGIN, "--timeout", "600000"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("net::ERR_TOO_MANY_REDIRECTS");
    expect(result.stdout).not.toMatch(/ALLOWED/);
    expect(server.connections()).toBe(21);
  }, 60_000);
});

describe("probe --timeout", () => {
  it.each(["0", "-5", "abc", "1.5e3", "1500ms", "99999999999", "600001", ""])(
    "refuses %j with one line and exit 2, sending nothing",
    async (value) => {
      server = await rawServer(() => {});
      const result = await runCli(["probe", server.url, "--origin", ORIGIN, `--timeout=${value}`]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `cors-doctor: --timeout must be a whole number of milliseconds from 1 to 600000 (ten minutes), not "${value}"\n`,
      );
      expect(server.connections()).toBe(0);
    },
    30_000,
  );

  it("takes a value after a space too, a negative one included", async () => {
    const result = await runCli(["probe", "http://127.0.0.1:1/", "--origin", ORIGIN, "--timeout", "-5"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not "-5"');
  }, 30_000);
});

describe("audit ends against a misbehaving server", () => {
  it("that never answers: gives up after the first probe, exit 2", async () => {
    server = await rawServer(() => {});
    const result = await runCli(["audit", server.url, "--origin", ORIGIN, "--timeout", "1000"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cors-doctor: no answer from ${server.url}: net::ERR_TIMED_OUT\n`);
    expect(server.connections()).toBe(1);
  }, 30_000);

  it("that stops answering midway: gives up after two timeouts in a row, exit 2", async () => {
    server = await rawServer((socket, index) => {
      if (index < 3) socket.end(`${OK_HEAD}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    const result = await runCli(["audit", server.url, "--origin", ORIGIN, "--timeout", "1000"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^cors-doctor: .* stopped answering: 2 probes in a row timed out after 1000 ms \(5 of \d+ sent\)\n$/,
    );
    expect(server.connections()).toBe(5);
  }, 30_000);
});
