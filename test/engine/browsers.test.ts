/**
 * The per-browser answers on the lab's recorded exchanges: each translation and each difference
 * rule produces what it says on the scenario it cites, Chrome's answer is the diagnosis itself, and
 * the answer is `unknown` (with its reason) wherever no recording shows what a browser does.
 */

import { describe, expect, it } from "vitest";
import { readEngineTruth } from "../../lab/engine-truth.js";
import {
  answerInBrowsers,
  BROWSER_DIFFERENCE_CODES,
  browsersDisagree,
  DIFFERENCE_RULES,
  FIREFOX_RULES,
  WEBKIT_RULES,
} from "../../src/engine/index.js";
import { recordedScenario } from "../fixes/plans.js";

function answers(id: string) {
  const { exchange, diagnosis } = recordedScenario(id);
  return { diagnosis, answers: answerInBrowsers(exchange, diagnosis) };
}

describe("Chrome's answer", () => {
  it("is the diagnosis: verdict, error and failed parameter", () => {
    const { diagnosis, answers: a } = answers("acao-trailing-slash");
    expect(a.chrome).toMatchObject({ verdict: diagnosis.verdict, differences: [], unknownReason: null });
    expect(a.chrome.failure).toMatchObject({
      engine: "chromium",
      corsError: "AllowOriginMismatch",
      param: "http://app.test:47811/",
    });
  });
});

describe("each translation on the scenario it cites", () => {
  it.each(Object.entries(FIREFOX_RULES))("Firefox, %s", (corsError, rule) => {
    const { diagnosis, answers: a } = answers(rule?.scenario ?? "");
    expect(diagnosis.corsError).toBe(corsError);
    expect(a.firefox.failure).toMatchObject({ engine: "firefox", key: rule?.key });
  });

  it.each(Object.entries(WEBKIT_RULES))("Safari, %s", (corsError, rule) => {
    const { diagnosis, answers: a } = answers(rule?.scenario ?? "");
    expect(diagnosis.corsError).toBe(corsError);
    expect(a.safari).toMatchObject({ verdict: "blocked", failure: { engine: "webkit", reason: rule?.reason } });
  });
});

describe("each difference on the scenarios it cites", () => {
  const cases = BROWSER_DIFFERENCE_CODES.flatMap((code) =>
    DIFFERENCE_RULES[code].engines.flatMap((engine) =>
      DIFFERENCE_RULES[code].scenarios.map((scenario) => ({ code, engine, scenario, rule: DIFFERENCE_RULES[code] })),
    ),
  );
  // same-origin-mode-cross-origin has no exchange to answer from (tested below).
  it.each(cases.filter((c) => c.scenario !== "same-origin-mode-cross-origin"))(
    "$code on $scenario ($engine)",
    ({ code, engine, scenario, rule }) => {
      const { answers: a } = answers(scenario);
      const answer = engine === "firefox" ? a.firefox : a.safari;
      expect(answer.differences.map((d) => d.code)).toContain(code);
      expect(answer.verdict !== a.chrome.verdict).toBe(rule.changesVerdict);
    },
  );

  it("Safari reports a preflight's status before its missing header", () => {
    const { answers: a } = answers("preflight-405-without-cors");
    expect(a.chrome.failure).toMatchObject({ corsError: "PreflightMissingAllowOriginHeader" });
    expect(a.safari.failure).toMatchObject({ reason: "preflight-not-successful", status: 405 });
    expect(a.firefox.failure).toMatchObject({ key: "CORSMissingAllowOrigin2", status: 405 });
  });

  it("Firefox quotes the whole Access-Control-Allow-Origin line it could not match", () => {
    const { answers: a } = answers("acao-comma-list");
    expect(a.firefox.failure).toMatchObject({
      key: "CORSAllowOriginNotMatchingOrigin",
      param: "http://app.test:47811, https://admin.app.test",
    });
  });
});

describe("unknown, with the reason", () => {
  it("when Chromium's own answer is unknown", () => {
    const { answers: a } = answers("allowed-text-plain-charset");
    expect(a.firefox).toMatchObject({ verdict: "unknown", unknownReason: "CHROMIUM_UNKNOWN" });
    expect(a.safari).toMatchObject({ verdict: "unknown", unknownReason: "CHROMIUM_UNKNOWN" });
  });

  it("for Local Network Access, which only Chromium has", () => {
    const { answers: a } = answers("lna-public-page-preflighted");
    expect(a.chrome.verdict).toBe("blocked");
    expect(a.firefox).toMatchObject({ verdict: "unknown", unknownReason: "LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY" });
    expect(a.safari).toMatchObject({ verdict: "unknown", unknownReason: "LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY" });
    expect(browsersDisagree(a)).toBe(true);
  });

  it("for a failure no recording covers, never a guessed block", () => {
    const { exchange, diagnosis } = recordedScenario("acao-missing");
    const a = answerInBrowsers(exchange, { ...diagnosis, corsError: "NoCorsRedirectModeNotFollow" });
    expect(a.firefox).toMatchObject({ verdict: "unknown", unknownReason: "NOT_RECORDED", failure: null });
    expect(a.safari).toMatchObject({ verdict: "unknown", unknownReason: "NOT_RECORDED", failure: null });
  });
});

describe("fetch() in mode same-origin to another origin", () => {
  it("is a network error in Firefox and WebKit, as both recorded (Chromium sends nothing, so no HAR shows it)", () => {
    for (const engine of ["firefox", "webkit"] as const) {
      const recorded = readEngineTruth(engine)?.scenarios["same-origin-mode-cross-origin"];
      if (recorded?.status === "recorded") expect(recorded.truth[0]?.outcome, engine).toBe("network-error");
    }
    const { exchange, diagnosis } = recordedScenario("acao-missing");
    const a = answerInBrowsers(exchange, { ...diagnosis, corsError: "DisallowedByMode" });
    for (const answer of [a.firefox, a.safari]) {
      expect(answer).toMatchObject({ verdict: "network-error", failure: null });
      expect(answer.differences.map((d) => d.code)).toEqual(["SAME_ORIGIN_MODE_IS_NETWORK_ERROR"]);
    }
  });
});

describe("agreement", () => {
  it.each(["allowed-preflight-200", "network-connection-refused", "no-cors-opaque"])(
    "%s: every browser alike",
    (id) => {
      const { answers: a } = answers(id);
      expect(browsersDisagree(a)).toBe(false);
      expect(a.firefox.failure).toBeNull();
      expect(a.safari.failure).toBeNull();
    },
  );
});
