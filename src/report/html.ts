/**
 * The report as one self-contained HTML file: no external resources, no scripts (a Content
 * Security Policy forbids them too), readable without JavaScript and printable. Every piece of
 * text is escaped: a hostile header value or URL can never become markup.
 */

import { verificationLabel } from "../explain/index.js";
import { terminalSafe, terminalSafeLines } from "../explain/terminal-safe.js";
import type { Report, ReportExchange, ReportHeaders } from "./model.js";
import { type ReportHead, type ReportParts, renderParts } from "./parts.js";
import type { ReportServerFix } from "./server-fixes.js";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * One value as HTML text: markup characters escaped, control and bidi characters (line breaks too)
 * made visible (`\x1b`, `\n`, `<U+202E>`).
 */
export function escapeHtml(value: string): string {
  return terminalSafe(value).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** The content of a `<pre>` block: as `escapeHtml`, but its line breaks and tabs kept. */
function escapeBlock(text: string): string {
  return terminalSafeLines(text).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Only our own spec links (https URLs) become hrefs; anything else is dropped. */
function safeHref(url: string): string | null {
  return /^https:\/\/[^\s"'<>]+$/.test(url) ? escapeHtml(url) : null;
}

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1f1f1f}
h1{font-size:22px}h2{font-size:17px;border-top:1px solid #dadce0;padding-top:14px;margin-top:28px;word-break:break-all}
h3{font-size:14px;margin:16px 0 6px}code,pre{font:12px ui-monospace,Menlo,Consolas,monospace}
pre{background:#f1f3f4;border:1px solid #dadce0;padding:8px;white-space:pre-wrap;word-break:break-all}
.verdict{display:inline-block;padding:0 8px;border-radius:9px;font-size:12px}
.verdict-blocked{background:#fce8e6;color:#a50e0e}.verdict-allowed{background:#e6f4ea;color:#137333}
.verdict-other{background:#f1f3f4;color:#3c4043}.muted{color:#5f6368}.ok{color:#137333}.bad{color:#a50e0e}
ul{padding-left:20px}li{margin:3px 0}table{border-collapse:collapse}td{padding:2px 8px;vertical-align:top}
@media print{body{margin:0;max-width:none}h2{break-before:page}pre{border:none;background:none}}
`;

/** A header or evidence line: a line break inside a value is shown as `\\n`, never as a new line. */
function oneLine(text: string): string {
  return terminalSafe(text);
}

function list(items: readonly string[]): string {
  return items.length === 0 ? "" : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

function evidence(lines: readonly string[]): string {
  return lines.length === 0 ? "" : `<pre>${escapeBlock(lines.map(oneLine).join("\n"))}</pre>`;
}

function headersHtml(block: ReportHeaders): string {
  const lines = [
    ...(block.request.length > 0 ? block.request.map((h) => oneLine(`${h.name}: ${h.value}`)) : ["(none recorded)"]),
  ];
  const response =
    block.response.length > 0 ? block.response.map((h) => oneLine(`${h.name}: ${h.value}`)) : ["(none recorded)"];
  return `<h4>${escapeHtml(block.title)} <span class="muted">→ ${block.status ?? "no response"}</span></h4>
<table><tr><td><strong>Request</strong><pre>${escapeBlock(lines.join("\n"))}</pre></td><td><strong>Response</strong><pre>${escapeBlock(response.join("\n"))}</pre></td></tr></table>`;
}

function exchangeHtml(x: ReportExchange, index: number): string {
  const s = x.summary;
  const verdictClass =
    s.verdict === "blocked" ? "verdict-blocked" : s.verdict === "allowed" ? "verdict-allowed" : "verdict-other";
  const parts: string[] = [];
  parts.push(
    `<h2>${index + 1}. <span class="verdict ${verdictClass}">${escapeHtml(s.verdict)}</span> <code>${escapeHtml(`${s.method} ${s.url}`)}</code></h2>`,
  );
  parts.push(`<p><strong>${escapeHtml(x.headline)}</strong></p>`);
  if (x.otherBrowsers) {
    parts.push(`<p class="other-browsers"><strong>In other browsers:</strong> ${escapeHtml(x.otherBrowsers)}</p>`);
  }
  if (s.corsError) {
    parts.push(
      `<p>Chromium error: <code>${escapeHtml(s.corsError)}</code>${s.failedParameter ? ` (failed parameter <code>${escapeHtml(s.failedParameter)}</code>)` : ""} on the ${escapeHtml(s.leg ?? "request")}.</p>`,
    );
  }
  parts.push("<h3>What's wrong</h3>");
  parts.push(
    list(
      x.findings.map((f) => {
        const href = safeHref(f.spec);
        return `<strong>${escapeHtml(f.title)}</strong> <span class="muted">(${escapeHtml(f.severity)}, ${escapeHtml(f.code)})</span>: ${escapeHtml(f.text)}${href ? ` <a href="${href}">spec</a>` : ""}${evidence(f.evidence)}`;
      }),
    ),
  );
  parts.push("<h3>The five questions</h3>");
  // Their premise: whether the request was checked as CORS, and from what.
  parts.push(`<p class="muted">${escapeHtml(x.summary.mode.text)}</p>`);
  parts.push(
    list(
      x.questions.map(
        (q) =>
          `<span class="${q.ok === true ? "ok" : q.ok === false ? "bad" : "muted"}">${q.ok === true ? "✓" : q.ok === false ? "✗" : "·"}</span> <strong>${escapeHtml(q.question)}</strong> ${escapeHtml(q.answer)}${evidence(q.evidence)}`,
      ),
    ),
  );
  parts.push("<h3>Preflight and actual request</h3>");
  parts.push(...x.headers.map(headersHtml));
  // The server's change is in "Fixes, one per server" at the top; here only the request's own part.
  if (x.clientChanges.length > 0) {
    parts.push("<h3>Changes in the page</h3>");
    parts.push(list(x.clientChanges.map((c) => `<strong>${escapeHtml(c.title)}.</strong> ${escapeHtml(c.text)}`)));
  }
  if (x.lint.length > 0) {
    parts.push("<h3>Security check of the server's policy</h3>");
    parts.push(
      list(
        x.lint.map(
          (l) =>
            `<strong>${escapeHtml(l.severity)}: ${escapeHtml(l.title)}.</strong> ${escapeHtml(l.text)}${evidence(l.evidence)}`,
        ),
      ),
    );
  }
  parts.push("<h3>Reproduce with curl</h3>");
  parts.push(
    '<p class="muted">curl does not enforce CORS: it shows the response headers, and the verdict comes from reading them.</p>',
  );
  if (x.curl.preflight) parts.push(`<p>Preflight:</p><pre>${escapeBlock(x.curl.preflight)}</pre>`);
  parts.push(`<p>Request:</p><pre>${escapeBlock(x.curl.actual)}</pre>`);
  if (x.bodies) {
    parts.push("<h3>Bodies</h3>");
    if (x.bodies.request !== null) parts.push(`<p>Request body:</p><pre>${escapeBlock(x.bodies.request)}</pre>`);
    if (x.bodies.response !== null) parts.push(`<p>Response body:</p><pre>${escapeBlock(x.bodies.response)}</pre>`);
  }
  return `<section>${parts.join("\n")}</section>`;
}

/** The report's head: the document up to the environment table (see HTML_PARTS). */
function htmlHead(head: ReportHead): string {
  const e = head.environment;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>CORS Doctor report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>CORS Doctor report</h1>
<p>${head.count} ${head.count === 1 ? "request" : "requests"}, ${head.blocked} blocked.</p>
<table>
<tr><td>Browser</td><td><code>${escapeHtml(e.browser ?? "unknown")}</code></td></tr>
<tr><td>Tool</td><td><code>${escapeHtml(e.tool)}</code></td></tr>
<tr><td>Capture</td><td><code>${escapeHtml(e.captureMode)}</code></td></tr>
<tr><td>Generated</td><td><code>${escapeHtml(e.generatedAt)}</code></td></tr>
<tr><td>Secrets</td><td>${head.redacted ? "redacted (cookies, Authorization, API keys, tokens in URLs and headers)" : "<strong>included</strong> (not redacted)"}</td></tr>
<tr><td>Bodies</td><td>${head.bodiesIncluded ? "included" : "left out"}</td></tr>
</table>
${serverFixesHtml(head.fixes)}`;
}

/** "Fixes, one per server": every value is text (escaped), never markup. */
function serverFixesHtml(fixes: readonly ReportServerFix[]): string {
  if (fixes.length === 0) return "";
  const parts = [`<h2>Fixes, one per server (${fixes.length})</h2>`];
  for (const fix of fixes) {
    const section = [`<h3>${escapeHtml(fix.summary)}</h3>`];
    section.push(
      `<p>Covers ${fix.covers.length} ${fix.covers.length === 1 ? "request" : "requests"}:</p>`,
      list(fix.covers.map((r) => `<code>${escapeHtml(r)}</code>`)),
      list(fix.targeted.map((c) => `<strong>Add: ${escapeHtml(c.title)}.</strong> ${escapeHtml(c.text)}`)),
    );
    if (fix.policy) {
      const layer = fix.layerLabel ? `${fix.layerLabel}${fix.component ? ` (${fix.component})` : ""}` : null;
      section.push(`<p>${layer ? `<strong>Layer: ${escapeHtml(layer)}.</strong> ` : ""}${escapeHtml(fix.why)}</p>`);
      section.push(evidence(fix.layerEvidence));
      if (fix.snippet !== null && fix.label !== null) {
        section.push(
          `<p><strong>${escapeHtml(fix.label)}</strong>${fix.detected ? " (detected from the response headers)" : ""}: ${verificationLabel(fix.verified)}.</p>`,
          fix.where ? `<p>${escapeHtml(fix.where)}</p>` : "",
          `<pre>${escapeBlock(fix.snippet)}</pre>`,
          list(fix.traps.map(escapeHtml)),
        );
      } else if (fix.headerLines) {
        section.push(
          "<p>The server's stack was not recognised from the response headers. Send exactly these headers, then pick your stack (<code>--fix &lt;stack&gt;</code>, <code>cors-doctor stacks</code>) for a snippet.</p>",
        );
        if (fix.headerLines.preflight)
          section.push(
            "<p>Preflight (OPTIONS, answered 2xx before authentication, no redirect):</p>",
            `<pre>${escapeBlock(fix.headerLines.preflight.join("\n"))}</pre>`,
          );
        section.push(
          "<p>Every actual response, errors (4xx/5xx) included:</p>",
          `<pre>${escapeBlock(fix.headerLines.actual.join("\n"))}</pre>`,
        );
      }
    }
    parts.push(`<section class="server-fix">${section.join("\n")}</section>`);
  }
  return `${parts.join("\n")}
`;
}

/** The report in pieces, so a large one is written exchange by exchange (see stream.ts). */
export const HTML_PARTS: ReportParts = {
  head: htmlHead,
  exchange: (x, index) => `${index > 0 ? "\n" : ""}${exchangeHtml(x, index)}`,
  tail: () => "\n</body>\n</html>\n",
};

export function renderHtml(report: Report): string {
  return renderParts(HTML_PARTS, report);
}
