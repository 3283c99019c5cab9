/**
 * Copy as curl (bash, Windows cmd, PowerShell) and as fetch(): the preflight exactly as the
 * browser sends it, and the actual request. curl does not enforce CORS: it shows the headers the
 * server returns, and the verdict comes from reading them.
 */

import { byteLowercase, getHeader, isPseudoHeader } from "../engine/fetch/header-list.js";
import {
  corsUnsafeRequestHeaderNames,
  isForbiddenRequestHeader,
  scriptSettableHeaders,
} from "../engine/fetch/safelist.js";
import type { HeaderLine, Hop } from "../engine/types.js";
import { REDACT_BY_DEFAULT, type RedactionOptions, redactHeaderValue, redactUrl } from "../redact/redact.js";

export type ShellFlavor = "bash" | "cmd" | "powershell";
export const SHELL_FLAVORS: readonly ShellFlavor[] = ["bash", "cmd", "powershell"];

/** A request to reproduce: what the browser sent, secrets already redacted unless asked otherwise. */
export interface RequestSpec {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderLine[];
  /** Lines to print as comments above the command (e.g. "the body was not captured"). */
  readonly notes: readonly string[];
}

/** Headers curl computes itself, or that only describe the connection. */
const CONNECTION_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "accept-encoding",
  "keep-alive",
  "transfer-encoding",
  "te",
  "upgrade",
]);

function redacted(headers: readonly HeaderLine[], options: RedactionOptions): HeaderLine[] {
  return options.includeSecrets
    ? [...headers]
    : headers.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value) }));
}

/**
 * The preflight as the browser sends it: OPTIONS, Origin, Access-Control-Request-Method, and
 * Access-Control-Request-Headers (lower-cased, sorted, comma-joined without spaces). The recorded
 * preflight is used when one was captured; otherwise it is computed from the actual request.
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch-0 steps 1-4
 */
export function preflightSpec(hop: Hop, origin: string, options: RedactionOptions = REDACT_BY_DEFAULT): RequestSpec {
  const recorded = hop.preflight?.request;
  const url = options.includeSecrets ? hop.request.url : redactUrl(hop.request.url);
  const sentOrigin = (recorded && getHeader(recorded.headers, "Origin")) ?? origin;
  const method = (recorded && getHeader(recorded.headers, "Access-Control-Request-Method")) ?? hop.request.method;
  const acrh =
    (recorded && getHeader(recorded.headers, "Access-Control-Request-Headers")) ??
    corsUnsafeRequestHeaderNames(scriptSettableHeaders(hop.request.headers)).names.join(",");
  const headers: HeaderLine[] = [
    { name: "Origin", value: sentOrigin },
    { name: "Access-Control-Request-Method", value: method },
  ];
  if (acrh !== "") headers.push({ name: "Access-Control-Request-Headers", value: acrh });
  return { method: "OPTIONS", url, headers, notes: [] };
}

/** The actual request with the headers the browser sent (Origin included), secrets redacted. */
export function actualSpec(hop: Hop, origin: string, options: RedactionOptions = REDACT_BY_DEFAULT): RequestSpec {
  const request = hop.request;
  const headers = request.headers.filter(
    (h) => !isPseudoHeader(h.name) && !CONNECTION_HEADERS.has(byteLowercase(h.name)),
  );
  const notes: string[] = [];
  if (request.provisionalHeaders) {
    // The browser recorded only the headers the page set. Without an answer, it never sent it.
    if (getHeader(headers, "Origin") === null) headers.unshift({ name: "Origin", value: origin });
    notes.push(
      hop.response.status === 0
        ? "The browser never sent this request; these are the headers the page set, plus Origin."
        : "Only the headers the page set were recorded; these are they, plus Origin.",
    );
  }
  const method = request.method;
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    notes.push("The request body is not captured; add it with --data-raw if the server needs it.");
  }
  return {
    method,
    url: options.includeSecrets ? request.url : redactUrl(request.url),
    headers: redacted(headers, options),
    notes,
  };
}

export function toCurl(spec: RequestSpec, flavor: ShellFlavor): string {
  switch (flavor) {
    case "bash":
      return bashCurl(spec);
    case "cmd":
      return cmdCurl(spec);
    case "powershell":
      return powershellRequest(spec);
  }
}

