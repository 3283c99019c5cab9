/**
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header and
 * https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names, from data tables.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isCorsUnsafeRequestHeaderByte,
  isForbiddenRequestHeader,
  parseSingleRangeHeaderValue,
  scriptSettableHeaders,
} from "../../src/engine/fetch/safelist.js";
import type { HeaderLine } from "../../src/engine/types.js";

interface Row {
  readonly name: string;
  readonly value: string;
  readonly safelisted: boolean;
  readonly rule?: string;
  readonly note?: string;
}

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/safelist/${name}`, import.meta.url), "utf8"));

const rows = (fixture("request-headers.json") as { rows: Row[] }).rows;
const wpt = fixture("not-cors-safelisted.json") as [string, string][];

const printable = (value: string): string =>
  value.length > 40 ? `${JSON.stringify(value.slice(0, 24))}… (${value.length})` : JSON.stringify(value);

const h = (name: string, value: string): HeaderLine => ({ name, value });

describe("isCorsSafelistedRequestHeader: request-headers.json", () => {
  it("has rows for every rule", () => {
    const rules = new Set(rows.map((r) => r.rule).filter((r) => r !== undefined));
    expect([...rules].sort()).toEqual(
      [
        "content-type-essence",
        "content-type-unparsable",
        "language-byte",
        "name",
        "range-syntax",
        "unsafe-byte",
        "value-too-long",
      ].sort(),
    );
  });

  it.each(rows.map((r) => [`${r.name}: ${printable(r.value)}${r.note ? ` (${r.note})` : ""}`, r] as const))(
    "%s",
    (_label, row) => {
      const result = isCorsSafelistedRequestHeader(row.name, row.value);
      expect(result.safelisted).toBe(row.safelisted);
      if (!result.safelisted && row.rule !== undefined) expect(result.rule).toBe(row.rule);
    },
  );
});

describe("isCorsSafelistedRequestHeader: WPT fetch/api/cors/resources/not-cors-safelisted.json", () => {
  it("vendors all 13 pairs", () => {
    expect(wpt).toHaveLength(13);
  });
  it.each(wpt.map(([name, value]) => [`${name}: ${printable(value)}`, name, value] as const))(
    "%s is not safelisted",
    (_label, name, value) => {
      expect(isCorsSafelistedRequestHeader(name, value).safelisted).toBe(false);
      expect(corsUnsafeRequestHeaderNames([h(name, value)]).names).toEqual([name]);
    },
  );
});

describe("isCorsUnsafeRequestHeaderByte", () => {
  it("matches the spec's byte set exactly over 0x00-0xFF", () => {
    const unsafe: number[] = [];
    for (let c = 0; c <= 0xff; c++) if (isCorsUnsafeRequestHeaderByte(c)) unsafe.push(c);
    const expected = [
      ...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => c !== 0x09),
      ...[...'"():<>?@[\\]{}'].map((ch) => ch.charCodeAt(0)),
      0x7f,
    ].sort((a, b) => a - b);
    expect(unsafe).toEqual(expected);
  });
});

describe("parseSingleRangeHeaderValue", () => {
  it.each([
    ["bytes=0-", [0, null]],
    ["bytes=0-499", [0, 499]],
    ["bytes=-500", [null, 500]],
    ["bytes=500-100", null],
    ["bytes = 0-", null],
    ["bytes=0-1,2-3", null],
    ["bytes=-", null],
  ] as const)("%s", (value, expected) => {
    expect(parseSingleRangeHeaderValue(value)).toEqual(expected);
  });
});

describe("corsUnsafeRequestHeaderNames", () => {
  it("is empty for no headers and for safelisted headers", () => {
    expect(corsUnsafeRequestHeaderNames([]).names).toEqual([]);
    expect(
      corsUnsafeRequestHeaderNames([
        h("Accept", "application/json"),
        h("Accept-Language", "en"),
        h("Content-Type", "text/plain"),
        h("Range", "bytes=0-"),
      ]),
    ).toEqual({ names: [], triggers: [] });
  });

  it("lower-cases, de-duplicates and sorts the names", () => {
    const result = corsUnsafeRequestHeaderNames([
      h("X-Zeta", "1"),
      h("x-alpha", "1"),
      h("X-ALPHA", "2"),
      h("Content-Type", "application/json"),
      h("Accept", "*/*"),
    ]);
    expect(result.names).toEqual(["content-type", "x-alpha", "x-zeta"]);
  });

  it("names the rule behind each trigger", () => {
    const result = corsUnsafeRequestHeaderNames([h("X-Api-Key", "k"), h("Content-Type", "application/json")]);
    expect(result.triggers).toEqual([
      { kind: "header-name", name: "x-api-key" },
      { kind: "header-value", name: "content-type", value: "application/json", rule: "content-type-essence" },
    ]);
  });

  it("keeps the first failing value of a repeated name", () => {
    const result = corsUnsafeRequestHeaderNames([h("Accept", "a\u0001"), h("Accept", "b\u0002")]);
    expect(result.names).toEqual(["accept"]);
    expect(result.triggers).toHaveLength(1);
  });

  it("1024 bytes of safelisted values in total is still fine", () => {
    const headers = Array.from({ length: 8 }, () => h("Accept", "a".repeat(128)));
    expect(corsUnsafeRequestHeaderNames(headers).names).toEqual([]);
  });

  it("more than 1024 bytes of safelisted values makes the safelisted names unsafe too", () => {
    const headers = [
      ...Array.from({ length: 8 }, () => h("Accept", "a".repeat(128))),
      h("Content-Language", "e"),
      h("X-Custom", "1"),
    ];
    const result = corsUnsafeRequestHeaderNames(headers);
    expect(result.names).toEqual(["accept", "content-language", "x-custom"]);
    expect(result.triggers).toContainEqual({
      kind: "total-length",
      totalBytes: 1025,
      names: ["accept", "content-language"],
    });
  });

  it("unsafe values do not count toward the 1024-byte total", () => {
    const headers = [
      ...Array.from({ length: 7 }, () => h("Accept", "a".repeat(128))),
      h("Accept", `${"a".repeat(127)}"`),
      h("Accept-Language", "en"),
    ];
    // 7 * 128 + 2 = 898 safelisted bytes; the 128-byte value with '"' is unsafe on its own.
    expect(corsUnsafeRequestHeaderNames(headers).names).toEqual(["accept"]);
    expect(corsUnsafeRequestHeaderNames(headers).triggers.some((t) => t.kind === "total-length")).toBe(false);
  });
});

