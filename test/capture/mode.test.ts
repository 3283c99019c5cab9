/**
 * The request's mode from the strongest evidence present (src/capture/mode.ts), one rule at a
 * time, and what the diagnosis makes of it: the evidence shown under a not-CORS verdict, and
 * `unknown` (never `blocked`) when nothing decides.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { actualSpec } from "../../src/curl/index.js";
import { diagnose } from "../../src/engine/index.js";
import { formatEvidence } from "../../src/explain/format.js";

type Pairs = readonly (readonly [string, string])[];

interface EntryShape {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Pairs;
  readonly status?: number;
  readonly responseHeaders?: Pairs;
  readonly httpVersion?: string;
  readonly resourceType?: string;
  readonly initiatorType?: string;
  readonly error?: string | null;
}

const lines = (pairs: Pairs) => pairs.map(([name, value]) => ({ name, value }));

function rawEntry(shape: EntryShape, at = 0): Record<string, unknown> {
  return {
    startedDateTime: new Date(Date.UTC(2026, 10, 30, 9, 0, 0, at)).toISOString(),
    request: {
      method: shape.method ?? "GET",
      url: shape.url ?? "https://api.example/data",
      httpVersion: shape.httpVersion ?? "HTTP/1.1",
      headers: lines(shape.headers),
    },
    response: {
      status: shape.status ?? 200,
      httpVersion: shape.httpVersion ?? "HTTP/1.1",
      headers: lines(shape.responseHeaders ?? [["Content-Type", "application/json"]]),
      redirectURL: "",
      ...(shape.error !== undefined ? { _error: shape.error } : {}),
    },
    ...(shape.resourceType ? { _resourceType: shape.resourceType } : {}),
    ...(shape.initiatorType ? { _initiator: { type: shape.initiatorType } } : {}),
  };
}

function only(entries: readonly Record<string, unknown>[], pages: unknown[] = []) {
  const result = readHar({ log: { pages, entries } });
  if (!result.ok) throw new Error(result.message);
  const captured = result.exchanges[0];
  if (!captured) throw new Error("no exchange");
  return { exchange: captured.exchange, diagnosis: diagnose(captured.exchange) };
}

const SENT: Pairs = [
  ["Host", "api.example"],
  ["Accept-Encoding", "gzip"],
];
const REFERER: Pairs = [["Referer", "https://app.example/"]];

describe("mode from the strongest evidence", () => {
  it("Chromium's _resourceType: document is a navigation", () => {
    const { exchange, diagnosis } = only([rawEntry({ headers: SENT, resourceType: "document" })]);
    expect(exchange.mode).toEqual({ value: "navigate", source: "resource-type", inferred: true });
    expect(diagnosis.verdict).toBe("not-cors");
  });

  it("Sec-Fetch-Mode is read even when the rest of the headers look provisional", () => {
    const { exchange, diagnosis } = only([
      rawEntry({
        url: "https://img.example/a.png",
        httpVersion: "",
        headers: [...REFERER, ["Sec-Fetch-Mode", "no-cors"], ["Sec-Fetch-Dest", "image"]],
      }),
    ]);
    expect(exchange.mode).toEqual({ value: "no-cors", source: "sec-fetch-mode", inferred: false });
    expect(diagnosis.verdict).toBe("not-cors");
    const finding = diagnosis.findings[0];
    expect(finding?.code).toBe("NOT_CORS_NO_CORS_MODE");
    expect(finding?.evidence.map(formatEvidence)).toEqual(["actual request  Sec-Fetch-Mode: no-cors"]);
  });

  it("Sec-Fetch-Dest alone: a document is a navigation, an image without Origin is no-cors", () => {
    expect(only([rawEntry({ headers: [...SENT, ["Sec-Fetch-Dest", "iframe"]] })]).exchange.mode?.value).toBe(
      "navigate",
    );
    const image = only([rawEntry({ headers: [...SENT, ...REFERER, ["Sec-Fetch-Dest", "image"]] })]);
    expect(image.exchange.mode).toMatchObject({ value: "no-cors", source: "sec-fetch-dest" });
  });

  it("a parser-initiated subresource without Origin is no-cors (_initiator)", () => {
    const { exchange } = only([rawEntry({ headers: [...SENT], initiatorType: "parser" })]);
    expect(exchange.mode).toMatchObject({ value: "no-cors", source: "initiator" });
  });

  it("a captured preflight makes it CORS", () => {
    const preflight = rawEntry(
      {
        method: "OPTIONS",
        headers: [...SENT, ["Origin", "https://app.example"], ["Access-Control-Request-Method", "PUT"]],
        status: 204,
        responseHeaders: [["Access-Control-Allow-Origin", "https://app.example"]],
      },
      0,
    );
    const blocked = rawEntry({ method: "PUT", headers: [["Authorization", "x"]], status: 0, responseHeaders: [] }, 5);
    const { exchange } = only([preflight, blocked]);
    expect(exchange.mode).toMatchObject({ value: "cors", source: "preflight" });
  });

  it.each([
    ["Upgrade-Insecure-Requests", [["Upgrade-Insecure-Requests", "1"]], "upgrade-insecure-requests"],
    ["Accept led by text/html", [["Accept", "text/html,application/xhtml+xml;q=0.9"]], "accept-html"],
  ] as const)("the shape of a navigation: %s", (_label, extra, source) => {
    const { exchange, diagnosis } = only([
      rawEntry({ method: "POST", headers: [...SENT, ["Origin", "https://app.example"], ...extra] }),
    ]);
    expect(exchange.mode).toMatchObject({ value: "navigate", source });
    expect(diagnosis.verdict).toBe("not-cors");
    expect(diagnosis.findings[0]?.evidence.length).toBe(1);
  });

  it("a form POST without Accept answered with HTML is a navigation", () => {
    const { exchange } = only([
      rawEntry({
        method: "POST",
        headers: [...SENT, ["Origin", "https://app.example"], ["Content-Type", "application/x-www-form-urlencoded"]],
        responseHeaders: [["Content-Type", "text/html; charset=utf-8"]],
      }),
    ]);
    expect(exchange.mode).toMatchObject({ value: "navigate", source: "form-html-answer" });
  });

  it("the HAR page's own document is a navigation", () => {
    const pages = [{ id: "page_1", title: "https://api.example/data" }];
    const { exchange } = only([{ ...rawEntry({ headers: SENT }), pageref: "page_1" }], pages);
    expect(exchange.mode).toMatchObject({ value: "navigate", source: "har-page" });
  });

  it("an image Accept without Origin is no-cors; with Origin, CORS", () => {
    const accept: Pairs = [["Accept", "image/avif,image/webp,*/*;q=0.8"]];
    expect(only([rawEntry({ headers: [...SENT, ...REFERER, ...accept] })]).exchange.mode?.value).toBe("no-cors");
    expect(
      only([rawEntry({ headers: [...SENT, ...accept, ["Origin", "https://app.example"]] })]).exchange.mode?.value,
    ).toBe("cors");
  });

  it("Origin on a GET, or on a POST with a non-form content type or a script's Accept, is CORS", () => {
    const origin: Pairs = [["Origin", "https://app.example"]];
    expect(only([rawEntry({ headers: [...SENT, ...origin] })]).exchange.mode?.value).toBe("cors");
    const json = only([
      rawEntry({ method: "POST", headers: [...SENT, ...origin, ["Content-Type", "application/json"]] }),
    ]);
    expect(json.exchange.mode?.value).toBe("cors");
    const accept = only([rawEntry({ method: "POST", headers: [...SENT, ...origin, ["Accept", "*/*"]] })]);
    expect(accept.exchange.mode?.value).toBe("cors");
  });

  it("a cross-origin request sent without Origin was not CORS", () => {
    const { exchange } = only([rawEntry({ headers: [...SENT, ...REFERER, ["Accept", "*/*"]] })]);
    expect(exchange.mode).toMatchObject({ value: "no-cors", source: "no-origin-header" });
  });
});

