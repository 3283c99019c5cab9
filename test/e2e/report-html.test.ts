/**
 * The HTML report in real Chromium: hostile header values and URLs must stay text. No script may
 * run, no dialog may open, and the file must load nothing from anywhere.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM_PATH, chromiumLabArgs } from "../../lab/browser.js";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import { buildReport, RENDERERS } from "../../src/report/index.js";

const PAYLOADS = [
  `"><script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `</pre><svg onload="window.__pwned='svg'">`,
  `'><iframe srcdoc="<script>parent.__pwned='iframe'</script>">`,
  `<a href="javascript:window.__pwned='link'">click</a>`,
  `<style>body{background:url(https://tracker.example/x)}</style>`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/">`,
  `<script>alert(document.domain)</script>`,
];

describe("HTML report in Chromium", () => {
  it("renders hostile server text as text: no script, no dialog, no request", async () => {
    const har = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/har/canaries.har"), "utf8")) as {
      log: {
        entries: Array<{ request: { url: string }; response: { headers: Array<{ name: string; value: string }> } }>;
      };
    };
    const target = har.log.entries[2];
    if (!target) throw new Error("fixture changed");
    for (const [i, payload] of PAYLOADS.entries())
      target.response.headers.push({ name: `X-Hostile-${i}`, value: payload });
    target.response.headers.push({ name: "Access-Control-Allow-Methods", value: PAYLOADS[0] as string });
    target.request.url = `https://api.test/v1/me?q=${encodeURIComponent(PAYLOADS[1] as string)}&x="><script>window.__pwned='url'</script>`;
    const read = readHar(har);
    if (!read.ok) throw new Error(read.message);
    const html = RENDERERS.html.render(
      buildReport(
        read.exchanges.map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) })),
        {
          browser: PAYLOADS[0] as string,
          tool: "cors-doctor (test)",
          captureMode: PAYLOADS[2] as string,
          generatedAt: "now",
        },
        { includeSecrets: true, includeBodies: false, stack: "auto" },
      ),
    );
    const file = join(mkdtempSync(join(tmpdir(), "cors-doctor-report-")), "report.html");
    writeFileSync(file, html);

    const browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      args: chromiumLabArgs(),
    });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on("request", (request) => {
        requests.push(request.url());
      });
      await page.goto(`file://${file}`, { waitUntil: "load", timeout: 15_000 });
      const pwned = await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null);
      const text = await page.evaluate(() => document.body.textContent ?? "");
      const scripts = await page.evaluate(
        () => document.querySelectorAll("script, iframe, img, svg, meta[http-equiv='refresh']").length,
      );
      expect(pwned).toBeNull();
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([`file://${file}`]);
      expect(scripts).toBe(0);
      for (const payload of PAYLOADS) expect(text).toContain(payload);
      expect(page.url()).toBe(`file://${file}`);
    } finally {
      await browser.close();
    }
  });
});
