/**
 * Differences between WebKit and Chromium that the fuzzer has already found, each shown by a lab
 * scenario (test/fixtures/engines/webkit.json beside test/fixtures/lab). They are WebKit's design,
 * not bugs of either engine; the CI batch fails only on a difference none of these explains.
 */

import type { Scenario } from "../scenario.js";
import { safariReads } from "../webkit/compare.js";

export interface KnownWebKitDifference {
  /** The lab scenario that shows it. */
  readonly scenario: string;
  readonly summary: string;
  matches(scenario: Scenario, chromiumCorsError: string | null, webkitLines: readonly string[]): boolean;
}

const isOk = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

export const KNOWN_WEBKIT_DIFFERENCES: readonly KnownWebKitDifference[] = [
  {
    scenario: "preflight-404-without-cors",
    summary:
      "WebKit checks a preflight's status before its Access-Control-* headers: a non-2xx preflight is " +
      "'Preflight response is not successful' in WebKit, a header error in Chromium",
    matches: (scenario, chromiumCorsError, webkitLines) => {
      const reads = safariReads(webkitLines);
      return (
        chromiumCorsError?.startsWith("Preflight") === true &&
        !reads.includes(chromiumCorsError) &&
        !isOk(scenario.routes[0]?.preflight?.status) &&
        reads.length > 0 &&
        reads.every((name) => name === "PreflightInvalidStatus" || name === "PreflightDisallowedRedirect")
      );
    },
  },
];

export function knownWebKitDifference(
  scenario: Scenario,
  chromiumCorsError: string | null,
  webkitLines: readonly string[],
): KnownWebKitDifference | undefined {
  return KNOWN_WEBKIT_DIFFERENCES.find((d) => d.matches(scenario, chromiumCorsError, webkitLines));
}
