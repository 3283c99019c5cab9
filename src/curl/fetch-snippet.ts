/**
 * A fetch() call to paste into the page's console: the same request made by the browser, so the
 * browser applies CORS exactly as it did. Only headers a script may set are included. Every string
 * is a JavaScript literal from quoteJs, exact for any value and safe inside an inline <script>.
 */

import { byteLowercase, isPseudoHeader } from "../engine/fetch/header-list.js";
import { isForbiddenRequestHeader } from "../engine/fetch/safelist.js";
import type { Hop } from "../engine/types.js";
import { REDACT_BY_DEFAULT, type RedactionOptions, redactUrl } from "../redact/redact.js";
import { quoteJs } from "./quote-js.js";
import { CONNECTION_HEADERS, redacted } from "./spec.js";

export function toFetchSnippet(
  hop: Hop,
  credentials: "omit" | "same-origin" | "include" | null,
  options: RedactionOptions = REDACT_BY_DEFAULT,
): string {
  const headers = hop.request.headers.filter(
    (h) =>
      !isPseudoHeader(h.name) &&
      !isForbiddenRequestHeader(h.name, h.value) &&
      !CONNECTION_HEADERS.has(byteLowercase(h.name)) &&
      byteLowercase(h.name) !== "user-agent",
  );
  const url = options.includeSecrets ? hop.request.url : redactUrl(hop.request.url);
  const init: string[] = [`  method: ${quoteJs(hop.request.method)},`, `  mode: "cors",`];
  if (credentials === "include") init.push(`  credentials: "include",`);
  if (headers.length > 0) {
    // An array of pairs, not an object: it keeps repeated names and any name exactly.
    init.push("  headers: [");
    for (const h of redacted(headers, options)) init.push(`    [${quoteJs(h.name)}, ${quoteJs(h.value)}],`);
    init.push("  ],");
  }
  const method = hop.request.method;
  if (method !== "GET" && method !== "HEAD") init.push("  // body: the request body is not captured; add it here.");
  return [
    `const response = await fetch(${quoteJs(url)}, {`,
    ...init,
    "});",
    "console.log(response.status, Object.fromEntries(response.headers));",
  ].join("\n");
}
