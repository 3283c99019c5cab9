/**
 * Terminal injection: ESC/OSC/CSI sequences, C1 controls, CR, LF and bidi controls planted in
 * header values, URLs, methods, status texts and file names must never reach a terminal raw.
 * Every command runs as the real CLI (run-cli.ts); its stdout and stderr are checked byte for
 * byte. JSON output stays exact JSON (it escapes C0 itself).
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terminalSafe } from "../../src/explain/terminal-safe.js";
import { type CliResult, runCli, runCliSync } from "./run-cli.js";

/** Any control character but line feed and tab, and the bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectNoRawControls(result: CliResult, what: string): void {
  for (const [stream, text] of [
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ] as const) {
    const found = RAW.exec(text);
    expect(
      found,
      `${what} ${stream} has U+${found?.[0].charCodeAt(0).toString(16)} near ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40))}`,
    ).toBeNull();
    // A line feed in a value must not fake a line of output.
    expect(text, `${what} ${stream}`).not.toMatch(/^FAKE/m);
  }
}

const OSC_TITLE = "\x1b]0;owned\x07";
const OSC8_LINK = "\x1b]8;;https://evil.test/\x1b\\click\x1b]8;;\x1b\\";
const CSI_CLEAR = "\x1b[2J\x1b[H";
const C1 = "\x9b31m\x9d0;c1 title\x9c\x85";
const RLO = "\u202egnp.exe\u202c\u2066\u2069\u200f\u061c";
const HOSTILE = `${OSC_TITLE}${OSC8_LINK}${CSI_CLEAR}${C1}\r${RLO}\x7f\x00\nFAKE ALLOWED`;

const h = (name: string, value: string) => ({ name, value });

function entry(
  method: string,
  url: string,
  requestHeaders: object[],
  status: number,
  statusText: string,
  responseHeaders: object[],
  extra: object = {},
) {
  return {
    startedDateTime: "2026-11-22T10:00:00.000Z",
    time: 5,
    _resourceType: "fetch",
    _initiator: { type: "script" },
    request: {
      method,
      url,
      httpVersion: "HTTP/1.1",
      headersSize: 300,
      headers: requestHeaders,
      queryString: [],
      cookies: [],
      bodySize: 0,
    },
    response: {
      status,
      statusText,
      httpVersion: "HTTP/1.1",
      headers: responseHeaders,
      cookies: [],
      redirectURL: "",
      content: { size: 0, mimeType: "text/plain" },
      headersSize: -1,
      bodySize: 0,
      _error: "net::ERR_FAILED",
      ...extra,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
  };
}

function hostileHar() {
  const origin = h("Origin", "https://app.test");
  return {
    log: {
      version: "1.2",
      creator: { name: `WebInspector${HOSTILE}`, version: "537.36" },
      pages: [],
      entries: [
        // The ACAO value is quoted as the failed parameter, in the finding and in the evidence.
        entry(`GET`, `https://api.test/a${HOSTILE}?q=${HOSTILE}`, [origin, h("X-Note", HOSTILE)], 200, `OK${HOSTILE}`, [
          h("Access-Control-Allow-Origin", `https://evil.test${HOSTILE}`),
          h("X-Server-Note", HOSTILE),
        ]),
        // A method and a redirect target the output quotes.
        entry(`PU${HOSTILE}T`, `https://api.test/b`, [origin], 302, HOSTILE, [
          h("Access-Control-Allow-Origin", "https://app.test"),
          h("Location", `https://other.test/c${HOSTILE}`),
        ]),
        entry("GET", `https://api.test/d`, [origin, h("Content-Type", `text/plain${HOSTILE}`)], 200, "OK", [
          h("Access-Control-Allow-Origin", "https://app.test"),
          h("Access-Control-Allow-Credentials", `true${HOSTILE}`),
          h("Set-Cookie", `a=b${HOSTILE}`),
        ]),
      ],
    },
  };
}

describe("no raw control or bidi character reaches the terminal", () => {
  let dir = "";
  let har = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cors-doctor-tty-"));
    har = join(dir, `capture${OSC_TITLE}${RLO}.har`);
    writeFileSync(har, JSON.stringify(hostileHar()));
  });

  const modes: Record<string, readonly string[]> = {
    text: [],
    "--all": ["--all"],
    "--explain": ["--explain", "--all"],
    "--fix": ["--fix", "auto", "--all", "--explain"],
    "--include-secrets --explain": ["--include-secrets", "--explain", "--all"],
    "--threads 2": ["--threads", "2", "--explain", "--all"],
    "--report md": ["--report", "md", "--all"],
    "--report html": ["--report", "html", "--all"],
    "--browser firefox": ["--browser", "firefox", "--explain", "--all"],
    "--browser safari": ["--browser", "safari", "--explain", "--all"],
    "--browser all": ["--browser", "all", "--explain", "--all"],
  };

  it.each(Object.entries(modes))(
    "har %s",
    (name, args) => {
      const result = runCliSync(["har", har, ...args]);
      expect(result.code, result.stderr).toBe(1);
      expectNoRawControls(result, `har ${name}`);
      // The values are shown, made visible.
      expect(result.stdout).toMatch(/\\x1b|&lt;U\+202E&gt;|<U\+202E>/);
    },
    60_000,
  );

  it("har --json stays exact JSON", () => {
    const result = runCliSync(["har", har, "--json", "--all"]);
    const parsed = JSON.parse(result.stdout) as { exchanges: Array<{ url: string }> };
    expect(parsed.exchanges.some((x) => x.url.includes("\x1b]0;owned"))).toBe(true);
    expect(result.stdout).not.toContain("\x1b");
  }, 60_000);

  it("a report written to a file with a hostile name", () => {
    const result = runCliSync(["har", har, "--report", "json", "-o", join(dir, `out${CSI_CLEAR}${RLO}.json`)]);
    expect(result.stdout).toContain("report written to");
    expectNoRawControls(result, "har -o");
  }, 60_000);

  it("errors quoting file names and file bytes", () => {
    const notJson = join(dir, `broken${OSC_TITLE}.har`);
    writeFileSync(notJson, `{"log": ${OSC_TITLE}${C1}${RLO}`);
    const broken = runCliSync(["har", notJson]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^cors-doctor: .*not JSON/);
    expectNoRawControls(broken, "broken JSON");
    const missing = runCliSync(["har", join(dir, `missing${CSI_CLEAR}${RLO}.har`)]);
    expect(missing.code).toBe(2);
    expectNoRawControls(missing, "missing file");
    const notHar = join(dir, "not-har.har");
    writeFileSync(notHar, JSON.stringify({ log: { version: HOSTILE, entries: HOSTILE } }));
    expectNoRawControls(runCliSync(["har", notHar]), "not a HAR");
    expectNoRawControls(runCliSync(["har", har, `--bogus${OSC_TITLE}`]), "unknown option");
    expectNoRawControls(runCliSync(["har", har, "--threads", `x${OSC_TITLE}`]), "bad --threads");
    expectNoRawControls(
      runCliSync(["probe", `https://api.test/${CSI_CLEAR}`, "--origin", `https://a${OSC_TITLE}`]),
      "bad --origin",
    );
    expectNoRawControls(
      runCliSync(["probe", "https://api.test/", "--origin", "https://app.test", "-H", `X${OSC_TITLE}: 1`]),
      "bad --header",
    );
  }, 60_000);

  describe("probe and audit against a hostile server", () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      // Raw bytes: node:http would refuse to write these header values. latin1 keeps C1 bytes as sent.
      server = createServer((socket) => {
        socket.once("data", (data) => {
          const origin = /\r\norigin: *([^\r\n]*)/i.exec(data.toString("latin1"))?.[1] ?? "";
          const head = [
            `HTTP/1.1 200 OK${C1}${RLO}`,
            `Access-Control-Allow-Origin: ${origin}${C1}`,
            `Access-Control-Allow-Credentials: true${C1}`,
            `X-Note: ${C1}\u202e`,
            "Content-Length: 0",
            "Connection: close",
          ].join("\r\n");
          socket.end(Buffer.from(`${head}\r\n\r\n`, "latin1"));
        });
        socket.on("error", () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it.each([
      ["probe", []],
      ["probe", ["--explain"]],
      ["probe", ["--explain", "--fix", "auto", "-X", "PUT", "-H", "X-Key: 1"]],
      ["audit", []],
    ] as const)(
      "%s %s",
      async (command, args) => {
        const result = await runCli([
          command,
          `http://api.test:${port}/x?token=cnry-probe-token`,
          "--origin",
          "https://app.test",
          "--resolve",
          `api.test:${port}:127.0.0.1`,
          "--timeout",
          "5000",
          ...args,
        ]);
        expect(result.code, result.stderr).not.toBe(2);
        expectNoRawControls(result, `${command} ${args.join(" ")}`);
        expect(`${result.stdout}${result.stderr}`).toMatch(/\\x9b|\\x9d/);
      },
      60_000,
    );
  });
});

describe("terminalSafe", () => {
  it("makes every control and bidi character visible and keeps the rest", () => {
    expect(terminalSafe("a\x1b[2Jb\rc\nd\te\x7f\x9b\u202ef\u2066")).toBe(
      "a\\x1b[2Jb\\rc\\nd\\te\\x7f\\x9b<U+202E>f<U+2066>",
    );
    expect(terminalSafe("https://app.test/é ü 日本 ✓")).toBe("https://app.test/é ü 日本 ✓");
    for (let code = 0; code < 0x3000; code++) {
      const c = String.fromCharCode(code);
      expect(RAW.test(terminalSafe(`x${c}`)), `U+${code.toString(16)}`).toBe(false);
    }
  });
});
