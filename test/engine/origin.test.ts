/**
 * Origins: serialization, near-miss comparison, Local Network Access address spaces, and the
 * redirect-taint rule (https://fetch.spec.whatwg.org/#concept-request-tainted-origin).
 */

import { describe, expect, it } from "vitest";
import {
  addressSpaceOf,
  diffOrigins,
  isLessPublic,
  isSameOrigin,
  serializeOriginOf,
  urlIsSameOriginWith,
} from "../../src/engine/fetch/origin.js";
import { checkRedirectLocation, hasRedirectTaintedOrigin } from "../../src/engine/fetch/redirect.js";
import type { NearMissKind } from "../../src/engine/types.js";

describe("serializeOriginOf", () => {
  it.each([
    ["https://app.test/path?q#f", "https://app.test"],
    ["https://App.Test:443/", "https://app.test"],
    ["http://app.test:80/", "http://app.test"],
    ["http://app.test:8080/", "http://app.test:8080"],
    ["http://[::1]:3000/", "http://[::1]:3000"],
    ["https://user:pw@app.test/", "https://app.test"],
    ["file:///tmp/x", "null"],
    ["data:text/plain,x", "null"],
    ["not a url", null],
  ])("%s -> %s", (url, origin) => {
    expect(serializeOriginOf(url)).toBe(origin);
  });

  it("same origin is exact tuple equality; 'null' is never same origin", () => {
    expect(isSameOrigin("https://a.test", "https://a.test")).toBe(true);
    expect(isSameOrigin("null", "null")).toBe(false);
    expect(urlIsSameOriginWith("https://a.test:443/x", "https://a.test")).toBe(true);
    expect(urlIsSameOriginWith("http://a.test/x", "https://a.test")).toBe(false);
    expect(urlIsSameOriginWith("file:///x", "null")).toBe(false);
  });
});

describe("diffOrigins: near-miss kinds", () => {
  const cases: Array<[string, string, string, NearMissKind[]]> = [
    ["trailing slash", "https://app.test", "https://app.test/", ["trailing-slash"]],
    ["path", "https://app.test", "https://app.test/app", ["path"]],
    ["query", "https://app.test", "https://app.test/?x=1", ["path"]],
    ["scheme", "https://app.test", "http://app.test", ["scheme"]],
    ["port", "https://app.test", "https://app.test:8443", ["port"]],
    ["port on localhost", "http://localhost:5173", "http://localhost:3000", ["port"]],
    ["explicit default port", "https://app.test", "https://app.test:443", ["port"]],
    ["www added", "https://app.test", "https://www.app.test", ["www"]],
    ["www dropped", "https://www.app.test", "https://app.test", ["www"]],
    ["case", "https://app.test", "https://APP.test", ["case"]],
    ["loopback alias", "http://localhost:3000", "http://127.0.0.1:3000", ["loopback-alias"]],
    ["loopback alias, other port", "http://localhost:3000", "http://127.0.0.1:8080", ["loopback-alias", "port"]],
    ["sibling subdomain", "https://staging.app.test", "https://app.test", ["subdomain"]],
    ["missing scheme", "https://app.test", "app.test", ["missing-scheme"]],
    ["unrelated origin", "https://app.test", "https://other.test", []],
  ];
  it.each(cases)("%s", (_label, expected, actual, kinds) => {
    expect([...diffOrigins(expected, actual).nearMiss].sort()).toEqual([...kinds].sort());
  });

  it("identical strings are no near miss", () => {
    expect(diffOrigins("https://app.test", "https://app.test").nearMiss).toEqual([]);
  });

  it("splits the strings into common prefix, differing middles and common suffix", () => {
    expect(diffOrigins("https://app.test", "http://app.test")).toMatchObject({
      prefix: "http",
      expectedMiddle: "s",
      actualMiddle: "",
      suffix: "://app.test",
    });
    expect(diffOrigins("http://localhost:3000", "http://localhost:8080")).toMatchObject({
      prefix: "http://localhost:",
      expectedMiddle: "300",
      actualMiddle: "808",
      suffix: "0",
    });
    const d = diffOrigins("https://app.test", "https://app.test/");
    expect(d.prefix + d.expectedMiddle + d.suffix).toBe(d.expected);
    expect(d.prefix + d.actualMiddle + d.suffix).toBe(d.actual);
  });

  it("never overlaps prefix and suffix", () => {
    for (const [a, b] of [
      ["aaa", "aaaa"],
      ["https://a.test", "https://a.test.a.test"],
      ["", "x"],
      ["x", ""],
    ] as const) {
      const d = diffOrigins(a, b);
      expect(d.prefix + d.expectedMiddle + d.suffix).toBe(a);
      expect(d.prefix + d.actualMiddle + d.suffix).toBe(b);
    }
  });
});

