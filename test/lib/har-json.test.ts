/**
 * The library's functions against the CLI: diagnoseHar(har) is the value `har --json` prints
 * (both come from src/report/har-json.ts), for every HAR fixture, with and without --fix.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHar } from "../../src/cli/har-command.js";
import {
  CorsDoctorInputError,
  diagnoseExchange,
  diagnoseHar,
  generateFix,
  parseConsoleMessages,
} from "../../src/lib/index.js";

const HAR_DIR = join(import.meta.dirname, "../fixtures/har");
const SAMPLE = join(HAR_DIR, "chromium-156-sample.har");
const FIXTURES = readdirSync(HAR_DIR).filter((name) => name.endsWith(".har"));

/** What `cors-doctor har <path> --json [--fix <stack>]` prints, parsed. */
async function cliJson(path: string, fix?: "auto" | "express"): Promise<unknown> {
  const lines: string[] = [];
  const code = await runHar(path, { json: true, fix, threads: "1" }, (text) => lines.push(text));
  expect([0, 1]).toContain(code);
  return JSON.parse(lines.join("\n"));
}

describe("diagnoseHar is har --json", () => {
  it("has HAR fixtures to compare", () => {
    expect(FIXTURES.length).toBeGreaterThan(10);
  });

  it.each(FIXTURES)("%s", { timeout: 60_000 }, async (name) => {
    const path = join(HAR_DIR, name);
    const text = readFileSync(path, "utf8");
    expect(diagnoseHar(text)).toStrictEqual(await cliJson(path));
  });

  it.each(["auto", "express"] as const)("with --fix %s", { timeout: 60_000 }, async (stack) => {
    const fromLibrary = diagnoseHar(JSON.parse(readFileSync(SAMPLE, "utf8")), { fix: stack });
    expect(fromLibrary.fixes?.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(fromLibrary))).toStrictEqual(await cliJson(SAMPLE, stack));
  });
});

describe("the library's functions", () => {
  // getHAR()'s result: the log itself, without {"log": …} around it.
  const har = JSON.parse(readFileSync(SAMPLE, "utf8")) as { entries: { request: { url: string } }[] };
  const pfnoheaders = har.entries.filter((e) => e.request.url.endsWith("/pfnoheaders"));

  it("diagnoseHar names Chromium's error and the header the preflight did not allow", () => {
    const blocked = diagnoseHar(har).exchanges.find((x) => x.url.endsWith("/pfnoheaders"));
    expect(blocked).toMatchObject({
      verdict: "blocked",
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "authorization",
      leg: "preflight",
    });
  });

  it("diagnoseExchange takes one request's HAR entries (preflight and request)", () => {
    expect(pfnoheaders.length).toBe(2);
    const diagnosis = diagnoseExchange(pfnoheaders);
    expect(diagnosis.verdict).toBe("blocked");
    expect(diagnosis.corsError).toBe("HeaderDisallowedByPreflightResponse");
    expect(diagnosis.failedParameter).toBe("authorization");
  });

  it("generateFix allows the header on the named stack", () => {
    const fix = generateFix(pfnoheaders, "express");
    expect(fix?.stack).toBe("express");
    expect(fix?.fix?.snippet).toMatch(/authorization/i);
    expect(generateFix(pfnoheaders)?.neutral?.preflight?.length).toBeGreaterThan(0);
  });

  it("parseConsoleMessages reads Chrome's console line", () => {
    const [error] = parseConsoleMessages(
      "Access to fetch at 'https://api.example/orders' from origin 'https://app.example' has been blocked by CORS policy: Request header field x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.",
    );
    expect(error).toMatchObject({
      browser: "chrome",
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "x-request-id",
      preflight: true,
    });
  });

  it("bad input throws CorsDoctorInputError with one clear line", () => {
    expect(() => diagnoseHar("{ not json")).toThrow(CorsDoctorInputError);
    expect(() => diagnoseHar("{ not json")).toThrow(/^the HAR input is not JSON: /);
    expect(() => diagnoseHar({ entries: 1 })).toThrow(/the HAR input is not a HAR document/);
    expect(() => diagnoseExchange({} as never)).toThrow(/not an exchange/);
    expect(() => diagnoseExchange(har.entries)).toThrow(/exchanges, not one/);
  });
});