/** POSIX shell quoting: single quotes, with `'` written as `'\''`; ANSI-C quoting for control bytes. */
export function quoteBash(value: string): string {
  const isControl = (code: number) => code < 0x20 || code === 0x7f;
  if (![...value].some((c) => isControl(c.charCodeAt(0)))) return `'${value.replace(/'/g, "'\\''")}'`;
  let escaped = "";
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === "\\" || c === "'") escaped += `\\${c}`;
    else if (code === 0x0a) escaped += "\\n";
    else if (code === 0x0d) escaped += "\\r";
    else if (code === 0x09) escaped += "\\t";
    else if (isControl(code)) escaped += `\\x${code.toString(16).padStart(2, "0")}`;
    else escaped += c;
  }
  return `$'${escaped}'`;
}

/**
 * cmd.exe quoting, as DevTools' "Copy as cURL (cmd)" does it: backslashes and quotes escaped for
 * the C runtime's argument parser, then every character cmd might interpret prefixed with `^`,
 * `%` made unexpandable, new lines continued.
 */
export function quoteCmd(value: string): string {
  return `^"${value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/[^a-zA-Z0-9\s_\-:=+~'/.,?;()*`&]/g, "^$&")
    .replace(/%(?=[a-zA-Z0-9_])/g, "%^")
    .replace(/\r?\n/g, "^\n\n")}^"`;
}

/** PowerShell single-quoted string: `'` doubled. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function bashCurl(spec: RequestSpec): string {
  const lines = spec.notes.map((n) => `# ${n}`);
  const parts = ["curl -i", spec.method === "GET" ? "" : `-X ${quoteBash(spec.method)}`, quoteBash(spec.url)].filter(
    Boolean,
  );
  const args = spec.headers.map((h) => `-H ${quoteBash(`${h.name}: ${h.value}`)}`);
  lines.push([parts.join(" "), ...args].join(" \\\n  "));
  return lines.join("\n");
}

function cmdCurl(spec: RequestSpec): string {
  const lines = spec.notes.map((n) => `REM ${n}`);
  const parts = ["curl -i", spec.method === "GET" ? "" : `-X ${quoteCmd(spec.method)}`, quoteCmd(spec.url)].filter(
    Boolean,
  );
  const args = spec.headers.map((h) => `-H ${quoteCmd(`${h.name}: ${h.value}`)}`);
  lines.push([parts.join(" "), ...args].join(" ^\n  "));
  return lines.join("\n");
}

/** Invoke-WebRequest, as DevTools' "Copy as PowerShell"; -SkipHttpErrorCheck keeps 4xx/5xx answers readable. */
function powershellRequest(spec: RequestSpec): string {
  const lines = spec.notes.map((n) => `# ${n}`);
  const headers = spec.headers
    .filter((h) => byteLowercase(h.name) !== "user-agent")
    .map((h) => `  ${quotePowerShell(h.name)} = ${quotePowerShell(h.value)}`);
  lines.push(
    `$response = Invoke-WebRequest -UseBasicParsing -SkipHttpErrorCheck -MaximumRedirection 0 -Method ${quotePowerShell(spec.method)} -Uri ${quotePowerShell(spec.url)} -Headers @{`,
    ...headers,
    "}",
    "$response.StatusCode; $response.Headers",
  );
  return lines.join("\n");
}

/**
 * A fetch() call to paste into the page's console: the same request made by the browser, so the
 * browser applies CORS exactly as it did. Only headers a script may set are included.
 */
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
  const init: string[] = [`  method: ${JSON.stringify(hop.request.method)},`, `  mode: "cors",`];
  if (credentials === "include") init.push(`  credentials: "include",`);
  if (headers.length > 0) {
    init.push("  headers: {");
    for (const h of redacted(headers, options)) init.push(`    ${JSON.stringify(h.name)}: ${JSON.stringify(h.value)},`);
    init.push("  },");
  }
  const method = hop.request.method;
  if (method !== "GET" && method !== "HEAD") init.push("  // body: the request body is not captured; add it here.");
  return [
    `const response = await fetch(${JSON.stringify(url)}, {`,
    ...init,
    "});",
    "console.log(response.status, Object.fromEntries(response.headers));",
  ].join("\n");
}

/** The sentence every curl surface shows next to the commands. */
export const CURL_DOES_NOT_ENFORCE_CORS =
  "curl does not enforce CORS: it always shows the response. Read the Access-Control-* headers it prints; the browser's verdict comes from those.";
