/**
 * WebKit truth drift: re-records every lab scenario in WebKitGTK's MiniBrowser (Safari's engine)
 * into a temporary directory, never over the committed file, and fails when WebKit's outcome or
 * its reason line (the `security` console line, else its first specific line) for any request
 * differs from test/fixtures/engines/webkit.json, or a scenario's run/not-run status changed.
 * Ports and run tokens differ between recordings, so URLs and lines are compared normalized.
 * Skipped, with the reason printed, where WebKitGTK or Xvfb is missing (suite `webkit-truth`).
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type EngineScenarioTruth, readEngineTruth } from "../../lab/engine-truth.js";
import { DEFAULT_PORTS, type LabPorts, loadScenarios } from "../../lab/scenario.js";
import { webkitReason } from "../../lab/webkit/compare.js";
import { recordWebKit } from "../../lab/webkit/recorder.js";
import { describeNeeding } from "../system-deps.js";

/** Replaces run tokens and the lab's port numbers with stable names. */
function normalizer(ports: LabPorts): (text: string) => string {
  const byLength = Object.entries(ports).sort(([, a], [, b]) => String(b).length - String(a).length);
  return (text) => {
    let result = text.replace(/([?&]lab=[\w-]+)\.[0-9a-f]{8}/g, "$1.<token>");
    for (const [role, port] of byLength) result = result.replace(new RegExp(`:${port}(?![0-9])`, "g"), `:{${role}}`);
    return result;
  };
}

function comparable(entry: EngineScenarioTruth | undefined, normalize: (text: string) => string): string[] {
  if (!entry) return ["(absent)"];
  if (entry.status === "not-run") return [`not-run: ${entry.reason}`];
  return entry.truth.map(
    (t) =>
      `${t.method} ${normalize(t.url)} → ${t.outcome}; ${normalize(webkitReason(t.console) ?? "(no console line)")}`,
  );
}

let outDir = "";

describeNeeding("webkit-truth", "WebKit's truth (WebKitGTK) against test/fixtures/engines/webkit.json", () => {
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "cors-lab-webkit-drift-"));
  });
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("WebKit's verdicts and reason lines still match the committed file", { timeout: 600_000 }, async () => {
    const committed = readEngineTruth("webkit");
    expect(committed, "no committed WebKit truth: npm run lab:record -- --engine webkit").not.toBeNull();
    if (!committed) return;
    const scenarios = loadScenarios();
    const { file, elapsedMs } = await recordWebKit(scenarios, { ports: "ephemeral" });
    writeFileSync(join(outDir, "webkit.json"), JSON.stringify(file, null, 2));
    console.log(`re-recorded ${scenarios.length} scenarios with WebKitGTK ${file.version} in ${elapsedMs} ms`);

    const before = normalizer(committed.labPorts ?? DEFAULT_PORTS);
    const after = normalizer(file.labPorts ?? DEFAULT_PORTS);
    const diffs: string[] = [];
    for (const scenario of scenarios) {
      const was = comparable(committed.scenarios[scenario.id], before);
      const now = comparable(file.scenarios[scenario.id], after);
      if (JSON.stringify(was) !== JSON.stringify(now)) {
        diffs.push(
          `${scenario.id}:\n    committed ${was.join("\n              ")}\n    now       ${now.join("\n              ")}`,
        );
      }
    }
    expect(
      diffs,
      `WebKit's truth drifted (re-record: npm run lab:record -- --engine webkit):\n${diffs.join("\n")}`,
    ).toEqual([]);
  });
});
