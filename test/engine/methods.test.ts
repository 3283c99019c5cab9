/** https://fetch.spec.whatwg.org/#methods */

import { describe, expect, it } from "vitest";
import {
  isCorsSafelistedMethod,
  isForbiddenMethod,
  isUnnormalizedCaseVariant,
  normalizeMethod,
} from "../../src/engine/fetch/methods.js";

describe("isCorsSafelistedMethod", () => {
  it.each(["GET", "HEAD", "POST"])("%s is safelisted", (method) => {
    expect(isCorsSafelistedMethod(method)).toBe(true);
  });
  it.each(["get", "Post", "head", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "", " GET"])(
    "%j is not (byte-exact)",
    (method) => {
      expect(isCorsSafelistedMethod(method)).toBe(false);
    },
  );
});

describe("isForbiddenMethod", () => {
  it.each(["CONNECT", "connect", "TRACE", "Trace", "TRACK", "track"])("%s is forbidden", (method) => {
    expect(isForbiddenMethod(method)).toBe(true);
  });
  it.each(["GET", "PUT", "OPTIONS", "CONNECTX", "TRAC"])("%s is not", (method) => {
    expect(isForbiddenMethod(method)).toBe(false);
  });
});

describe("normalizeMethod", () => {
  it.each([
    ["delete", "DELETE"],
    ["get", "GET"],
    ["Head", "HEAD"],
    ["options", "OPTIONS"],
    ["post", "POST"],
    ["pUt", "PUT"],
    ["GET", "GET"],
    ["patch", "patch"],
    ["Patch", "Patch"],
    ["PATCH", "PATCH"],
    ["propfind", "propfind"],
    ["connect", "connect"],
  ])("%s -> %s", (input, output) => {
    expect(normalizeMethod(input)).toBe(output);
  });
});

describe("isUnnormalizedCaseVariant", () => {
  it.each([
    ["patch", true],
    ["Patch", true],
    ["PATCH", false],
    ["delete", false],
    ["put", false],
    ["PUT", false],
    ["mkcol", true],
  ])("%s -> %s", (method, expected) => {
    expect(isUnnormalizedCaseVariant(method)).toBe(expected);
  });
});
