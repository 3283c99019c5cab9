/**
 * `npm run lab:record -- --engine firefox [<id>...]`: records lab scenarios in Firefox ESR into
 * test/fixtures/engines/firefox.json (all scenarios by default; with ids, only those are replaced
 * and the rest of the file is kept).
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type EngineScenarioTruth, engineTruthPath, readEngineTruth } from "./engine-truth.js";
import { recordFirefoxTruth } from "./firefox-truth.js";
import type { Scenario } from "./scenario.js";

export async function recordFirefoxFile(all: readonly Scenario[], ids: readonly string[]): Promise<void> {
  const scenarios = ids.length > 0 ? all.filter((s) => ids.includes(s.id)) : all;
  const path = engineTruthPath("firefox");
  console.log(`recording ${scenarios.length} scenario(s) in Firefox into ${path}`);
  const started = Date.now();
  const recorded = await recordFirefoxTruth({ scenarios, log: (m) => console.log(`  ${m}`) });
  const previous = ids.length > 0 ? readEngineTruth("firefox") : null;
  // The catalogue's order; a partial recording keeps the other scenarios' previous truth.
  const merged: Record<string, EngineScenarioTruth> = {};
  for (const scenario of all) {
    const truth = recorded.scenarios[scenario.id] ?? previous?.scenarios[scenario.id];
    if (truth) merged[scenario.id] = truth;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...recorded, scenarios: merged }, null, 2)}\n`);
  const counts = new Map<string, number>();
  for (const truth of Object.values(recorded.scenarios)) {
    const key = truth.status === "not-run" ? "not-run" : (truth.truth[0]?.outcome ?? "no request");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  console.log(
    `recorded ${scenarios.length} scenario(s) with Firefox ${recorded.version} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      [...counts].map(([k, n]) => `${n} ${k}`).join(", "),
  );
}
