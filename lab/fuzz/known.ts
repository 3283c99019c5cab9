/**
 * Engine bugs the fuzzer has already found, each kept as a lab scenario (lab/expectations.json
 * marks it `disagrees`). The CI batch fails only on disagreements none of these explains; the
 * command itself still reports every disagreement.
 */

import type { Scenario } from "../scenario.js";
import type { Verdict } from "./judge.js";

export interface KnownBug {
  /** The lab scenario that keeps it (lab/scenarios.json). */
  readonly scenario: string;
  readonly summary: string;
  matches(scenario: Scenario, engine: Verdict | null, chromium: Verdict): boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    scenario: "fuzz-long-content-language-header-order",
    summary:
      "two or more unsafe headers missing from ACAH: Chromium names the first in its own header-map order, which no " +
      "capture records; the engine follows the provisional headers' order and lists every missing name",
    matches: (scenario, engine, chromium) =>
      (scenario.request.headers ?? []).length > 1 &&
      engine?.corsError === "HeaderDisallowedByPreflightResponse" &&
      chromium.corsError === "HeaderDisallowedByPreflightResponse" &&
      engine.failedParameter !== chromium.failedParameter,
  },
];

/** The known bug that explains a disagreement, if any. */
export function knownBug(scenario: Scenario, engine: Verdict | null, chromium: Verdict | object): KnownBug | undefined {
  if (!("verdict" in chromium)) return undefined;
  return KNOWN_BUGS.find((bug) => bug.matches(scenario, engine, chromium as Verdict));
}
