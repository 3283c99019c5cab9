/**
 * https://fetch.spec.whatwg.org/#concept-cors-check with Chromium's split of the failure
 * (CheckAccess, cors.cc; cors-failures.md §3.8).
 */

import { describe, expect, it } from "vitest";
import { corsCheck, isOkStatus, isRedirectStatus } from "../../src/engine/fetch/cors-check.js";
import type { CredentialsMode, HeaderLine } from "../../src/engine/types.js";

const ORIGIN = "https://app.test";
const API_URL = "https://api.test/data";

function check(headers: Array<[string, string]>, credentials: CredentialsMode = "omit", origin = ORIGIN) {
  const lines: HeaderLine[] = headers.map(([name, value]) => ({ name, value }));
  return corsCheck(lines, API_URL, origin, credentials);
}

describe("corsCheck: success", () => {
  it.each([
    ["* without credentials", [["Access-Control-Allow-Origin", "*"]], "omit", true],
    ["* with same-origin credentials", [["Access-Control-Allow-Origin", "*"]], "same-origin", true],
    ["exact origin", [["Access-Control-Allow-Origin", ORIGIN]], "omit", false],
    ["exact origin, lower-case header name", [["access-control-allow-origin", ORIGIN]], "omit", false],
    [
      "exact origin + ACAC true with credentials",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Credentials", "true"],
      ],
      "include",
      false,
    ],
    [
      "exact origin without ACAC, credentials not included",
      [["Access-Control-Allow-Origin", ORIGIN]],
      "same-origin",
      false,
    ],
  ] as const)("%s", (_label, headers, credentials, wildcard) => {
    const result = check(headers as unknown as Array<[string, string]>, credentials);
    expect(result).toMatchObject({ ok: true, wildcard });
  });
});

describe("corsCheck: Chromium's errors and failedParameter", () => {
  it.each([
    ["ACAO absent", [], "omit", "MissingAllowOriginHeader", ""],
    [
      "ACAO absent with credentials",
      [["Access-Control-Allow-Credentials", "true"]],
      "include",
      "MissingAllowOriginHeader",
      "",
    ],
    ["* with credentials", [["Access-Control-Allow-Origin", "*"]], "include", "WildcardOriginNotAllowed", ""],
    [
      "* with credentials and ACAC true",
      [
        ["Access-Control-Allow-Origin", "*"],
        ["Access-Control-Allow-Credentials", "true"],
      ],
      "include",
      "WildcardOriginNotAllowed",
      "",
    ],
    [
      "two ACAO lines",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Origin", ORIGIN],
      ],
      "omit",
      "MultipleAllowOriginValues",
      `${ORIGIN}, ${ORIGIN}`,
    ],
    [
      "comma list",
      [["Access-Control-Allow-Origin", `${ORIGIN},https://b.test`]],
      "omit",
      "MultipleAllowOriginValues",
      `${ORIGIN},https://b.test`,
    ],
    [
      "space list",
      [["Access-Control-Allow-Origin", `${ORIGIN} https://b.test`]],
      "omit",
      "MultipleAllowOriginValues",
      `${ORIGIN} https://b.test`,
    ],
    ["'null'", [["Access-Control-Allow-Origin", "null"]], "omit", "AllowOriginMismatch", "null"],
    ["empty", [["Access-Control-Allow-Origin", ""]], "omit", "InvalidAllowOriginValue", ""],
    ["bare host", [["Access-Control-Allow-Origin", "example.com"]], "omit", "InvalidAllowOriginValue", "example.com"],
    ["trailing slash", [["Access-Control-Allow-Origin", `${ORIGIN}/`]], "omit", "AllowOriginMismatch", `${ORIGIN}/`],
    [
      "other scheme",
      [["Access-Control-Allow-Origin", "http://app.test"]],
      "omit",
      "AllowOriginMismatch",
      "http://app.test",
    ],
    [
      "upper case",
      [["Access-Control-Allow-Origin", "HTTPS://APP.TEST"]],
      "omit",
      "AllowOriginMismatch",
      "HTTPS://APP.TEST",
    ],
    [
      "other origin",
      [["Access-Control-Allow-Origin", "https://b.test"]],
      "include",
      "AllowOriginMismatch",
      "https://b.test",
    ],
    ["ACAC absent", [["Access-Control-Allow-Origin", ORIGIN]], "include", "InvalidAllowCredentials", ""],
    [
      "ACAC 'True'",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Credentials", "True"],
      ],
      "include",
      "InvalidAllowCredentials",
      "True",
    ],
    [
      "ACAC 'false'",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Credentials", "false"],
      ],
      "include",
      "InvalidAllowCredentials",
      "false",
    ],
  ] as const)("%s -> %s", (_label, headers, credentials, error, failedParameter) => {
    const result = check(headers as unknown as Array<[string, string]>, credentials);
    expect(result).toMatchObject({ ok: false, error, failedParameter });
  });

  it("ACAO 'null' matches a redirect-tainted ('null') request origin", () => {
    expect(check([["Access-Control-Allow-Origin", "null"]], "include", "null")).toMatchObject({
      ok: false,
      error: "InvalidAllowCredentials",
    });
    expect(
      check(
        [
          ["Access-Control-Allow-Origin", "null"],
          ["Access-Control-Allow-Credentials", "true"],
        ],
        "include",
        "null",
      ),
    ).toMatchObject({ ok: true });
  });

  it("reports the ACAO and ACAC values it saw", () => {
    const result = check(
      [
        ["Access-Control-Allow-Origin", " https://b.test "],
        ["Access-Control-Allow-Credentials", "true"],
      ],
      "include",
    );
    expect(result).toMatchObject({ ok: false, allowOrigin: "https://b.test", allowCredentials: "true" });
  });
});

describe("status helpers", () => {
  it("ok status is 200-299", () => {
    expect([199, 200, 204, 299, 300, 0, 404].map(isOkStatus)).toEqual([false, true, true, true, false, false, false]);
  });
  it("redirect statuses are 301, 302, 303, 307, 308", () => {
    const redirects = Array.from({ length: 12 }, (_, i) => 300 + i).filter(isRedirectStatus);
    expect(redirects).toEqual([301, 302, 303, 307, 308]);
  });
});
