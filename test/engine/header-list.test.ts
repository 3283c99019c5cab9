/** Header-list primitives: https://fetch.spec.whatwg.org/#concept-header-list */

import { describe, expect, it } from "vitest";
import {
  byteLength,
  byteLowercase,
  byteUppercase,
  extractHeaderListValues,
  firstInvalidListItem,
  getHeader,
  getHeaderLines,
  getHeaderListItems,
  getHeaderValues,
  hasHeader,
  headerListHas,
  isHttpToken,
  isPseudoHeader,
  trimHttpWhitespace,
} from "../../src/engine/fetch/header-list.js";
import type { HeaderLine } from "../../src/engine/types.js";

const h = (name: string, value: string): HeaderLine => ({ name, value });

describe("byte case", () => {
  it("lower- and upper-cases ASCII letters only", () => {
    expect(byteLowercase("Content-TYPE")).toBe("content-type");
    expect(byteLowercase("ÄÖÜ-X")).toBe("ÄÖÜ-x");
    expect(byteLowercase("İ")).toBe("İ");
    expect(byteUppercase("patch-ä")).toBe("PATCH-ä");
    expect(byteUppercase("ı")).toBe("ı");
  });
});

describe("trimHttpWhitespace", () => {
  it.each([
    ["  a b  ", "a b"],
    ["\t\r\na\t", "a"],
    ["", ""],
    [" \t ", ""],
    ["\u00a0a\u00a0", "\u00a0a\u00a0"],
    ["\u000ba\u000c", "\u000ba\u000c"],
  ])("%j -> %j", (input, output) => {
    expect(trimHttpWhitespace(input)).toBe(output);
  });
});

describe("getHeader and friends", () => {
  const headers = [
    h("Access-Control-Allow-Origin", " https://a.test "),
    h("content-type", "text/plain"),
    h("access-control-allow-origin", "https://b.test"),
    h("Vary", ""),
  ];

  it("combines repeated lines with ', ' in order, matching names case-insensitively", () => {
    expect(getHeader(headers, "ACCESS-CONTROL-ALLOW-ORIGIN")).toBe("https://a.test, https://b.test");
    expect(getHeaderValues(headers, "access-control-allow-origin")).toEqual(["https://a.test", "https://b.test"]);
  });

  it("returns null for an absent header and '' for an empty one", () => {
    expect(getHeader(headers, "Access-Control-Allow-Credentials")).toBeNull();
    expect(getHeader(headers, "vary")).toBe("");
    expect(getHeader([], "x")).toBeNull();
  });

  it("keeps recorded lines as they are", () => {
    expect(getHeaderLines(headers, "ACCESS-control-allow-origin")).toEqual([headers[0], headers[2]]);
    expect(hasHeader(headers, "Content-Type")).toBe(true);
    expect(hasHeader(headers, "Content-Length")).toBe(false);
  });
});

describe("isHttpToken", () => {
  it.each(["GET", "x-api-key", "*", "!#$%&'*+-.^_`|~09azAZ"])("%j is a token", (value) => {
    expect(isHttpToken(value)).toBe(true);
  });
  it.each(["", "a b", "a,b", "a;b", "a:b", '"a"', "a/b", "é", "a\tb", "(a)"])("%j is not", (value) => {
    expect(isHttpToken(value)).toBe(false);
  });
});

describe("extractHeaderListValues", () => {
  it("null when absent", () => {
    expect(extractHeaderListValues([], "Access-Control-Allow-Methods")).toBeNull();
  });
  it.each([
    ["GET, PUT", ["GET", "PUT"]],
    ["GET,PUT", ["GET", "PUT"]],
    ["  PUT  ", ["PUT"]],
    ["*", ["*"]],
    ["", []],
    ["a,,b", ["a", "b"]],
    [",a,", ["a"]],
  ])("%j -> %j", (value, expected) => {
    expect(extractHeaderListValues([h("Access-Control-Allow-Methods", value)], "access-control-allow-methods")).toEqual(
      expected,
    );
  });
  it.each(["GET PUT", "GET;PUT", "x-a x-b", "a, b c", '"GET"'])("%j -> failure", (value) => {
    expect(extractHeaderListValues([h("Access-Control-Allow-Headers", value)], "Access-Control-Allow-Headers")).toBe(
      "failure",
    );
  });
  it("combines repeated lines before splitting", () => {
    expect(
      extractHeaderListValues(
        [h("Access-Control-Allow-Headers", "x-a"), h("Access-Control-Allow-Headers", "x-b, x-c")],
        "Access-Control-Allow-Headers",
      ),
    ).toEqual(["x-a", "x-b", "x-c"]);
  });
  it("firstInvalidListItem names the offending item", () => {
    expect(firstInvalidListItem("GET, PUT DELETE, POST")).toBe("PUT DELETE");
    expect(firstInvalidListItem("GET, PUT")).toBeNull();
  });
});

describe("getHeaderListItems and headerListHas", () => {
  const acrh = [h("Access-Control-Request-Headers", "x-authorization-id, content-type")];

  it("splits every line of the header into trimmed, non-empty items without validating them", () => {
    const vary = [h("Vary", " Accept-Encoding,,\tOrigin "), h("vary", "Cookie, a b")];
    expect(getHeaderListItems(vary, "Vary")).toEqual(["Accept-Encoding", "Origin", "Cookie", "a b"]);
    expect(getHeaderListItems(vary, "Missing")).toEqual([]);
  });

  it("matches whole items byte-case-insensitively, never a substring", () => {
    expect(headerListHas(acrh, "access-control-request-headers", "Content-Type")).toBe(true);
    expect(headerListHas(acrh, "Access-Control-Request-Headers", "authorization")).toBe(false);
    expect(headerListHas([h("Vary", "*")], "Vary", "*")).toBe(true);
    expect(headerListHas([h("Vary", "ORIGIN")], "Vary", "origin")).toBe(true);
  });
});

describe("byteLength", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["\u00e9", 1],
    ["\u00ff", 1],
    ["\u0100", 2],
    ["\u20ac", 3],
    ["\u{1f600}", 4],
    ["a\u{1f600}b", 6],
  ])("%j -> %d", (value, bytes) => {
    expect(byteLength(value)).toBe(bytes);
  });
});

describe("isPseudoHeader", () => {
  it("recognizes HTTP/2 pseudo-headers", () => {
    for (const name of [":authority", ":method", ":path", ":scheme", ":status"])
      expect(isPseudoHeader(name)).toBe(true);
    expect(isPseudoHeader("authority")).toBe(false);
    expect(isPseudoHeader("")).toBe(false);
  });
});
