/**
 * The Firefox console reader held to Firefox itself: every line Firefox ESR printed for the lab
 * scenarios (test/fixtures/engines/firefox.json, `npm run lab:record -- --engine firefox`) must be
 * read as one Firefox CORS message, with the key Firefox gave it (its nsIScriptError category),
 * the run's URL, the status it printed, and, for the line that names the failure, the CorsError
 * Chromium's truth has for the same scenario, except where Firefox really decides otherwise
 * (listed below, each checked to still differ).
 */

import { describe, expect, it } from "vitest";
import { chromiumTruth } from "../../lab/engine-differences.js";
import { type EngineTruthItem, readEngineTruth } from "../../lab/engine-truth.js";
import { FIREFOX_KEYS, type ParsedConsoleError, parseConsoleMessages } from "../../src/console/index.js";

/** Scenarios where Firefox's naming line means another failure than Chromium's, and why. */
const FIREFOX_NAMES_ANOTHER_FAILURE: Readonly<Record<string, string>> = {
  "preflight-308-trailing-slash":
    "Firefox checks the 308 preflight response's Access-Control-Allow-Origin before it refuses the redirect",
};

/** Scenarios where Firefox names another value than Chromium's failedParameter, and why. */
const FIREFOX_NAMES_ANOTHER_VALUE: Readonly<Record<string, string>> = {
  "header-order-not-sorted": "Firefox checks the request's headers in sorted order, Chromium in its header-map order",
  "header-order-not-sorted-xhr": "as header-order-not-sorted",
  "header-safelisted-total-over-1024": "as header-order-not-sorted: the first unlisted header differs",
};

const file = readEngineTruth("firefox");

interface Line {
  readonly id: string;
  readonly item: EngineTruthItem;
  readonly index: number;
  readonly text: string;
  readonly key: string | null;
}

const recorded = Object.entries(file?.scenarios ?? {}).flatMap(([id, truth]) =>
  truth.status === "recorded" ? truth.truth.map((item) => ({ id, item })) : [],
);
const lines: Line[] = recorded.flatMap(({ id, item }) =>
  item.console.map((text, index) => ({ id, item, index, text, key: item.consoleKeys?.[index] ?? null })),
);

const tokenOf = (url: string) => new URL(url).searchParams.get("lab") ?? "";
const means = (parsed: ParsedConsoleError) =>
  parsed.candidates.length > 0 ? parsed.candidates : parsed.corsError ? [parsed.corsError] : [];

function parseOne(line: Line): ParsedConsoleError {
  const parsed = parseConsoleMessages(line.text);
  expect(parsed, `${line.id}: ${line.text}`).toHaveLength(1);
  return parsed[0] as ParsedConsoleError;
}

describe("Firefox's own console lines (test/fixtures/engines/firefox.json)", () => {
  it("are recorded, every line with its key", () => {
    expect(file, "record it: npm run lab:record -- --engine firefox").not.toBeNull();
    expect(recorded.length).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(100);
    for (const { id, item } of recorded) expect(item.consoleKeys, id).toHaveLength(item.console.length);
    // Every key Firefox printed is one the reader knows.
    expect(FIREFOX_KEYS).toEqual(expect.arrayContaining([...new Set(lines.map((l) => l.key))]));
  });

  it("each line is read as one Firefox CORS message with Firefox's key, the run's URL and its status", () => {
    for (const line of lines) {
      const parsed = parseOne(line);
      const where = `${line.id} line ${line.index}: ${line.text}`;
      expect(parsed.browser, where).toBe("firefox");
      expect(parsed.firefoxKey, where).toBe(line.key);
      // The URL Firefox names may be a later hop; every hop carries the run's token.
      expect(parsed.url && tokenOf(parsed.url), where).toBe(tokenOf(line.item.url));
      const status = /Status code: (\d{3})\.$/.exec(line.text)?.[1];
      expect(parsed.status, where).toBe(status === undefined ? null : Number(status));
    }
  });

  it("lines that are not a CORS check failing mean what Firefox says", () => {
    for (const line of lines) {
      const parsed = parseOne(line);
      if (line.key === "CORSDidNotSucceed2") expect(parsed.code, line.text).toBe("NETWORK_ERROR_OTHER");
      if (line.key === "CORSAllowHeaderFromPreflightDeprecation") {
        expect(parsed.code, line.text).toBe("AUTHORIZATION_COVERED_BY_WILDCARD_ONLY");
        // A warning: the request went through.
        expect(line.item.outcome, line.id).toBe("allowed");
      }
    }
  });

  it("the line that names a block means the CorsError Chromium has for the scenario", () => {
    let compared = 0;
    for (const { id, item } of recorded) {
      const chromium = chromiumTruth(id)[0];
      if (item.outcome !== "blocked" || chromium?.outcome !== "blocked" || !chromium.corsError) continue;
      const naming = lines.find((l) => l.item === item && l.key === item.consoleKey);
      expect(naming, `${id}: no line with key ${item.consoleKey}`).toBeDefined();
      if (!naming) continue;
      const parsed = parseOne(naming);
      const where = `${id}: ${naming.text}`;
      compared++;
      if (FIREFOX_NAMES_ANOTHER_FAILURE[id]) {
        expect(means(parsed), `${where} (listed as a difference: it must still differ)`).not.toContain(
          chromium.corsError,
        );
        continue;
      }
      expect(means(parsed), where).toContain(chromium.corsError);
      if (chromium.failedParameter && parsed.failedParameter !== null) {
        if (FIREFOX_NAMES_ANOTHER_VALUE[id]) expect(parsed.failedParameter, where).not.toBe(chromium.failedParameter);
        else expect(parsed.failedParameter, where).toBe(chromium.failedParameter);
      }
    }
    expect(compared).toBeGreaterThan(70);
  });

  it("a request's lines pasted together are one failure per CORS line, the 'did not succeed' companion joined", () => {
    for (const { id, item } of recorded) {
      if (item.console.length === 0) continue;
      const parsed = parseConsoleMessages(item.console.join("\n"));
      const keys = item.consoleKeys ?? [];
      const named = keys.filter((key) => key !== "CORSDidNotSucceed2");
      const where = `${id}:\n${item.console.join("\n")}`;
      expect(
        parsed.map((p) => p.firefoxKey),
        where,
      ).toEqual(named.length > 0 ? named : [keys[0]]);
      expect(parsed.map((p) => p.text).join("\n"), where).toBe(item.console.join("\n"));
    }
  });

  it("lists only scenarios Firefox recorded", () => {
    for (const id of [...Object.keys(FIREFOX_NAMES_ANOTHER_FAILURE), ...Object.keys(FIREFOX_NAMES_ANOTHER_VALUE)]) {
      expect(file?.scenarios[id]?.status, id).toBe("recorded");
    }
  });
});
