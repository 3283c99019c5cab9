/**
 * The checks on a CORS-preflight response (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
 * in Chromium's order (CheckPreflightAccess; cors-failures.md §3.8), and Access-Control-Max-Age
 * per browser (§3.9, §7.8).
 */

import { describe, expect, it } from "vitest";
import {
  checkPreflightResponse,
  DEFAULT_MAX_AGE,
  PREFLIGHT_CACHE_CAPS,
  type PreflightRequestFacts,
  parseMaxAge,
} from "../../src/engine/fetch/preflight.js";
import type { CredentialsMode } from "../../src/engine/types.js";

const ORIGIN = "https://app.test";
const PREFLIGHT_URL = "https://api.test/items/1";

interface Input {
  status?: number;
  headers?: Array<[string, string]>;
  redirectURL?: string | null;
  method?: string;
  unsafe?: string[];
  credentials?: CredentialsMode;
}

function run(input: Input) {
  const facts: PreflightRequestFacts = {
    serializedRequestOrigin: ORIGIN,
    credentialsMode: input.credentials ?? "omit",
    method: input.method ?? "PUT",
    unsafeHeaderNames: input.unsafe ?? [],
  };
  return checkPreflightResponse(
    {
      status: input.status ?? 204,
      headers: (input.headers ?? []).map(([name, value]) => ({ name, value })),
      url: PREFLIGHT_URL,
      redirectURL: input.redirectURL ?? null,
    },
    facts,
  );
}

const acao: [string, string] = ["Access-Control-Allow-Origin", ORIGIN];

describe("checkPreflightResponse: order of checks", () => {
  it("a redirect fails first, whatever the headers", () => {
    expect(
      run({
        status: 301,
        headers: [acao, ["Location", "https://api.test/items/1/"]],
        redirectURL: "https://api.test/items/1/",
      }),
    ).toMatchObject({ ok: false, corsError: "PreflightDisallowedRedirect", failedParameter: "", stage: "redirect" });
    expect(run({ status: 308, headers: [["Location", "/x"]] })).toMatchObject({ stage: "redirect" });
  });

  it("a 3xx without a Location is not a redirect: CORS check, then status", () => {
    expect(run({ status: 302, headers: [acao] })).toMatchObject({
      corsError: "PreflightInvalidStatus",
      stage: "status",
    });
    expect(run({ status: 302 })).toMatchObject({ corsError: "PreflightMissingAllowOriginHeader", stage: "access" });
  });

  it("the CORS check comes before the status: 404 without ACAO is a missing ACAO", () => {
    expect(run({ status: 404 })).toMatchObject({
      ok: false,
      corsError: "PreflightMissingAllowOriginHeader",
      stage: "access",
      accessError: "MissingAllowOriginHeader",
    });
  });

  it("404 with ACAO is PreflightInvalidStatus", () => {
    expect(run({ status: 404, headers: [acao] })).toMatchObject({
      corsError: "PreflightInvalidStatus",
      stage: "status",
    });
  });

  it.each([200, 204, 299])("%d is an ok status", (status) => {
    expect(run({ status, headers: [acao, ["Access-Control-Allow-Methods", "PUT"]] }).ok).toBe(true);
  });

  it.each([0, 199, 300, 304, 400, 401, 403, 405, 500, 503])("%d is not", (status) => {
    expect(run({ status, headers: [acao, ["Access-Control-Allow-Methods", "PUT"]] })).toMatchObject({
      corsError: "PreflightInvalidStatus",
    });
  });

  it("ACAM is parsed before ACAH, and both before the method check", () => {
    const bad = {
      status: 204,
      headers: [acao, ["Access-Control-Allow-Methods", "PUT DELETE"], ["Access-Control-Allow-Headers", "a b"]],
    };
    expect(run(bad as Input)).toMatchObject({
      corsError: "InvalidAllowMethodsPreflightResponse",
      stage: "methods-parse",
    });
    expect(run({ headers: [acao, ["Access-Control-Allow-Headers", "a b"]], method: "POST" })).toMatchObject({
      corsError: "InvalidAllowHeadersPreflightResponse",
      stage: "headers-parse",
    });
  });

  it("the method check comes before the header check", () => {
    expect(run({ headers: [acao], method: "DELETE", unsafe: ["x-a"] })).toMatchObject({
      corsError: "MethodDisallowedByPreflightResponse",
      failedParameter: "DELETE",
    });
  });
});

