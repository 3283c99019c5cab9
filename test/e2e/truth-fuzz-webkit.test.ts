/**
 * `npm run truth:fuzz -- --engine webkit` end to end: replayed lab scenarios run in Debian's
 * Chromium and in WebKitGTK's MiniBrowser: where WebKit preflights and Chromium does not (client-hint
 * headers WebKit does not safelist) the outcomes differ; where WebKit checks the preflight's status
 * before its Access-Control-Allow-Origin, both block for different reasons; each is reported with
 * WebKit's reason line and the lab scenario that already shows it (lab/fuzz/webkit-known.ts); exit 1
 * on a disagreement, 2 on bad input. And the CI batch: 30 scenarios of a fixed seed, where every
 * difference must be a known one. Suite `webkit-truth`.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { DIST_PATH, ensureBuilt, REPO_ROOT } from "../../lab/browser.js";
import { fuzzWebKit } from "../../lab/fuzz/webkit.js";
import { loadScenarios, scenarioById } from "../../lab/scenario.js";
import { describeNeeding } from "../system-deps.js";

const truthFuzz = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/truth-fuzz.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 240_000,
  });

describeNeeding("webkit-truth", "npm run truth:fuzz -- --engine webkit", () => {
  beforeAll(() => ensureBuilt(DIST_PATH));

  it("refuses an engine it does not know with exit status 2", () => {
    const run = truthFuzz(["--engine", "safari"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^truth:fuzz: --engine must be /);
  });

  it("reports where WebKit and Chromium disagree, as one JSON object", { timeout: 300_000 }, () => {
    const catalogue = loadScenarios();
    const dir = mkdtempSync(join(tmpdir(), "truth-fuzz-webkit-"));
    try {
      const file = join(dir, "replay.json");
      // Allowed in both; blocked in both for different reasons; allowed in Chromium only.
      const ids = ["preflight-404-without-cors", "allowed-preflight-200", "allowed-safelisted-total-1024"];
      writeFileSync(file, JSON.stringify(ids.map((id) => scenarioById(catalogue, id))));
      const run = truthFuzz(["--engine", "webkit", "--replay", file, "--json"]);
      expect(run.status, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ engine: "webkit", scenarios: 3, errors: [] });
      expect(report.disagreements).toHaveLength(2);
      expect(report.disagreements[0]).toMatchObject({
        kind: "blocked/PreflightMissingAllowOriginHeader vs webkit blocked (reason: PreflightInvalidStatus)",
        scenario: { id: "preflight-404-without-cors" },
        webkit: { outcome: "blocked", message: "Preflight response is not successful. Status code: 404" },
        known: "preflight-404-without-cors",
      });
      expect(report.disagreements[1]).toMatchObject({
        kind: "allowed/- vs webkit blocked",
        scenario: { id: "allowed-safelisted-total-1024" },
        chromium: { outcome: "allowed", corsError: null },
        webkit: { outcome: "blocked", message: "Preflight response is not successful. Status code: 404" },
        known: null,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("CI batch: 30 scenarios of seed 20261209, every difference a known one", { timeout: 600_000 }, async () => {
    const report = await fuzzWebKit({ seed: 20261209, count: 30, log: (m) => console.log(`truth:fuzz webkit: ${m}`) });
    expect(report.scenarios).toBe(30);
    expect(report.errors).toEqual([]);
    const unexplained = report.disagreements.filter((d) => d.known === null);
    expect(unexplained.map((d) => `${d.scenario.id}: ${d.kind}: ${d.webkit.message}`)).toEqual([]);
  });
});