describe("isForbiddenRequestHeader", () => {
  it.each([
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Host",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
    "Proxy-Authorization",
    "proxy-anything",
    "Sec-Fetch-Mode",
    "sec-ch-ua",
  ])("%s is forbidden", (name) => {
    expect(isForbiddenRequestHeader(name, "x")).toBe(true);
  });

  it.each(["Authorization", "X-Requested-With", "Content-Type", "Accept", "Range", "Last-Event-ID", "Cache-Control"])(
    "%s is not forbidden",
    (name) => {
      expect(isForbiddenRequestHeader(name, "x")).toBe(false);
    },
  );

  it("X-HTTP-Method-Override is forbidden only with a forbidden method value", () => {
    expect(isForbiddenRequestHeader("X-HTTP-Method-Override", "TRACE")).toBe(true);
    expect(isForbiddenRequestHeader("X-HTTP-Method", "connect")).toBe(true);
    expect(isForbiddenRequestHeader("X-Method-Override", "GET, track")).toBe(true);
    expect(isForbiddenRequestHeader("X-HTTP-Method-Override", "PATCH")).toBe(false);
  });
});

describe("scriptSettableHeaders", () => {
  it("drops forbidden, pseudo and browser-added headers, keeps what a script could set", () => {
    const headers = [
      h(":authority", "api.test"),
      h(":method", "GET"),
      h("Cookie", "a=1"),
      h("Origin", "https://app.test"),
      h("Referer", "https://app.test/"),
      h("Host", "api.test"),
      h("Sec-Fetch-Mode", "cors"),
      h("User-Agent", "UA"),
      h("Cache-Control", "no-cache"),
      h("Pragma", "no-cache"),
      h("Authorization", "Bearer t"),
      h("X-Api-Key", "k"),
      h("Content-Type", "application/json"),
    ];
    expect(scriptSettableHeaders(headers).map((x) => x.name)).toEqual(["Authorization", "X-Api-Key", "Content-Type"]);
  });

  it("so forbidden headers never become CORS-unsafe names", () => {
    const headers = [h("Cookie", "a=1"), h("Origin", "https://app.test"), h("Accept-Encoding", "gzip"), h("X-A", "1")];
    expect(corsUnsafeRequestHeaderNames(scriptSettableHeaders(headers)).names).toEqual(["x-a"]);
  });
});