describe("checkPreflightResponse: Preflight* twins of the CORS check", () => {
  it.each([
    ["missing", [], "omit", "PreflightMissingAllowOriginHeader", ""],
    [
      "mismatch",
      [["Access-Control-Allow-Origin", "https://b.test"]],
      "omit",
      "PreflightAllowOriginMismatch",
      "https://b.test",
    ],
    [
      "invalid",
      [["Access-Control-Allow-Origin", "example.com"]],
      "omit",
      "PreflightInvalidAllowOriginValue",
      "example.com",
    ],
    [
      "multiple",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Origin", "*"],
      ],
      "omit",
      "PreflightMultipleAllowOriginValues",
      `${ORIGIN}, *`,
    ],
    [
      "wildcard with credentials",
      [["Access-Control-Allow-Origin", "*"]],
      "include",
      "PreflightWildcardOriginNotAllowed",
      "",
    ],
    ["ACAC missing", [["Access-Control-Allow-Origin", ORIGIN]], "include", "PreflightInvalidAllowCredentials", ""],
    [
      "ACAC 'True'",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Credentials", "True"],
      ],
      "include",
      "PreflightInvalidAllowCredentials",
      "True",
    ],
  ] as const)("%s -> %s", (_label, headers, credentials, corsError, failedParameter) => {
    const result = run({ headers: headers as unknown as Array<[string, string]>, credentials });
    expect(result).toMatchObject({ ok: false, corsError, failedParameter, stage: "access" });
  });
});

describe("checkPreflightResponse: methods", () => {
  it.each([
    ["listed", "PUT", [["Access-Control-Allow-Methods", "GET, PUT"]], "omit", true],
    ["absent ACAM, safelisted method", "POST", [], "omit", true],
    ["absent ACAM, GET", "GET", [], "include", true],
    ["absent ACAM", "PUT", [], "omit", false],
    ["* without credentials", "DELETE", [["Access-Control-Allow-Methods", "*"]], "omit", true],
    ["* with credentials is literal", "DELETE", [["Access-Control-Allow-Methods", "*"]], "include", false],
    ["case-sensitive: put vs PUT", "PUT", [["Access-Control-Allow-Methods", "put"]], "omit", false],
    ["case-sensitive: patch vs PATCH", "patch", [["Access-Control-Allow-Methods", "PATCH"]], "omit", false],
    ["exact lower-case", "patch", [["Access-Control-Allow-Methods", "patch"]], "omit", true],
    [
      "split over two lines",
      "DELETE",
      [
        ["Access-Control-Allow-Methods", "PUT"],
        ["Access-Control-Allow-Methods", "DELETE"],
      ],
      "omit",
      true,
    ],
  ] as const)("%s", (_label, method, headers, credentials, ok) => {
    const extra = credentials === "include" ? [["Access-Control-Allow-Credentials", "true"]] : [];
    const result = run({
      method,
      credentials,
      headers: [acao, ...(headers as unknown as Array<[string, string]>), ...(extra as Array<[string, string]>)],
    });
    expect(result.ok).toBe(ok);
    if (!ok)
      expect(result).toMatchObject({ corsError: "MethodDisallowedByPreflightResponse", failedParameter: method });
  });
});

