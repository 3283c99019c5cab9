/**
 * `cors-doctor har <file> --curl <shell>`: for each CORS exchange, the preflight (when one was
 * recorded or is required) and the request, as commands for that shell or as fetch(), redacted
 * unless --include-secrets. The quoting is src/curl's; headings show invisible characters as
 * escapes, so nothing from the capture reaches the terminal raw or can end a comment line.
 */

import type { CapturedExchange } from "../capture/index.js";
import {
  actualSpec,
  CURL_DOES_NOT_ENFORCE_CORS,
  preflightSpec,
  SHELL_FLAVOR_LABELS,
  SHELL_FLAVORS,
  type ShellFlavor,
  toCurl,
  toFetchSnippet,
} from "../curl/index.js";
import { showInvisible } from "../curl/invisible.js";
import { diagnose, type Verdict } from "../engine/index.js";
import { redactUrl } from "../redact/index.js";

export type CurlFlavor = ShellFlavor | "fetch";
export const CURL_FLAVORS: readonly CurlFlavor[] = [...SHELL_FLAVORS, "fetch"];

const COMMENT: Readonly<Record<CurlFlavor, string>> = {
  bash: "#",
  cmd: "REM",
  powershell: "#",
  "windows-powershell": "#",
  fetch: "//",
};

export interface CurlOutputOptions {
  readonly all?: boolean;
  readonly includeSecrets?: boolean;
}

export function renderCurlCommands(
  exchanges: readonly CapturedExchange[],
  flavor: CurlFlavor,
  options: CurlOutputOptions,
): { text: string; verdicts: Verdict[] } {
  const comment = (line: string) => `${COMMENT[flavor]} ${line}`;
  const redaction = { includeSecrets: options.includeSecrets ?? false };
  const blocks: string[] = [
    flavor === "fetch"
      ? comment("Paste into the console of a page on the request's origin; the browser sends any preflight itself.")
      : comment(`${SHELL_FLAVOR_LABELS[flavor]}. ${CURL_DOES_NOT_ENFORCE_CORS}`),
  ];
  if (!redaction.includeSecrets) blocks.push(comment("Secrets are redacted; --include-secrets keeps them."));
  const verdicts: Verdict[] = [];
  let number = 0;
  for (const captured of exchanges) {
    const exchange = captured.exchange;
    const diagnosis = diagnose(exchange);
    verdicts.push(diagnosis.verdict);
    if (diagnosis.verdict === "not-cors" && !options.all) continue;
    const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
    if (!hop) continue;
    number++;
    const origin = diagnosis.questions.origin.value ?? exchange.initiatorOrigin?.value ?? "null";
    const url = redaction.includeSecrets ? hop.request.url : redactUrl(hop.request.url);
    const lines = [
      comment(`${number}. ${showInvisible(hop.request.method)} ${showInvisible(url)}: ${diagnosis.verdict}`),
    ];
    if (flavor === "fetch") {
      const credentials = diagnosis.questions.credentials.mode === "include" ? "include" : null;
      lines.push(toFetchSnippet(hop, credentials, redaction));
    } else {
      if (hop.preflight || diagnosis.questions.preflight.required) {
        lines.push(comment("The preflight:"), toCurl(preflightSpec(hop, origin, redaction), flavor));
      }
      lines.push(comment("The request:"), toCurl(actualSpec(hop, origin, redaction), flavor));
    }
    blocks.push(lines.join("\n"));
  }
  if (number === 0) blocks.push(comment("No CORS requests in this file (--all lists the others too)."));
  return { text: blocks.join("\n\n"), verdicts };
}
