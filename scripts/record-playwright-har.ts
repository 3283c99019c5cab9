/**
 * Records test/fixtures/har/playwright-1.65-recordHar.har: Playwright's `recordHar` (npm
 * playwright-core) driving Debian's Chromium through the lab scenarios of scripts/har-producers.ts.
 * Run with `npx tsx scripts/record-playwright-har.ts`; needs /usr/bin/chromium and the lab's
 * fixed ports free.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_PATH, chromiumLabArgs, pageFetch } from "../lab/browser.js";
import { runScenarios, startLab, TIMEOUT_MS, tidyHar, writeFixture } from "./har-producers.js";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-playwright-"));
const harPath = join(dir, "recorded.har");
const lab = await startLab();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumLabArgs(), headless: true });
try {
  const context = await browser.newContext({ recordHar: { path: harPath, content: "omit" } });
  const page = await context.newPage();
  await runScenarios(
    {
      async open(url) {
        await page.goto(url, { waitUntil: "domcontentloaded", timeout: TIMEOUT_MS });
        await page.waitForFunction("window.__labDone !== undefined", undefined, { timeout: TIMEOUT_MS, polling: 50 });
      },
      fetch: (request) => page.evaluate(pageFetch, request),
    },
    lab.scenarios,
    "playwright",
  );
  await context.close();
  const har = tidyHar(JSON.parse(readFileSync(harPath, "utf8")));
  console.log(`Chromium ${browser.version()}: wrote ${writeFixture("playwright-1.65-recordHar.har", har)}`);
} finally {
  await browser.close();
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
}
