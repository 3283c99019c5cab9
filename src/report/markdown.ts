/**
 * The report as Markdown that pastes cleanly into a GitHub issue or a chat. Everything that came
 * from the server or the page (URLs, header values) sits in code spans or code blocks, so it can
 * neither format nor link.
 */

import { verificationLabel } from "../explain/index.js";
import { terminalSafe, terminalSafeLines } from "../explain/terminal-safe.js";
import type { Report, ReportExchange, ReportHeaders } from "./model.js";
import { type ReportHead, type ReportParts, renderParts } from "./parts.js";
import type { ReportServerFix } from "./server-fixes.js";

/**
 * An inline code span that survives backticks and line breaks in the value; control and bidi
 * characters are made visible (`\x1b`, `<U+202E>`), as on the terminal.
 */
export function codeSpan(value: string): string {
  const flat = terminalSafe(value.replace(/[\r\n]+/g, " "));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block that survives fences in the content; controls other than line feed and tab made visible. */
export function codeBlock(raw: string, language = ""): string {
  const content = terminalSafeLines(raw);
  const longest = Math.max(2, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${content}\n${fence}`;
}

/**
 * Prose from our own formatter, which quotes URLs and header values: one line (a newline in a
 * value would start a heading, a list or a fence), with every character Markdown or HTML would act
 * on escaped, and a line start that could open a block escaped too.
 */
export function prose(text: string): string {
  const flat = terminalSafe(text.replace(/[\r\n]+/g, " ")).replace(/([\\`*_{}[\]<>|#~&!])/g, "\\$1");
  return flat.replace(/^(\s*)([-+=>]|\d+[.)])/, (_m, space: string, start: string) =>
    start.length === 1 ? `${space}\\${start}` : `${space}${start.slice(0, -1)}\\${start.slice(-1)}`,
  );
}

const MARK = { true: "✅", false: "❌", null: "➖" } as const;

/** One header per line: a line break inside a value is shown as `\\n`, never as a new line. */
function headerLine(h: { readonly name: string; readonly value: string }): string {
  return `  ${terminalSafe(h.name)}: ${terminalSafe(h.value)}`;
}

function headersBlock(block: ReportHeaders): string {
  const lines = [
    `${terminalSafe(block.title)}${block.status !== null ? `  → ${block.status}` : "  → no response"}`,
    "",
    "request:",
    ...(block.request.length > 0 ? block.request.map(headerLine) : ["  (none recorded)"]),
    "response:",
    ...(block.response.length > 0 ? block.response.map(headerLine) : ["  (none recorded)"]),
  ];
  return codeBlock(lines.join("\n"), "http");
}

function exchangeMarkdown(x: ReportExchange, index: number): string {
  const s = x.summary;
  const out: string[] = [];
  out.push(`## ${index + 1}. ${s.verdict.toUpperCase()} ${codeSpan(`${s.method} ${s.url}`)}`);
  out.push("");
  out.push(`**${prose(x.headline)}**`);
  if (x.otherBrowsers) out.push("", `**In other browsers:** ${prose(x.otherBrowsers)}`);
  if (s.corsError) {
    out.push("");
    out.push(
      `Chromium error: ${codeSpan(s.corsError)}${s.failedParameter ? ` (failed parameter ${codeSpan(s.failedParameter)})` : ""} on the ${s.leg ?? "request"}.`,
    );
  }
  out.push("", "### What's wrong", "");
  for (const f of x.findings) {
    out.push(`- **${prose(f.title)}** (${f.severity}, ${codeSpan(f.code)}): ${prose(f.text)} [spec](${f.spec})`);
    for (const e of f.evidence) out.push(`  - ${codeSpan(e)}`);
  }
  out.push("", "### The five questions", "");
  // Their premise: whether the request was checked as CORS, and from what.
  out.push(prose(s.mode.text), "");
  for (const q of x.questions) {
    out.push(`- ${MARK[String(q.ok) as keyof typeof MARK]} **${prose(q.question)}** ${prose(q.answer)}`);
    for (const e of q.evidence) out.push(`  - ${codeSpan(e)}`);
  }
  out.push("", "### Preflight and actual request", "");
  for (const block of x.headers) out.push(headersBlock(block), "");
  // The server's change is in "Fixes, one per server" at the top; here only the request's own part.
  if (x.clientChanges.length > 0) {
    out.push("### Changes in the page", "");
    for (const c of x.clientChanges) out.push(`- **${prose(c.title)}.** ${prose(c.text)}`);
    out.push("");
  }
  if (x.lint.length > 0) {
    out.push("### Security check of the server's policy", "");
    for (const l of x.lint) out.push(`- **${l.severity}: ${prose(l.title)}.** ${prose(l.text)}`);
    out.push("");
  }
  out.push("### Reproduce with curl", "");
  out.push("curl does not enforce CORS: it shows the response headers, and the verdict comes from reading them.", "");
  if (x.curl.preflight) out.push("Preflight:", "", codeBlock(x.curl.preflight, "sh"), "");
  out.push("Request:", "", codeBlock(x.curl.actual, "sh"), "");
  if (x.bodies) {
    out.push("### Bodies", "");
    if (x.bodies.request !== null) out.push("Request body:", "", codeBlock(x.bodies.request), "");
    if (x.bodies.response !== null) out.push("Response body:", "", codeBlock(x.bodies.response), "");
  }
  return out.join("\n");
}

/** The report's head: title, counts, environment. Ends without a newline (see MARKDOWN_PARTS). */
function markdownHead(head: ReportHead): string {
  const e = head.environment;
  return [
    "# CORS Doctor report",
    "",
    `${head.count} ${head.count === 1 ? "request" : "requests"}, ${head.blocked} blocked.`,
    "",
    `- Browser: ${e.browser ? codeSpan(e.browser) : "unknown"}`,
    `- Tool: ${codeSpan(e.tool)}`,
    `- Capture: ${codeSpan(e.captureMode)}`,
    `- Generated: ${codeSpan(e.generatedAt)}`,
    `- Secrets: ${head.redacted ? "redacted (cookies, Authorization, API keys, tokens in URLs and headers)" : "**included** (not redacted)"}`,
    `- Bodies: ${head.bodiesIncluded ? "included" : "left out"}`,
    "",
    ...serverFixesMarkdown(head.fixes),
  ].join("\n");
}

/** "Fixes, one per server": what to paste, once per server, covering every request to it. */
function serverFixesMarkdown(fixes: readonly ReportServerFix[]): string[] {
  if (fixes.length === 0) return [];
  const out = [`## Fixes, one per server (${fixes.length})`, ""];
  for (const fix of fixes) {
    out.push(`### Server ${prose(fix.summary)}`, "");
    out.push(`Covers ${fix.covers.length} ${fix.covers.length === 1 ? "request" : "requests"}:`, "");
    for (const request of fix.covers) out.push(`- ${codeSpan(request)}`);
    out.push("");
    for (const change of fix.targeted) out.push(`- **Add: ${prose(change.title)}.** ${prose(change.text)}`);
    if (fix.targeted.length > 0) out.push("");
    if (!fix.policy) continue;
    if (fix.layerLabel)
      out.push(
        `**Layer: ${prose(fix.component ? `${fix.layerLabel} (${fix.component})` : fix.layerLabel)}.** ${prose(fix.why)}`,
        "",
      );
    else out.push(prose(fix.why), "");
    for (const line of fix.layerEvidence) out.push(`- ${codeSpan(line)}`);
    if (fix.layerEvidence.length > 0) out.push("");
    if (fix.snippet !== null && fix.label !== null) {
      out.push(
        `**${prose(fix.label)}**${fix.detected ? " (detected from the response headers)" : ""}: ${verificationLabel(fix.verified)}.`,
        "",
      );
      if (fix.where) out.push(prose(fix.where), "");
      out.push(codeBlock(fix.snippet), "");
      for (const trap of fix.traps) out.push(`- ${prose(trap)}`);
      if (fix.traps.length > 0) out.push("");
    } else if (fix.headerLines) {
      out.push(
        "The server's stack was not recognised from the response headers. Send exactly these headers, then pick your stack (`--fix <stack>`, `cors-doctor stacks`) for a snippet.",
        "",
      );
      if (fix.headerLines.preflight)
        out.push(
          "Preflight (OPTIONS, answered 2xx before authentication, no redirect):",
          "",
          codeBlock(fix.headerLines.preflight.join("\n")),
          "",
        );
      out.push(
        "Every actual response, errors (4xx/5xx) included:",
        "",
        codeBlock(fix.headerLines.actual.join("\n")),
        "",
      );
    }
  }
  return out;
}

/** The report in pieces, so a large one is written exchange by exchange (see stream.ts). */
export const MARKDOWN_PARTS: ReportParts = {
  head: markdownHead,
  exchange: (x, index) => `\n${exchangeMarkdown(x, index)}`,
  tail: () => "\n",
};

export function renderMarkdown(report: Report): string {
  return renderParts(MARKDOWN_PARTS, report);
}
