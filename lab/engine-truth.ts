/**
 * Other engines' truth for the lab scenarios: what Firefox (ESR, headless) and WebKit (WebKitGTK's
 * MiniBrowser, Safari's engine) decided for each scenario, recorded from the engines themselves,
 * beside Chromium's CDP truth in test/fixtures/lab/<id>.json.
 *
 * One file per engine, test/fixtures/engines/<engine>.json, so each engine's recorder rewrites only
 * its own file. The outcome vocabulary is Chromium truth's (`Outcome`), so the three compare
 * directly; console lines are the engine's own text, verbatim.
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAB_DIR, type LabPorts, type Outcome, type Scenario } from "./scenario.js";

/** The engines CORS Doctor holds itself to. Chromium's truth lives in the lab fixtures themselves. */
export const OTHER_ENGINES = ["firefox", "webkit"] as const;
export type OtherEngine = (typeof OTHER_ENGINES)[number];

export const ENGINE_TRUTH_DIR = join(LAB_DIR, "..", "test", "fixtures", "engines");

/** One request a scenario made, as the engine decided it (not its preflight). */
export interface EngineTruthItem {
  /** The first URL of the request (before any redirect), with the run token, as in Chromium's truth. */
  readonly url: string;
  readonly method: string;
  readonly outcome: Outcome;
  /** Every console line the engine printed for this request, in order, verbatim. */
  readonly console: readonly string[];
  /** Firefox: the localized message's key (e.g. `CORSMissingAllowOrigin2`) where the engine gives it. */
  readonly consoleKey?: string | null;
  /** Firefox: each console line's key (its nsIScriptError category), parallel to `console`. */
  readonly consoleKeys?: readonly (string | null)[];
  /** How the recording differs from a plain browser where the lab's set-up shows through (WebKit's host proxy). */
  readonly note?: string;
}

export type EngineScenarioTruth =
  | { readonly status: "recorded"; readonly truth: readonly EngineTruthItem[] }
  /** The engine cannot run the scenario (e.g. Local Network Access is Chromium's alone): why. */
  | { readonly status: "not-run"; readonly reason: string };

export interface EngineTruthFile {
  readonly engine: OtherEngine;
  /** The browser's `navigator.userAgent` during the recording. */
  readonly userAgent: string;
  /** The browser's version, e.g. "153.8.0" (Firefox ESR) or "2.50.1" (WebKitGTK). */
  readonly version: string;
  readonly recordedAt: string;
  /** The lab's ports during the recording (URLs in the lines carry them), where the recorder says. */
  readonly labPorts?: LabPorts;
  readonly scenarios: Readonly<Record<string, EngineScenarioTruth>>;
}

export function engineTruthPath(engine: OtherEngine, dir: string = ENGINE_TRUTH_DIR): string {
  return join(dir, `${engine}.json`);
}

/** The committed truth of one engine, or null when it has not been recorded yet. */
export function readEngineTruth(engine: OtherEngine, dir: string = ENGINE_TRUTH_DIR): EngineTruthFile | null {
  const path = engineTruthPath(engine, dir);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as EngineTruthFile;
}

/**
 * What in a scenario only Chromium can set up, which no other engine can then run: Local Network
 * Access's `targetAddressSpace` (or a scenario of that group), or Chromium's own flags and
 * permissions. Null when any engine can run it. Each recorder words the reason its own way.
 */
export function chromiumOnlySetup(scenario: Scenario): "local-network-access" | "browser-setup" | null {
  if (scenario.request.targetAddressSpace !== undefined || scenario.group.startsWith("Local Network Access")) {
    return "local-network-access";
  }
  if ((scenario.browser?.args?.length ?? 0) > 0 || (scenario.browser?.permissions?.length ?? 0) > 0) {
    return "browser-setup";
  }
  return null;
}