describe("addressSpaceOf (https://wicg.github.io/local-network-access/#ip-address-space)", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["0.0.0.0", "loopback"],
    ["198.18.0.1", "loopback"],
    ["198.19.255.255", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "loopback"],
    ["localhost", "loopback"],
    ["LOCALHOST", "loopback"],
    ["api.localhost", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["10.0.0.1", "local"],
    ["100.64.0.1", "local"],
    ["100.127.255.255", "local"],
    ["172.16.0.1", "local"],
    ["172.31.255.255", "local"],
    ["192.168.1.1", "local"],
    ["169.254.1.1", "local"],
    ["0.1.2.3", "local"],
    ["fc00::1", "local"],
    ["fd12:3456::1", "local"],
    ["fe80::1", "local"],
    ["fec0::1", "local"],
    ["[fd00::1]", "local"],
    ["2001:db8::1", "local"],
    ["3fff::1", "local"],
    ["::ffff:192.168.0.1", "local"],
    ["printer.local", "local"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["198.20.0.1", "public"],
    ["2606:4700::1111", "public"],
    ["example.com", "public"],
    ["localhost.example.com", "public"],
    ["256.1.1.1", "public"],
  ])("%s -> %s", (host, space) => {
    expect(addressSpaceOf(host)).toBe(space);
  });

  it("orders loopback < local < public", () => {
    expect(isLessPublic("loopback", "public")).toBe(true);
    expect(isLessPublic("local", "public")).toBe(true);
    expect(isLessPublic("loopback", "local")).toBe(true);
    expect(isLessPublic("local", "loopback")).toBe(false);
    expect(isLessPublic("public", "public")).toBe(false);
  });
});

describe("redirect taint", () => {
  const page = "https://app.test";
  it.each([
    ["no redirect", ["https://api.test/a"], false],
    ["same foreign origin", ["https://api.test/a", "https://api.test/b"], false],
    ["page origin to a foreign one", ["https://app.test/a", "https://api.test/b"], false],
    ["foreign to another foreign origin", ["https://api.test/a", "https://cdn.test/b"], true],
    ["foreign back to the page origin", ["https://api.test/a", "https://app.test/b"], true],
    ["stays tainted", ["https://api.test/a", "https://cdn.test/b", "https://cdn.test/c"], true],
  ] as const)("%s", (_label, urls, tainted) => {
    expect(hasRedirectTaintedOrigin(page, urls)).toBe(tainted);
  });
});

describe("checkRedirectLocation", () => {
  const base = "https://api.test/old";
  it("accepts a plain cross-origin Location", () => {
    expect(checkRedirectLocation("https://cdn.test/new", base, "cors", "https://app.test", false, true)).toBeNull();
  });
  it("rejects userinfo in a cross-origin Location", () => {
    expect(checkRedirectLocation("https://u:p@cdn.test/new", base, "cors", "https://app.test", false, true)).toEqual({
      kind: "credentials",
      location: "https://u:p@cdn.test/new",
    });
  });
  it("rejects userinfo even towards the request origin when tainting is cors (step 10)", () => {
    expect(checkRedirectLocation("https://u@app.test/x", base, "cors", "https://app.test", false, true)?.kind).toBe(
      "credentials",
    );
  });
  it("rejects non-HTTP(S) schemes and unparsable Locations", () => {
    expect(checkRedirectLocation("ftp://files.test/x", base, "cors", "https://app.test", false, true)?.kind).toBe(
      "non-http-scheme",
    );
    expect(checkRedirectLocation("http://[bad", base, "cors", "https://app.test", false, true)?.kind).toBe(
      "unparsable",
    );
  });
  it("resolves a relative Location against the response URL", () => {
    expect(checkRedirectLocation("/new", base, "cors", "https://app.test", false, true)).toBeNull();
  });
});