describe("checkPreflightResponse: headers", () => {
  it("every unsafe name must be listed, case-insensitively", () => {
    expect(run({ method: "GET", unsafe: ["x-a"], headers: [acao, ["Access-Control-Allow-Headers", "X-A"]] }).ok).toBe(
      true,
    );
    expect(
      run({ method: "GET", unsafe: ["x-a", "x-b"], headers: [acao, ["Access-Control-Allow-Headers", "x-b"]] }),
    ).toMatchObject({
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "x-a",
    });
  });

  it("reports the first missing name in the order given (Chromium checks in request-header order, not sorted)", () => {
    expect(run({ method: "GET", unsafe: ["x-b", "authorization", "x-a"], headers: [acao] })).toMatchObject({
      failedParameter: "x-b",
    });
    expect(
      run({
        method: "GET",
        unsafe: ["x-b", "authorization", "x-a"],
        headers: [acao, ["Access-Control-Allow-Headers", "X-B"]],
      }),
    ).toMatchObject({ failedParameter: "authorization" });
  });

  it("* covers every name without credentials, and is a literal with credentials", () => {
    expect(
      run({
        method: "GET",
        unsafe: ["x-a"],
        headers: [
          ["Access-Control-Allow-Origin", "*"],
          ["Access-Control-Allow-Headers", "*"],
        ],
      }).ok,
    ).toBe(true);
    expect(
      run({
        method: "GET",
        credentials: "include",
        unsafe: ["x-a"],
        headers: [acao, ["Access-Control-Allow-Credentials", "true"], ["Access-Control-Allow-Headers", "*"]],
      }),
    ).toMatchObject({ corsError: "HeaderDisallowedByPreflightResponse", failedParameter: "x-a" });
  });

  it("Chromium lets * cover Authorization and the result says so", () => {
    const viaWildcard = run({
      method: "GET",
      unsafe: ["authorization"],
      headers: [acao, ["Access-Control-Allow-Headers", "*"]],
    });
    expect(viaWildcard).toMatchObject({ ok: true, authorizationCoveredByWildcardOnly: true });
    const listed = run({
      method: "GET",
      unsafe: ["authorization"],
      headers: [acao, ["Access-Control-Allow-Headers", "*, authorization"]],
    });
    expect(listed).toMatchObject({ ok: true, authorizationCoveredByWildcardOnly: false });
  });

  it("returns the parsed lists and max-age on success", () => {
    const result = run({
      headers: [
        acao,
        ["Access-Control-Allow-Methods", "PUT, DELETE"],
        ["Access-Control-Allow-Headers", "X-A"],
        ["Access-Control-Max-Age", "600"],
      ],
      unsafe: ["x-a"],
    });
    expect(result).toMatchObject({
      ok: true,
      methods: ["PUT", "DELETE"],
      headerNames: ["X-A"],
      maxAge: { requested: 600 },
    });
  });
});

describe("parseMaxAge", () => {
  it("caps are Chromium 7200, Firefox 86400, Safari 600; the default is 5", () => {
    expect(PREFLIGHT_CACHE_CAPS).toEqual({ chromium: 7200, firefox: 86400, safari: 600 });
    expect(DEFAULT_MAX_AGE).toBe(5);
  });

  it.each([
    ["absent", [], null, null, { chromium: 5, firefox: 5, safari: 5 }],
    ["0", ["0"], "0", 0, { chromium: 0, firefox: 0, safari: 0 }],
    ["5", ["5"], "5", 5, { chromium: 5, firefox: 5, safari: 5 }],
    ["600", ["600"], "600", 600, { chromium: 600, firefox: 600, safari: 600 }],
    ["601", ["601"], "601", 601, { chromium: 601, firefox: 601, safari: 600 }],
    ["7200", ["7200"], "7200", 7200, { chromium: 7200, firefox: 7200, safari: 600 }],
    ["7201", ["7201"], "7201", 7201, { chromium: 7200, firefox: 7201, safari: 600 }],
    ["86400", ["86400"], "86400", 86400, { chromium: 7200, firefox: 86400, safari: 600 }],
    ["100000", ["100000"], "100000", 100000, { chromium: 7200, firefox: 86400, safari: 600 }],
  ] as const)("%s", (_label, values, raw, requested, effective) => {
    expect(parseMaxAge(values)).toEqual({ raw, requested, effective });
  });

  it("negative: Chromium 0 (not cached), Firefox not cached", () => {
    const result = parseMaxAge(["-1"]);
    expect(result.requested).toBeNull();
    expect(result.effective.chromium).toBe(0);
    expect(result.effective.firefox).toBe(0);
  });

  it.each([["abc"], ["1.5"], ["10s"], [""]])("unparsable %j: Chromium 5, Firefox not cached, Safari 5", (value) => {
    const result = parseMaxAge([value]);
    expect(result.requested).toBeNull();
    expect(result.effective).toEqual({ chromium: 5, firefox: 0, safari: 5 });
  });

  it("two header lines combine into an unparsable value", () => {
    expect(parseMaxAge(["10", "20"])).toMatchObject({ raw: "10, 20", requested: null, effective: { chromium: 5 } });
  });
});
