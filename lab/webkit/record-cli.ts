/**
 * `npm run lab:record -- --engine webkit [<id>...]`: records WebKit's truth (WebKitGTK's MiniBrowser,
 * Safari's engine) for the lab scenarios into test/fixtures/engines/webkit.json. With ids, only
 * those scenarios are recorded again and the rest of the committed file is kept.
 */

import { writeFileSync } from "node:fs";
import { type EngineTruthFile, engineTruthPath, readEngineTruth } from "../engine-truth.js";
import { loadScenarios } from "../scenario.js";
import { webkitAvailable } from "./browser.js";
import { recordWebKit } from "./recorder.js";

export async function recordWebKitCli(ids: readonly string[]): Promise<number> {
  if (!webkitAvailable()) {
    console.error(
      "WebKitGTK is missing: apt-get install libwebkit2gtk-4.1-0 xvfb xauth (suite webkit-truth in scripts/system-deps.txt)",
    );
    return 2;
  }
  const all = loadScenarios();
  const unknown = ids.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length > 0) {
    console.error(`unknown scenario id(s): ${unknown.join(", ")}`);
    return 2;
  }
  const scenarios = ids.length > 0 ? all.filter((s) => ids.includes(s.id)) : all;
  const path = engineTruthPath("webkit");
  console.log(`recording ${scenarios.length} scenario(s) in WebKit into ${path}`);
  const { file, elapsedMs } = await recordWebKit(scenarios, { log: (m) => console.log(`  ${m}`) });
  const previous = ids.length > 0 ? readEngineTruth("webkit") : null;
  // In catalogue order; a partial recording keeps the other scenarios' committed truth.
  const merged: EngineTruthFile = {
    ...file,
    scenarios: Object.fromEntries(
      all.flatMap((s) => {
        const truth = file.scenarios[s.id] ?? previous?.scenarios[s.id];
        return truth ? [[s.id, truth]] : [];
      }),
    ),
  };
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(
    `recorded ${scenarios.length} scenario(s) with WebKitGTK ${file.version} in ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  return 0;
}
