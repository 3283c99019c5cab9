/**
 * The README's "Where the browsers differ" table is generated from the engine's rules
 * (scripts/browser-table.ts) and each scenario it cites is a lab scenario the engines' recordings
 * hold: run by the engine a difference is about, not run where the answer is Local Network Access.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readEngineTruth } from "../../lab/engine-truth.js";
import { loadScenarios } from "../../lab/scenario.js";
import { README_PATH, withBrowserTable } from "../../scripts/browser-table.js";
import {
  BROWSER_DIFFERENCE_CODES,
  DIFFERENCE_RULES,
  FIREFOX_RULES,
  UNKNOWN_SCENARIOS,
  WEBKIT_RULES,
} from "../../src/engine/index.js";

const ids = new Set(loadScenarios().map((s) => s.id));

describe("the README's browser table", () => {
  it("is the one the rules generate (npm run readme:browsers)", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(withBrowserTable(readme)).toBe(readme);
  });

  it("cites only lab scenarios, each recorded by the engine its rule is about", () => {
    for (const code of BROWSER_DIFFERENCE_CODES) {
      const rule = DIFFERENCE_RULES[code];
      expect(rule.scenarios.length, code).toBeGreaterThan(0);
      for (const engine of rule.engines) {
        const truth = readEngineTruth(engine);
        for (const id of rule.scenarios) {
          expect(ids.has(id), `${code}: ${id}`).toBe(true);
          if (truth) expect(truth.scenarios[id]?.status, `${code}: ${engine} ran ${id}`).toBe("recorded");
        }
      }
    }
    for (const rules of [FIREFOX_RULES, WEBKIT_RULES]) {
      for (const [name, rule] of Object.entries(rules)) expect(ids.has(rule?.scenario ?? ""), name).toBe(true);
    }
  });

  it("says unknown for Local Network Access where neither engine could run the scenario", () => {
    for (const id of UNKNOWN_SCENARIOS.LOCAL_NETWORK_ACCESS_CHROMIUM_ONLY ?? []) {
      for (const engine of ["firefox", "webkit"] as const) {
        const truth = readEngineTruth(engine);
        if (truth) expect(truth.scenarios[id]?.status, `${engine} ${id}`).toBe("not-run");
      }
    }
  });
});
