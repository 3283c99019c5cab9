/**
 * Records Chromium DevTools' own "Save all as HAR" exports of the lab scenarios in
 * scripts/har-producers.ts, both as the Network panel's export button writes them (sanitized:
 * test/fixtures/har/chromium-156-devtools-export.har) and "with sensitive data"
 * (chromium-156-devtools-export-sensitive.har).
 *
 * How: Debian's Chromium with DevTools opened on the tab (`--auto-open-devtools-for-tabs`); in the
 * DevTools window, the frontend's own modules make the file exactly as the export does
 * (devtools-frontend panels/network/NetworkLogView.ts `exportAll` → models/har/Writer.ts
 * `Writer.write` → `Writer.harStringForRequests(requests, {sanitize})`, over the requests
 * `harRequests()` picks: http(s), finished). Only the save-file dialog is skipped. "Preserve log"
 * is set, as a user would, so the second page keeps the first page's requests.
 * Run with `npx tsx scripts/record-devtools-har.ts`; needs /usr/bin/chromium and the lab's ports.
 */

import puppeteer, { type Page } from "puppeteer-core";
import { CHROMIUM_PATH, chromiumLabArgs, pageFetch, waitFor } from "../lab/browser.js";
import { runScenarios, startLab, TIMEOUT_MS, tidyHar, writeFixture } from "./har-producers.js";

/**
 * Runs in the DevTools window: the export's own code path, sanitized or not. A string, not a
 * function: tsx would wrap a function's inner functions in a helper the window does not have.
 */
function exportHarScript(sanitize: boolean): string {
  return `(async () => {
    const base = "devtools://devtools/bundled/";
    const [HAR, Logs, Common] = await Promise.all([
      import(base + "models/har/har.js"),
      import(base + "models/logs/logs.js"),
      import(base + "core/common/common.js"),
    ]);
    // NetworkLogView.harRequests(): http(s) requests that finished.
    const requests = Logs.NetworkLog.NetworkLog.instance()
      .requests()
      .filter((r) => (r.scheme === "http" || r.scheme === "https") && r.finished);
    const progress = new Common.Progress.CompositeProgress(new Common.Progress.Progress());
    return await HAR.Writer.Writer.harStringForRequests(requests, { sanitize: ${sanitize} }, progress);
  })()`;
}

/** Runs in the DevTools window: Network → "Preserve log" (the Network panel registers the setting when it loads). */
const PRESERVE_LOG_SCRIPT = `import("devtools://devtools/bundled/core/common/common.js").then((Common) =>
  Common.Settings.Settings.instance().createSetting("network-log.preserve-log", false).set(true))`;

const lab = await startLab();
const browser = await puppeteer.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...chromiumLabArgs(), "--auto-open-devtools-for-tabs"],
});
try {
  const [tab] = await browser.pages();
  if (!tab) throw new Error("no tab");
  const devtools: Page = await waitFor("the DevTools window", TIMEOUT_MS, async () => {
    const target = browser.targets().find((t) => t.url().startsWith("devtools://devtools/bundled/devtools_app.html"));
    return target ? ((await target.asPage()) ?? undefined) : undefined;
  });
  // The frontend has started once its settings exist (MainImpl creates them first).
  await waitFor("the DevTools frontend", TIMEOUT_MS, async () =>
    (await devtools.evaluate(
      "import('devtools://devtools/bundled/core/common/common.js').then((C) => C.Settings.Settings.hasInstance())",
    ))
      ? true
      : undefined,
  );
  await devtools.evaluate(PRESERVE_LOG_SCRIPT);
  // DevTools' network recording starts a moment after the window opens (browser-facts.md §0.5).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await runScenarios(
    {
      async open(url) {
        await tab.goto(url, { waitUntil: "domcontentloaded", timeout: TIMEOUT_MS });
        await tab.waitForFunction("window.__labDone !== undefined", { timeout: TIMEOUT_MS, polling: 50 });
      },
      fetch: (request) => tab.evaluate(pageFetch, request),
    },
    lab.scenarios,
    "devtools",
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (const [sanitize, name] of [
    [true, "chromium-156-devtools-export.har"],
    [false, "chromium-156-devtools-export-sensitive.har"],
  ] as const) {
    const har = tidyHar(JSON.parse((await devtools.evaluate(exportHarScript(sanitize))) as string));
    console.log(`${await browser.version()}: wrote ${writeFixture(name, har)}`);
  }
} finally {
  await browser.close();
  await lab.close();
}
