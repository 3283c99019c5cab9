/**
 * Values from the capture cannot break out of the report's structure: a line break, backticks,
 * pipes, `<` or HTML in a header value, a URL or a method stays inside its code span, code block,
 * or escaped prose in Markdown, and stays text in HTML.
 */

import { Window } from "happy-dom";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import { buildReport, RENDERERS } from "../../src/report/index.js";

const BREAKOUT =
  "x\n# Injected heading\n```\n~~~\n- list\n---\n<img src=x onerror=alert(1)><script>alert(2)</script> | a | b |\r\n`` ` ``` [link](https://evil.test) **bold** &amp;";

const h = (name: string, value: string) => ({ name, value });

function entry(url: string, requestHeaders: object[], responseHeaders: object[]) {
  return {
    startedDateTime: "2026-11-22T10:00:00.000Z",
    time: 5,
    _resourceType: "fetch",
    _initiator: { type: "script" },
    request: { method: "GET", url, httpVersion: "HTTP/1.1", headersSize: 300, headers: requestHeaders },
    response: {
      status: 200,
      statusText: "OK",
      httpVersion: "HTTP/1.1",
      headers: responseHeaders,
      redirectURL: "",
      content: { size: 0, mimeType: "text/plain" },
      _error: "net::ERR_FAILED",
    },
  };
}

function report(includeSecrets: boolean) {
  const har = {
    log: {
      version: "1.2",
      creator: { name: BREAKOUT, version: BREAKOUT },
      entries: [
        entry(
          `https://api.test/a\`b|c<d>?q=${encodeURIComponent(BREAKOUT)}`,
          [h("Origin", "https://app.test"), h("X-Note", BREAKOUT)],
          [h("Access-Control-Allow-Origin", `https://evil.test${BREAKOUT}`)],
        ),
        entry(
          "https://api.test/b",
          [h("Origin", "https://app.test")],
          [
            h("Access-Control-Allow-Origin", "https://app.test"),
            h("Access-Control-Allow-Credentials", BREAKOUT),
            h("Set-Cookie", BREAKOUT),
          ],
        ),
      ],
    },
  };
  const read = readHar(har);
  if (!read.ok) throw new Error(read.message);
  const items = read.exchanges.map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }));
  const env = { browser: BREAKOUT, tool: "test", captureMode: BREAKOUT, generatedAt: "now" };
  return buildReport(items, env, { includeSecrets, includeBodies: false, stack: "auto" });
}

/** The lines outside fenced code blocks; throws when a fence is left open. */
function outsideFences(markdown: string): string[] {
  const outside: string[] = [];
  let open: string | null = null;
  for (const line of markdown.split("\n")) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (open === null) {
      if (fence) open = fence;
      else outside.push(line);
    } else if (fence && fence.length >= open.length && line.trim() === fence) open = null;
  }
  expect(open, "a fence is left open").toBeNull();
  return outside;
}

describe.each([false, true])("with includeSecrets %s", (includeSecrets) => {
  it("Markdown: no heading, fence, list, HTML or link from a value", () => {
    const md = RENDERERS.md.render(report(includeSecrets));
    expect(md).not.toContain("\r");
    const lines = outsideFences(md);
    for (const line of lines) {
      if (line.startsWith("#"))
        expect(line).toMatch(/^(# CORS Doctor report$|## Fixes, one per server \(\d+\)$|## \d+\. [A-Z-]+ `|### [A-Z])/);
      expect(line).not.toMatch(/^(~~~|---|- list|Injected)/);
      // Outside code spans, `<` and `[` are escaped.
      const prose = line.replace(/(`+)(?:(?!\1).)*?\1/g, "");
      expect(prose, line).not.toMatch(/(^|[^\\])<(img|script)/);
      expect(prose, line).not.toMatch(/(^|[^\\])\[link\]/);
    }
    expect(md).toContain("Injected heading");
  });

  it("HTML: the values stay text", () => {
    const html = RENDERERS.html.render(report(includeSecrets));
    const window = new Window();
    window.document.write(html);
    const document = window.document;
    expect(document.querySelectorAll("img, script").length).toBe(0);
    // "Fixes, one per server", then the request.
    expect(document.querySelectorAll("h2").length).toBe(2 + 1);
    expect(document.querySelectorAll("section.server-fix").length).toBe(1);
    expect(document.querySelectorAll("a").length).toBe(
      [...document.querySelectorAll("a")].filter((a) => a.getAttribute("href")?.startsWith("https://")).length,
    );
    expect(document.body.textContent).toContain("<img src=x onerror=alert(1)>");
    window.close();
  });
});
