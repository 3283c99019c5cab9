/**
 * How Firefox's truth is read (lab/firefox-truth.ts), without a browser: the verdict from what the
 * page saw and the console lines, the key that names the failure, which scenarios Firefox cannot
 * run; and the committed file (test/fixtures/engines/firefox.json) covers the whole catalogue.
 */

import { describe, expect, it } from "vitest";
import { readEngineTruth } from "../../lab/engine-truth.js";
import type { FirefoxConsoleMessage } from "../../lab/firefox-browser.js";
import { firefoxCannotRun, firefoxConsoleKey, firefoxOutcome } from "../../lab/firefox-truth.js";
import { loadScenarios, type Scenario, scenarioById } from "../../lab/scenario.js";

const catalogue = loadScenarios();
const scenario = (id: string): Scenario => scenarioById(catalogue, id);
const line = (category: string | null, warning = false): FirefoxConsoleMessage => ({
  text: `Cross-Origin Request Blocked: … (${category})`,
  category,
  warning,
});
const didNotSucceed = line("CORSDidNotSucceed2");
const rejected = { ok: false, error: "TypeError: NetworkError when attempting to fetch resource." };

describe("Firefox's verdict", () => {
  it("a failure with a line naming a CORS check is blocked; the 'did not succeed' line after it changes nothing", () => {
    expect(firefoxOutcome(scenario("acao-missing"), rejected, [line("CORSMissingAllowOrigin2")], false)).toBe(
      "blocked",
    );
    expect(
      firefoxOutcome(
        scenario("preflight-acao-missing"),
        rejected,
        [line("CORSMissingAllowOrigin2"), didNotSucceed],
        false,
      ),
    ).toBe("blocked");
  });

  it("a failure with no line, or only 'CORS request did not succeed', is a network error", () => {
    expect(firefoxOutcome(scenario("network-connection-refused"), rejected, [didNotSucceed], false)).toBe(
      "network-error",
    );
    expect(firefoxOutcome(scenario("same-origin-mode-cross-origin"), rejected, [], false)).toBe("network-error");
  });

  it("a success is allowed, or not CORS for no-cors and same-origin requests; a warning does not block", () => {
    const warned = [line("CORSAllowHeaderFromPreflightDeprecation", true)];
    expect(firefoxOutcome(scenario("allowed-acah-wildcard-covers-authorization"), { ok: true }, warned, false)).toBe(
      "allowed",
    );
    expect(firefoxOutcome(scenario("no-cors-opaque"), { ok: true, type: "opaque" }, [], false)).toBe("not-cors");
    expect(firefoxOutcome(scenario("same-origin-get"), { ok: true, type: "basic" }, [], true)).toBe("not-cors");
  });

  it("the key is the line that names the check, else the first CORS line, else none", () => {
    expect(firefoxConsoleKey([line("CORSMethodNotFound"), didNotSucceed])).toBe("CORSMethodNotFound");
    expect(firefoxConsoleKey([didNotSucceed])).toBe("CORSDidNotSucceed2");
    expect(firefoxConsoleKey([line("CORSAllowHeaderFromPreflightDeprecation", true)])).toBe(
      "CORSAllowHeaderFromPreflightDeprecation",
    );
    expect(firefoxConsoleKey([line(null)])).toBeNull();
    expect(firefoxConsoleKey([])).toBeNull();
  });
});

describe("scenarios Firefox cannot run", () => {
  it("are the Local Network Access group, each with a reason", () => {
    const notRun = catalogue.filter((s) => firefoxCannotRun(s) !== null).map((s) => s.id);
    expect(notRun).toEqual(catalogue.filter((s) => s.group.startsWith("Local Network Access")).map((s) => s.id));
    expect(notRun).toHaveLength(9);
    expect(firefoxCannotRun(scenario("lna-permission-granted"))).toMatch(/Chromium/);
  });
});

describe("test/fixtures/engines/firefox.json", () => {
  const file = readEngineTruth("firefox");

  it("holds every lab scenario: recorded, or not run with the reason (npm run lab:record -- --engine firefox)", () => {
    expect(file?.engine).toBe("firefox");
    expect(Object.keys(file?.scenarios ?? {})).toEqual(catalogue.map((s) => s.id));
    for (const s of catalogue) {
      const truth = file?.scenarios[s.id];
      const reason = firefoxCannotRun(s);
      if (reason === null) expect(truth?.status, s.id).toBe("recorded");
      else expect(truth, s.id).toEqual({ status: "not-run", reason });
    }
  });
});
