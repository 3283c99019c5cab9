/**
 * Firefox truth drift: re-records every lab scenario in Firefox ESR (headless; into a temporary
 * directory, never over the committed file) and fails when Firefox's verdict or message keys for
 * any scenario differ from test/fixtures/engines/firefox.json, or a scenario is run (or not run)
 * where it was not before. Console texts hold ports and run tokens, so the keys stand for them.
 *
 * Skipped, with the reason printed, only where firefox-esr is not installed (suite
 * `firefox-truth` in scripts/system-deps.txt; under CI=true it fails instead).
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type EngineScenarioTruth, engineTruthPath, readEngineTruth } from "../../lab/engine-truth.js";
import { recordFirefoxTruth } from "../../lab/firefox-truth.js";
import { loadScenarios } from "../../lab/scenario.js";
import { describeNeeding } from "../system-deps.js";

/** What must not drift: run or not, and per request the outcome and the keys (repeats of one key collapsed). */
function comparable(truth: EngineScenarioTruth | undefined): string {
  if (!truth) return "(not recorded)";
  if (truth.status === "not-run") return "not-run";
  return truth.truth
    .map((t) => {
      const keys = (t.consoleKeys ?? []).filter((key, i, all) => key !== all[i - 1]);
      return `${t.method} ${t.outcome} key=${t.consoleKey ?? "none"} lines=[${keys.join(", ")}]`;
    })
    .join("; ");
}

describeNeeding("firefox-truth", "Firefox's truth (Firefox ESR, headless)", () => {
  let outDir = "";

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "cors-lab-firefox-drift-"));
  });

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("Firefox's verdicts and message keys still match test/fixtures/engines/firefox.json", {
    timeout: 600_000,
  }, async () => {
    const committed = readEngineTruth("firefox");
    expect(committed, "record it first: npm run lab:record -- --engine firefox").not.toBeNull();
    const scenarios = loadScenarios();
    const started = Date.now();
    const fresh = await recordFirefoxTruth({ scenarios, ports: "ephemeral" });
    writeFileSync(engineTruthPath("firefox", outDir), JSON.stringify(fresh, null, 2));
    console.log(
      `re-recorded ${scenarios.length} scenarios with Firefox ${fresh.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const diffs: string[] = [];
    for (const scenario of scenarios) {
      const before = comparable(committed?.scenarios[scenario.id]);
      const after = comparable(fresh.scenarios[scenario.id]);
      if (before !== after) diffs.push(`${scenario.id}\n    committed: ${before}\n    firefox:   ${after}`);
    }
    expect(
      diffs,
      `Firefox's truth drifted from test/fixtures/engines/firefox.json (Firefox ${committed?.version} then, ${fresh.version} now):\n${diffs.join("\n")}`,
    ).toEqual([]);
  });
});
