/**
 * `npm run lab:record [-- <id>...]`: records lab scenarios in real Chromium into
 * test/fixtures/lab/<id>.json (all scenarios by default; fixtures of removed scenarios are deleted).
 * `npm run lab:record -- --engine firefox [<id>...]`: Firefox's truth instead (lab/record-firefox.ts).
 * `--engine webkit` records WebKit's truth instead (test/fixtures/engines/webkit.json).
 */

import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { recordScenarios } from "./harness.js";
import { recordFirefoxFile } from "./record-firefox.js";
import { expand, FIXTURE_DIR, loadScenarios, pageOrigin } from "./scenario.js";

const argv = process.argv.slice(2);
const engineAt = argv.indexOf("--engine");
const engine = engineAt === -1 ? "chromium" : argv[engineAt + 1];
// Scenario ids: every other argument but the engine's name.
const ids = argv.filter((a, i) => !a.startsWith("-") && (engineAt === -1 || i !== engineAt + 1));
if (engine === "webkit") {
  const { recordWebKitCli } = await import("./webkit/record-cli.js");
  process.exit(await recordWebKitCli(ids));
}
const all = loadScenarios();
const unknown = ids.filter((id) => !all.some((s) => s.id === id));
if (unknown.length > 0) {
  console.error(`unknown scenario id(s): ${unknown.join(", ")}`);
  process.exit(2);
}
if (engine === "firefox") {
  await recordFirefoxFile(all, ids);
  process.exit(0);
}
if (engine !== "chromium") {
  console.error(`unknown engine ${JSON.stringify(engine)} (chromium, firefox, webkit)`);
  process.exit(2);
}
const scenarios = ids.length > 0 ? all.filter((s) => ids.includes(s.id)) : all;

console.log(`recording ${scenarios.length} scenario(s) into ${FIXTURE_DIR}`);
const result = await recordScenarios({ scenarios, outDir: FIXTURE_DIR, log: (m) => console.log(`  ${m}`) });

if (ids.length === 0) {
  const known = new Set(all.map((s) => `${s.id}.json`));
  for (const file of readdirSync(FIXTURE_DIR)) {
    if (file.endsWith(".json") && !known.has(file)) {
      rmSync(join(FIXTURE_DIR, file));
      console.log(`  removed stale fixture ${file}`);
    }
  }
}

// Scenario expectations are the author's belief; the truth is what Chromium did. Say where they differ.
const surprises: string[] = [];
for (const fixture of result.fixtures) {
  const scenario = scenarios.find((s) => s.id === fixture.id);
  const expect = scenario?.expect;
  const truth = fixture.truth[0];
  if (!scenario || !expect) continue;
  const ports = fixture.lab.ports;
  const expectedParameter =
    expect.failedParameter === undefined || expect.failedParameter === null
      ? expect.failedParameter
      : expand(expect.failedParameter, ports, pageOrigin(scenario, ports));
  if (!truth) {
    surprises.push(`${fixture.id}: no request recorded`);
    continue;
  }
  const differs =
    truth.outcome !== expect.outcome ||
    (expect.corsError !== undefined && truth.corsError !== expect.corsError) ||
    (expectedParameter !== undefined && truth.failedParameter !== expectedParameter);
  if (differs) {
    surprises.push(
      `${fixture.id}: expected ${expect.outcome} ${expect.corsError ?? ""} ${expectedParameter ?? ""}, ` +
        `Chromium said ${truth.outcome} ${truth.corsError ?? ""} ${truth.failedParameter ?? ""} (${truth.errorText ?? "ok"})`,
    );
  }
}

console.log(
  `recorded ${result.fixtures.length} scenario(s) with ${result.chromium} in ${(result.elapsedMs / 1000).toFixed(1)} s`,
);
for (const warning of result.warnings) console.log(`warning: ${warning}`);
for (const surprise of surprises) console.log(`expectation differs: ${surprise}`);
