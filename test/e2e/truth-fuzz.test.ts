/**
 * The differential fuzzer's CI batch: a fixed seed's scenarios run in Debian's Chromium with the
 * built extension; the engine, reading each run's getHAR() entries, must agree with Chromium's
 * CDP verdict, except where a known engine bug (lab/fuzz/known.ts, kept as a lab scenario)
 * explains it. Also the command's contract end to end: --replay, --json (one object on stdout),
 * exit 1 on a disagreement, exit 2 on bad input. (The grammar, minimizer and judge have unit
 * tests in test/lab/fuzz.test.ts.)
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DIST_PATH, ensureBuilt, REPO_ROOT } from "../../lab/browser.js";
import { knownBug } from "../../lab/fuzz/known.js";
import { fuzz } from "../../lab/fuzz/run.js";
import { loadScenarios, scenarioById } from "../../lab/scenario.js";

const SEED = 20261207;
/** The CI batch: 100 scenarios, about a minute on a quiet 2-core machine (see lab/README.md). */
const COUNT = 100;

const truthFuzz = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/truth-fuzz.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 240_000,
  });

beforeAll(() => ensureBuilt(DIST_PATH));

describe("npm run truth:fuzz", () => {
  it("refuses bad input with exit status 2 and a message", () => {
    const run = truthFuzz(["--count", "zero"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^truth:fuzz: --count must be a whole number/);
    expect(run.stdout).toBe("");
  });

  it("replays scenarios and prints one JSON object; a disagreement exits 1", { timeout: 300_000 }, () => {
    const catalogue = loadScenarios();
    const dir = mkdtempSync(join(tmpdir(), "truth-fuzz-"));
    try {
      const file = join(dir, "replay.json");
      // The credentials one agrees through the alternative the engine states; the engine's
      // unknown on redirect-mode-error counts as a disagreement under --strict.
      const ids = ["acao-missing", "fuzz-preflight-credentials-before-method", "redirect-mode-error"];
      writeFileSync(file, JSON.stringify(ids.map((id) => scenarioById(catalogue, id))));
      const run = truthFuzz(["--replay", file, "--json", "--strict", "--minimize-runs", "0"]);
      expect(run.status, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(Object.keys(report)).toEqual(["seed", "scenarios", "disagreements"]);
      expect(report.scenarios).toBe(3);
      expect(report.disagreements).toHaveLength(1);
      expect(report.disagreements[0]).toMatchObject({
        scenario: { id: "redirect-mode-error" },
        engine: { verdict: "unknown", corsError: null },
        chromium: { verdict: "network-error", corsError: null },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`agrees with Chromium on ${COUNT} scenarios of seed ${SEED}, known engine bugs aside`, {
    timeout: 900_000,
  }, async () => {
    const started = Date.now();
    const report = await fuzz({ seed: SEED, count: COUNT, minimizeRuns: 0, log: (m) => console.log(m) });
    console.log(`${report.scenarios} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(report.scenarios).toBe(COUNT);
    const unexplained = report.disagreements.filter((d) => !knownBug(d.scenario, d.engine, d.chromium));
    expect(
      unexplained,
      `new disagreements (paste each scenario into lab/scenarios.json):\n${JSON.stringify(unexplained, null, 2)}`,
    ).toEqual([]);
  });
});
