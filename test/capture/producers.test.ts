/**
 * What is specific to each recorded HAR producer (scripts/record-*-har.ts); their per-exchange
 * expectations are checked by har-variants.test.ts. These pin down the differences the README's
 * producer table describes, so a re-recording that changes them fails here first.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  detectProducer,
  normalizeHarEntry,
  producerSniffer,
  RECORDS_PREFLIGHTS,
  readHar,
} from "../../src/capture/index.js";

interface Header {
  readonly name: string;
  readonly value: string;
}
interface RawEntry {
  readonly request: { readonly method: string; readonly url: string; readonly headers: readonly Header[] };
  readonly response: { readonly status: number; readonly headers: readonly Header[] } & Record<string, unknown>;
  readonly [key: string]: unknown;
}
interface RawLog {
  readonly creator?: { readonly name: string };
  readonly pages?: readonly { readonly title: string }[];
  readonly entries: readonly RawEntry[];
}

function load(name: string): RawLog {
  const document = JSON.parse(readFileSync(new URL(`../fixtures/har/${name}`, import.meta.url), "utf8")) as {
    log?: RawLog;
  } & RawLog;
  // getHAR() returns the bare log (chromium-156-sample.har, firefox-153-getHAR.har).
  return document.log ?? document;
}

const named = (headers: readonly Header[], name: string) => headers.some((h) => h.name.toLowerCase() === name);

describe("Chromium DevTools' Save all as HAR", () => {
  const sanitized = load("chromium-156-devtools-export.har");
  const sensitive = load("chromium-156-devtools-export-sensitive.har");

  it("has Chromium's fields and pages titled with their URL, like getHAR()", () => {
    for (const log of [sanitized, sensitive]) {
      expect(log.creator?.name).toBe("WebInspector");
      expect(log.pages?.map((p) => new URL(p.title).pathname)).toEqual(["/__lab/run", "/__lab/run"]);
      for (const entry of log.entries) {
        expect(entry).toHaveProperty("_resourceType");
        expect(entry).toHaveProperty("_initiator");
        expect(entry.response).toHaveProperty("_error");
      }
    }
  });

  it("sanitized, it leaves out Authorization and cookies; with sensitive data, it keeps them", () => {
    for (const entry of sanitized.entries) {
      for (const headers of [entry.request.headers, entry.response.headers]) {
        expect(named(headers, "authorization") || named(headers, "cookie") || named(headers, "set-cookie")).toBe(false);
      }
    }
    expect(sensitive.entries.filter((e) => named(e.request.headers, "authorization")).length).toBeGreaterThan(0);
  });
});

describe("Playwright recordHar", () => {
  const log = load("playwright-1.65-recordHar.har");

  it("records no preflight, and a blocked request as status -1 with _failureText", () => {
    expect(log.creator?.name).toBe("Playwright");
    expect(log.entries.filter((e) => e.request.method === "OPTIONS")).toEqual([]);
    const failed = log.entries.filter((e) => e.response.status === -1);
    expect(failed.length).toBeGreaterThan(3);
    for (const raw of failed) {
      expect(raw.response._failureText).toBe("net::ERR_FAILED");
      const entry = normalizeHarEntry(raw, 0);
      expect(entry.malformed).toEqual([]);
      expect(entry.status).toBe(0);
      expect(entry.outcome).toEqual({ state: "failed", errorText: "net::ERR_FAILED" });
      expect(entry.provisionalHeaders).toBe(true);
    }
  });

  it("leaves the outcome of a request that did not fail unknown (Playwright writes _failureText only on failure)", () => {
    const ok = log.entries.filter((e) => e.response.status > 0);
    for (const raw of ok) expect(normalizeHarEntry(raw, 0).outcome.state).toBe("unknown");
  });
});

describe("mitmproxy's HAR dump", () => {
  const log = load("mitmproxy-8.1-har_dump.har");

  it("has no pages and none of the browser's fields; every entry went over the wire in full", () => {
    expect(log.creator?.name).toBe("mitmproxy har_dump");
    expect(log.pages).toBeUndefined();
    for (const raw of log.entries) {
      expect(raw).not.toHaveProperty("_resourceType");
      expect(raw.response).not.toHaveProperty("_error");
      const entry = normalizeHarEntry(raw, 0);
      expect(entry.provisionalHeaders).toBe(false);
      expect(entry.outcome.state).toBe("unknown");
    }
  });

  it("has no entry for a request its preflight stopped: that exchange is the preflight's alone", () => {
    const result = readHar(log);
    if (!result.ok) throw new Error(result.message);
    const stopped = result.exchanges.filter((e) => !e.actualRecorded);
    expect(stopped.map((e) => e.preflightEntries[0]?.status)).toEqual([404, 204]);
  });
});

describe("producer detection (capture/producer.ts)", () => {
  const FIXTURES: ReadonlyArray<readonly [string, string]> = [
    ["chromium-156-sample.har", "chromium"],
    ["chromium-156-devtools-export.har", "chromium"],
    ["edge.har", "chromium"],
    ["old-chrome.har", "chromium"],
    ["firefox-153-getHAR.har", "firefox"],
    ["firefox.har", "firefox"],
    ["playwright-1.65-recordHar.har", "playwright"],
    ["safari-web-inspector.har", "safari"],
    ["mitmproxy-8.1-har_dump.har", "mitmproxy"],
    ["proxy-fetch-metadata.har", "proxy"],
  ];

  it.each(FIXTURES)("%s is %s, from its creator", (name, kind) => {
    const result = readHar(load(name));
    expect(result.ok && result.producer.kind).toBe(kind);
  });

  it.each(FIXTURES.filter(([, kind]) => ["chromium", "playwright", "safari"].includes(kind)))(
    "%s is %s from its entries' fields alone, without a creator",
    (name, kind) => {
      const { creator: _creator, ...log } = load(name);
      const result = readHar(log);
      expect(result.ok && result.producer.kind).toBe(kind);
    },
  );

  it("keeps what the log says: Playwright's browser, the creator's version", () => {
    const result = readHar(load("playwright-1.65-recordHar.har"));
    expect(result.ok && result.producer).toEqual({
      kind: "playwright",
      name: "Playwright",
      version: "1.65.2",
      browser: "chromium",
    });
  });

  it("an unknown creator and no telling fields is unknown (and treated as a capture that can hold preflights)", () => {
    const producer = detectProducer({ creator: { name: "Some Tool", version: "1" } }, [{ request: {}, response: {} }]);
    expect(producer.kind).toBe("unknown");
    expect(RECORDS_PREFLIGHTS.unknown).toBe(true);
  });

  it("read in parts, it is the same as read whole (the CLI's large files)", () => {
    for (const [name] of FIXTURES) {
      const log = load(name);
      const sniffer = producerSniffer();
      const half = Math.ceil(log.entries.length / 2);
      // The log's head (creator) comes with the first part only, as har-split.ts cuts it.
      sniffer.observe(
        { creator: { name: log.creator?.name ?? null, version: null }, browser: null },
        log.entries.slice(0, half),
      );
      sniffer.observe({ creator: { name: null, version: null } }, log.entries.slice(half));
      const whole = readHar(log);
      expect(sniffer.result().kind, name).toBe(whole.ok && whole.producer.kind);
    }
  });

  it("only Playwright's and Safari's captures never hold preflights; the recorded ones of the others do", () => {
    expect(
      Object.entries(RECORDS_PREFLIGHTS)
        .filter(([, records]) => !records)
        .map(([kind]) => kind),
    ).toEqual(["safari", "playwright"]);
    for (const name of ["chromium-156-devtools-export.har", "firefox-153-getHAR.har", "mitmproxy-8.1-har_dump.har"]) {
      expect(load(name).entries.filter((e) => e.request.method === "OPTIONS").length, name).toBeGreaterThan(0);
    }
  });
});
