/**
 * The lab's two HTML pages: the index (every scenario, grouped) and the runner, which performs one
 * scenario's request exactly as described and publishes what script saw in `window.__labDone`.
 * Inline markup and script only; no external resources.
 */

import {
  expand,
  type LabPorts,
  makeToken,
  pageOrigin,
  requestUrl,
  runnerUrl,
  type Scenario,
  tokenScenarioId,
} from "./scenario.js";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside an inline <script>. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, " ");
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}
table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
code,pre{font:12px ui-monospace,monospace}.g{background:#f3f3f3;font-weight:600}
.blocked{color:#b00}.allowed{color:#070}.network-error{color:#a60}.not-cors{color:#555}`;

export function indexHtml(scenarios: readonly Scenario[], ports: LabPorts, nonce: string): string {
  const rows: string[] = [];
  let group = "";
  for (const scenario of scenarios) {
    if (scenario.group !== group) {
      group = scenario.group;
      rows.push(`<tr><td class="g" colspan="4">${escapeHtml(group)}</td></tr>`);
    }
    const href = runnerUrl(scenario, ports, makeToken(scenario.id, nonce));
    const expected = scenario.expect
      ? `<span class="${scenario.expect.outcome}">${escapeHtml(scenario.expect.outcome)}</span> ${escapeHtml(
          scenario.expect.corsError ?? "",
        )}`
      : "";
    rows.push(
      `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(scenario.id)}</a></td><td>${escapeHtml(scenario.title)}</td>` +
        `<td><code>${escapeHtml(scenario.request.method)} ${escapeHtml(expand(scenario.request.url, ports))}</code></td>` +
        `<td>${expected}</td></tr>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>CORS Lab</title><style>${STYLE}</style></head><body>
<h1>CORS Lab: ${scenarios.length} scenarios</h1>
<p>Each link opens a runner page on the scenario's own origin; it makes one request and shows what script saw.
Open DevTools (the CORS panel) first. Every visit of this index uses fresh URLs, so no preflight cache applies.</p>
<table><thead><tr><th>id</th><th>scenario</th><th>request</th><th>Chromium (expected)</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></body></html>`;
}

/** The request as the runner's script needs it (placeholders expanded, token appended). */
export function runnerRequest(scenario: Scenario, ports: LabPorts, token: string) {
  const r = scenario.request;
  return {
    id: scenario.id,
    api: r.api,
    method: r.method,
    url: requestUrl(scenario, ports, token),
    headers: (r.headers ?? []).map(([n, v]) => [n, expand(v, ports, pageOrigin(scenario, ports))]),
    body: r.body ?? null,
    credentials: r.credentials ?? "same-origin",
    withCredentials: r.withCredentials ?? false,
    mode: r.mode ?? "cors",
    redirect: r.redirect ?? "follow",
    targetAddressSpace: r.targetAddressSpace ?? null,
    cookie: scenario.pageCookie ?? null,
  };
}

// Runs in the page. Kept tiny; every path ends in show(), which sets window.__labDone.
const RUNNER_SCRIPT = `
const show = (r) => {
  window.__labDone = r;
  document.title = "done: " + s.id;
  document.getElementById("out").textContent = JSON.stringify(r, null, 2);
};
try {
  if (s.cookie) document.cookie = s.cookie;
  if (s.api === "xhr") {
    const x = new XMLHttpRequest();
    x.open(s.method, s.url);
    x.withCredentials = s.withCredentials;
    for (const [n, v] of s.headers) x.setRequestHeader(n, v);
    x.onload = () => show({ ok: true, status: x.status, body: x.responseText.slice(0, 200) });
    x.onerror = () => show({ ok: false, status: x.status, readyState: x.readyState, error: "error event" });
    x.send(s.body);
  } else {
    const headers = new Headers();
    for (const [n, v] of s.headers) headers.append(n, v);
    const init = { method: s.method, headers, credentials: s.credentials, mode: s.mode, redirect: s.redirect };
    if (s.body !== null) init.body = s.body;
    if (s.targetAddressSpace !== null) init.targetAddressSpace = s.targetAddressSpace;
    fetch(s.url, init).then(
      (r) => r.text().then(
        (t) => show({ ok: true, status: r.status, type: r.type, redirected: r.redirected, body: t.slice(0, 200) }),
        (e) => show({ ok: true, status: r.status, type: r.type, bodyError: String(e) })),
      (e) => show({ ok: false, error: String(e) }));
  }
} catch (e) {
  show({ ok: false, error: "threw: " + String(e) });
}`;

export function runnerHtml(scenario: Scenario, ports: LabPorts, token: string): string {
  const request = runnerRequest(scenario, ports, token);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>lab: ${escapeHtml(scenario.id)}</title><style>${STYLE}</style></head><body>
<p><a href="/">CORS Lab</a> / ${escapeHtml(tokenScenarioId(token))}</p>
<h1>${escapeHtml(scenario.title)}</h1>
<p><code>${escapeHtml(request.api)} ${escapeHtml(request.method)} ${escapeHtml(request.url)}</code></p>
<pre id="out">running…</pre>
<script>
const s = ${scriptJson(request)};
${RUNNER_SCRIPT}
</script></body></html>`;
}
