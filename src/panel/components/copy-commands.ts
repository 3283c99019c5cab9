/**
 * What the detail view's copy buttons copy: the preflight and the request as curl, the request as
 * fetch(), and Chrome's console line, each redacted unless the user ticked "Include secrets".
 * Pure, so the canary test (test/redact) runs it like any other surface.
 */

import { actualSpec, preflightSpec, type ShellFlavor, toCurl, toFetchSnippet } from "../../curl/index.js";
import { chromeConsoleMessage } from "../../explain/index.js";
import { type RedactionOptions, redactUrlsInText } from "../../redact/index.js";
import type { Row } from "../state/panel-state.js";

export interface CopyCommands {
  readonly preflight: string;
  readonly actual: string;
  readonly fetch: string;
  /** Chrome's console message for the error, when there is one. */
  readonly consoleLine: string | null;
}

export function copyCommands(
  row: Pick<Row, "captured" | "diagnosis">,
  flavor: ShellFlavor,
  options: RedactionOptions,
): CopyCommands | null {
  const d = row.diagnosis;
  const exchange = row.captured.exchange;
  const hop = exchange.hops[d.hop] ?? exchange.hops[0];
  if (!hop) return null;
  const origin = d.questions.origin.value ?? exchange.initiatorOrigin?.value ?? "null";
  const consoleLine =
    d.corsError && d.questions.origin.value
      ? chromeConsoleMessage(d.corsError, d.failedParameter ?? "", hop.request.url, d.questions.origin.value, {
          initiator: exchange.resourceType === "xhr" ? "xhr" : "fetch",
          redirectedFrom: d.hop > 0 ? exchange.hops[0]?.request.url : undefined,
        })
      : null;
  return {
    preflight: toCurl(preflightSpec(hop, origin, options), flavor),
    actual: toCurl(actualSpec(hop, origin, options), flavor),
    fetch: toFetchSnippet(hop, d.questions.credentials.mode === "include" ? "include" : null, options),
    consoleLine: consoleLine === null || options.includeSecrets ? consoleLine : redactUrlsInText(consoleLine),
  };
}
