/**
 * Truth drift: re-records every lab scenario in real Chromium (into a temporary directory, never
 * over the committed fixtures) and fails when Chromium's verdict for any request (outcome,
 * CorsError, failedParameter) differs from test/fixtures/lab. Ports and run tokens differ between
 * recordings, so URLs and parameters are compared with them normalized.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DIST_PATH, ensureBuilt } from "../../lab/browser.js";
import { type Fixture, recordScenarios } from "../../lab/harness.js";
import { FIXTURE_DIR, type LabPorts, loadScenarios } from "../../lab/scenario.js";

interface Comparable {
  readonly request: string;
  readonly outcome: string;
  readonly corsError: string | null;
  readonly failedParameter: string | null;
}

/** Replaces the run token and the lab's port numbers with stable names. */
function normalizer(lab: { readonly ports: LabPorts; readonly token: string }): (text: string) => string {
  const ports = Object.entries(lab.ports).sort(([, a], [, b]) => String(b).length - String(a).length);
  return (text) => {
    let result = text.split(lab.token).join("<token>");
    for (const [role, port] of ports) result = result.replace(new RegExp(`:${port}(?![0-9])`, "g"), `:{${role}}`);
    return result;
  };
}

function comparable(fixture: Pick<Fixture, "truth" | "lab">): Comparable[] {
  const normalize = normalizer(fixture.lab);
  return fixture.truth.map((t) => ({
    request: `${t.method} ${normalize(t.url)}`,
    outcome: t.outcome,
    corsError: t.corsError,
    failedParameter: t.failedParameter === null ? null : normalize(t.failedParameter),
  }));
}

function show(item: Comparable | undefined): string {
  if (!item) return "(no request)";
  return `${item.outcome} corsError=${item.corsError ?? "null"} failedParameter=${JSON.stringify(item.failedParameter)}`;
}

let outDir = "";

beforeAll(() => {
  ensureBuilt(DIST_PATH);
  outDir = mkdtempSync(join(tmpdir(), "cors-lab-drift-"));
});

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

it("Chromium's verdicts still match the committed lab fixtures", { timeout: 900_000 }, async () => {
  const scenarios = loadScenarios();
  const result = await recordScenarios({ scenarios, outDir, ports: "ephemeral" });
  console.log(
    `re-recorded ${result.fixtures.length} scenarios with ${result.chromium} in ${(result.elapsedMs / 1000).toFixed(1)} s`,
  );
  for (const warning of result.warnings) console.log(`warning: ${warning}`);

  const diffs: string[] = [];
  for (const scenario of scenarios) {
    const path = join(FIXTURE_DIR, `${scenario.id}.json`);
    if (!existsSync(path)) {
      diffs.push(`${scenario.id}: no committed fixture (run npm run lab:record -- ${scenario.id})`);
      continue;
    }
    const committed = comparable(JSON.parse(readFileSync(path, "utf8")) as Fixture);
    const fresh = result.fixtures.find((f) => f.id === scenario.id);
    const now = fresh ? comparable(fresh) : [];
    for (let i = 0; i < Math.max(committed.length, now.length); i++) {
      const before = committed[i];
      const after = now[i];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      diffs.push(
        `${scenario.id} #${i} ${before?.request ?? after?.request ?? ""}\n` +
          `    committed: ${show(before)}\n` +
          `    chromium:  ${show(after)}${before && after && before.request !== after.request ? `\n    (now ${after.request})` : ""}`,
      );
    }
  }
  if (diffs.length > 0) console.log(`truth drift in ${diffs.length} request(s):\n${diffs.join("\n")}`);
  expect(diffs, `Chromium's verdicts drifted from test/fixtures/lab:\n${diffs.join("\n")}`).toEqual([]);
});
