/**
 * The differential fuzzer's CI batch: a fixed seed's scenarios run in Debian's Chromium with the
 * built extension; the engine, reading each run's getHAR() entries, must agree with Chromium's
 * CDP verdict, except where a known engine bug (lab/fuzz/known.ts, kept as a lab scenario)
 * explains it. Also checks the command's contract: bad input exits 2 with a message, --json
 * prints one object.
 */

import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { DIST_PATH, ensureBuilt, REPO_ROOT } from "../../lab/browser.js";
import { generateScenarios } from "../../lab/fuzz/grammar.js";
import { knownBug } from "../../lab/fuzz/known.js";
import { fuzz } from "../../lab/fuzz/run.js";
import { loadScenarios, validateScenario } from "../../lab/scenario.js";

const SEED = 20261207;
const COUNT = 100;

beforeAll(() => ensureBuilt(DIST_PATH));

describe("truth:fuzz", () => {
  it("generates valid, deterministic, prefix-stable scenarios", () => {
    const a = generateScenarios(SEED, 50);
    expect(a.flatMap((s) => validateScenario(s))).toEqual([]);
    expect(generateScenarios(SEED, 50)).toEqual(a);
    expect(generateScenarios(SEED, 10)).toEqual(a.slice(0, 10));
    expect(JSON.stringify(generateScenarios(SEED + 1, 10))).not.toEqual(JSON.stringify(a.slice(0, 10)));
  });

  it("keeps every known engine bug as a lab scenario", async () => {
    const { KNOWN_BUGS } = await import("../../lab/fuzz/known.js");
    const ids = new Set(loadScenarios().map((s) => s.id));
    for (const bug of KNOWN_BUGS) expect(ids.has(bug.scenario), bug.scenario).toBe(true);
  });

  it("refuses bad input with exit status 2 and a message", () => {
    for (const args of [["--seed", "x"], ["--count", "0"], ["--bogus"], ["--replay", "/nonexistent.json"]]) {
      const run = spawnSync("npx", ["tsx", "scripts/truth-fuzz.ts", ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^truth:fuzz: /);
      expect(run.stdout).toBe("");
    }
  });

  it(`agrees with Chromium on ${COUNT} scenarios of seed ${SEED}`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    const report = await fuzz({ seed: SEED, count: COUNT, minimizeRuns: 0, log: (m) => console.log(m) });
    console.log(`${report.scenarios} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(report.scenarios).toBe(COUNT);
    const unexplained = report.disagreements.filter((d) => !knownBug(d.scenario, d.engine, d.chromium));
    expect(
      unexplained,
      `new disagreements (paste the scenario into lab/scenarios.json):\n${JSON.stringify(unexplained, null, 2)}`,
    ).toEqual([]);
  });
});
