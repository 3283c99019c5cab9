/**
 * Copy as curl: a RequestSpec (spec.ts) written for bash, Windows cmd, PowerShell 7 or Windows
 * PowerShell 5.1. Every argument is quoted exactly (quote-*.ts); what a shell cannot carry is
 * replaced, with a comment saying so (carry.ts). curl does not enforce CORS: it shows the headers
 * the server returns, and the verdict comes from reading them.
 */

import { byteLowercase, isHttpToken } from "../engine/fetch/header-list.js";
import type { HeaderLine } from "../engine/types.js";
import { type Carried, carryForBash, carryForCmd } from "./carry.js";
import { quoteBash } from "./quote-bash.js";
import { quoteCmd } from "./quote-cmd.js";
import { quotePowerShell } from "./quote-powershell.js";
import type { RequestSpec } from "./spec.js";

export type ShellFlavor = "bash" | "cmd" | "powershell" | "windows-powershell";
export const SHELL_FLAVORS: readonly ShellFlavor[] = ["bash", "cmd", "powershell", "windows-powershell"];

/** What the panel and the CLI call each flavour. */
export const SHELL_FLAVOR_LABELS: Readonly<Record<ShellFlavor, string>> = {
  bash: "bash",
  cmd: "Windows cmd",
  powershell: "PowerShell 7",
  "windows-powershell": "Windows PowerShell 5.1",
};

const INVALID_NAME_NOTE = "A header whose name is not a valid HTTP token was left out.";

export function toCurl(spec: RequestSpec, flavor: ShellFlavor): string {
  switch (flavor) {
    case "bash":
      return bashCurl(spec);
    case "cmd":
      return cmdCurl(spec);
    case "powershell":
      return powershellRequest(spec, 7);
    case "windows-powershell":
      return powershellRequest(spec, 5);
  }
}

/**
 * The headers to send. A name that is not a token cannot be a header and, as the first bytes of a
 * `-H` argument, could be read by curl as something else (`@file` reads headers from a file).
 */
function sendableHeaders(spec: RequestSpec, notes: Set<string>): HeaderLine[] {
  const headers = spec.headers.filter((h) => isHttpToken(h.name));
  if (headers.length < spec.headers.length) notes.add(INVALID_NAME_NOTE);
  return headers;
}

/** curl's `-H` argument: `Name;` sends an empty value (`Name:` would remove the header). */
function headerArgument(h: HeaderLine): string {
  return h.value === "" ? `${h.name};` : `${h.name}: ${h.value}`;
}

/**
 * `--url` rather than a bare argument: a URL starting with `-` must not be read as an option.
 * `--globoff`: curl reads `[...]` and `{...}` in a URL as a glob, and a redacted URL holds `[redacted]`.
 */
function curlArguments(
  spec: RequestSpec,
  carry: (value: string, kind: "url" | "text") => Carried,
  quote: (value: string) => string,
  notes: Set<string>,
): { first: string; headers: string[] } {
  const q = (value: string, kind: "url" | "text") => {
    const carried = carry(value, kind);
    if (carried.replaced) notes.add(carried.replaced);
    return quote(carried.value);
  };
  const method = spec.method === "GET" ? "" : ` -X ${q(spec.method, "text")}`;
  return {
    first: `curl -i${method} --globoff --url ${q(spec.url, "url")}`,
    headers: sendableHeaders(spec, notes).map((h) => `-H ${q(headerArgument(h), "text")}`),
  };
}

function bashCurl(spec: RequestSpec): string {
  const notes = new Set(spec.notes);
  const args = curlArguments(spec, (value) => carryForBash(value), quoteBash, notes);
  return [...[...notes].map((n) => `# ${n}`), [args.first, ...args.headers].join(" \\\n  ")].join("\n");
}

/** cmd refuses a command line longer than this (after joining continued lines). */
const CMD_MAX_LINE = 8191;

function cmdCurl(spec: RequestSpec): string {
  const notes = new Set(spec.notes);
  const args = curlArguments(spec, carryForCmd, quoteCmd, notes);
  const command = [args.first, ...args.headers].join(" ^\n  ");
  if (command.length > CMD_MAX_LINE) {
    notes.add(`This command is longer than cmd's ${CMD_MAX_LINE}-character limit; use the bash or PowerShell one.`);
  }
  return [...[...notes].map((n) => `REM ${n}`), command].join("\n");
}

/** Invoke-WebRequest's -Method values; any other method needs PowerShell 7's -CustomMethod. */
const WEB_REQUEST_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "MERGE", "PATCH"]);

/**
 * Invoke-WebRequest, as DevTools' "Copy as PowerShell". PowerShell 7 keeps 4xx/5xx answers with
 * -SkipHttpErrorCheck; Windows PowerShell 5.1 has no such switch and raises an error for them, so
 * its variant reads the response from the error.
 */
function powershellRequest(spec: RequestSpec, version: 5 | 7): string {
  const notes = new Set(spec.notes);
  const headers = mergeRepeated(sendableHeaders(spec, notes).filter((h) => byteLowercase(h.name) !== "user-agent"));
  const standard = WEB_REQUEST_METHODS.has(spec.method.toUpperCase());
  if (!standard && version === 5) {
    notes.add("Windows PowerShell 5.1 sends only standard methods; this one needs PowerShell 7 or curl.");
  }
  const method = `${standard || version === 5 ? "-Method" : "-CustomMethod"} ${quotePowerShell(spec.method)}`;
  const skip = version === 7 ? "-SkipHttpErrorCheck " : "-ErrorAction Stop ";
  const indent = version === 7 ? "" : "  ";
  const call = [
    `${indent}$response = Invoke-WebRequest -UseBasicParsing ${skip}-MaximumRedirection 0 ${method} -Uri ${quotePowerShell(spec.url)} -Headers @{`,
    ...headers.map((h) => `${indent}  ${quotePowerShell(h.name)} = ${quotePowerShell(h.value)}`),
    `${indent}}`,
  ];
  const comments = [...notes].map((n) => `# ${n}`);
  if (version === 7) return [...comments, ...call, "$response.StatusCode; $response.Headers"].join("\n");
  return [
    ...comments,
    "# Windows PowerShell 5.1: a 4xx or 5xx answer raises an error; the catch reads the response from it.",
    "try {",
    ...call,
    "} catch {",
    "  $response = $_.Exception.Response",
    "  if (-not $response) { throw }",
    "}",
    "[int]$response.StatusCode",
    "foreach ($name in $response.Headers.Keys) { '{0}: {1}' -f $name, $response.Headers[$name] }",
  ].join("\n");
}

/** A PowerShell hashtable holds each name once (case-insensitively): repeated headers are joined. */
function mergeRepeated(headers: readonly HeaderLine[]): HeaderLine[] {
  const merged = new Map<string, HeaderLine>();
  for (const h of headers) {
    const key = byteLowercase(h.name);
    const seen = merged.get(key);
    const separator = key === "cookie" ? "; " : ", ";
    merged.set(key, seen ? { name: seen.name, value: `${seen.value}${separator}${h.value}` } : h);
  }
  return [...merged.values()];
}

/** The sentence every curl surface shows next to the commands. */
export const CURL_DOES_NOT_ENFORCE_CORS =
  "curl does not enforce CORS: it always shows the response. Read the Access-Control-* headers it prints; the browser's verdict comes from those.";