describe("other producers' fields", () => {
  it("a method only CORS allows decides the mode, even on provisional headers", () => {
    const { exchange } = only([
      rawEntry({
        method: "DELETE",
        httpVersion: "",
        headers: [["Authorization", "x"]],
        status: 0,
        responseHeaders: [],
      }),
    ]);
    expect(exchange.mode).toMatchObject({ value: "cors", source: "method" });
  });

  it("WebKit's words for a CORS failure are a CORS failure, not a network error", () => {
    const result = readHar({
      log: {
        entries: [
          rawEntry({
            headers: [...SENT, ["Origin", "https://app.example"]],
            status: 0,
            responseHeaders: [],
            error: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
          }),
          rawEntry(
            {
              url: "https://down.example/",
              headers: SENT,
              status: 0,
              responseHeaders: [],
              error: "The network connection was lost.",
            },
            5,
          ),
        ],
      },
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.entries[0]?.outcome).toEqual({
      state: "failed",
      errorText:
        "net::ERR_FAILED (Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200)",
    });
    expect(result.entries[1]?.outcome).toEqual({ state: "failed", errorText: "The network connection was lost." });
    const verdicts = result.exchanges.map((e) => diagnose(e.exchange).verdict);
    expect(verdicts).toEqual(["unknown", "network-error"]);
  });
});

describe("when nothing decides the mode", () => {
  const formPost = rawEntry({
    method: "POST",
    headers: [...SENT, ["Origin", "https://app.example"], ["Content-Type", "application/x-www-form-urlencoded"]],
  });

  it("failing headers give unknown with the reason, never blocked", () => {
    const { exchange, diagnosis } = only([formPost]);
    expect(exchange.mode).toBeNull();
    expect(exchange.modeUnknownReason).toMatch(/form submission/);
    expect(diagnosis.verdict).toBe("unknown");
    expect(diagnosis.unknownReasons).toEqual(["UNKNOWN_REQUEST_MODE"]);
  });

  it("passing headers are unknown too: not blocked, but only a CORS request lets the page read the answer", () => {
    const allowed = structuredClone(formPost) as { response: { headers: { name: string; value: string }[] } };
    allowed.response.headers.push({ name: "Access-Control-Allow-Origin", value: "*" });
    const { diagnosis } = only([allowed as Record<string, unknown>]);
    expect(diagnosis.verdict).toBe("unknown");
    expect(diagnosis.findings.find((f) => f.code === "UNKNOWN_REQUEST_MODE")?.args).toMatchObject({
      corsCheck: "passes",
    });
  });
});

describe("no 'never sent' without proof", () => {
  const har = JSON.parse(
    readFileSync(new URL("../fixtures/har/chromium-h2-blocked-400.har", import.meta.url), "utf8"),
  ) as unknown;

  it("an answered entry with empty httpVersion is sent: its headers are not provisional", () => {
    const result = readHar(har);
    if (!result.ok) throw new Error(result.message);
    expect(result.entries[0]?.provisionalHeaders).toBe(false);
    const hop = result.exchanges[0]?.exchange.hops[0];
    if (!hop) throw new Error("no hop");
    const spec = actualSpec(hop, "https://app.example");
    expect(spec.notes.join(" ")).not.toMatch(/never sent/);
  });

  it("an unanswered entry with empty httpVersion and only the page's headers was never sent", () => {
    const result = readHar({
      log: {
        entries: [rawEntry({ httpVersion: "", headers: [["Authorization", "x"]], status: 0, responseHeaders: [] })],
      },
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.entries[0]?.provisionalHeaders).toBe(true);
  });
});
