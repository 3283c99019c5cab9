/**
 * The panel's on-demand parts in real Chromium, loaded by dynamic import() from chrome-extension://
 * (the product build, dist/): the detail view, the fix suggestions and the curl commands when a
 * row is selected, the report when the user shares (the load happens inside the click, which the
 * clipboard needs), the console reader when the paste box opens. And a build with chunks missing
 * (an extension updated under an open DevTools) says so instead of leaving a gap.
 */

import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST_PATH, type LabBrowser, launchLabBrowser } from "../../lab/browser.js";
import { loadScenarios, scenarioById } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";
import {
  click,
  expectedRows,
  newToken,
  pasteConsoleLine,
  runScenario,
  selectRow,
  showPanel,
  waitForExpectedRows,
  waitForPanel,
} from "./panel-driver.js";

const SCENARIO = "header-authorization-not-listed";

let lab: Lab;

beforeAll(async () => {
  if (!existsSync(join(DIST_PATH, "manifest.json"))) throw new Error("dist/ is missing: run npm run build");
  lab = await start(loadScenarios(), { ports: "ephemeral" });
});

afterAll(async () => {
  await lab?.close();
});

/** Runs the scenario in the inspected tab and selects its row; returns the panel. */
async function openDetail(browser: LabBrowser): Promise<{ panel: Frame; url: string; console: string | null }> {
  const panel = await showPanel(browser);
  const scenario = scenarioById(loadScenarios(), SCENARIO);
  const token = newToken(scenario);
  const expected = expectedRows(scenario, token, lab.ports);
  await runScenario(browser.page, lab, scenario, token);
  await waitForExpectedRows(panel, expected, `${SCENARIO}: its row`);
  const row = expected[0];
  if (!row) throw new Error(`${SCENARIO}: no request`);
  await selectRow(panel, row.url, row.method);
  return { panel, url: row.url, console: row.console };
}

/** Records each clipboard write with whether the page still had the click's user activation. */
async function recordClipboard(panel: Frame): Promise<void> {
  await panel.evaluate(() => {
    const writes: Array<{ text: string; activation: boolean; ok: boolean }> = [];
    (window as unknown as { clipboardWrites: typeof writes }).clipboardWrites = writes;
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = async (text: string) => {
      const activation = navigator.userActivation.isActive;
      try {
        await write(text);
        writes.push({ text, activation, ok: true });
      } catch (error) {
        writes.push({ text, activation, ok: false });
        throw error;
      }
    };
  });
}

describe("on-demand parts of the panel (dist/)", () => {
  let browser: LabBrowser;

  beforeAll(async () => {
    browser = await launchLabBrowser({ headless: true, distPath: DIST_PATH });
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
  });

  it("loads the fixes and curl with the detail view, the report on share and the console reader with the paste box", async () => {
    const { panel, url, console: consoleLine } = await openDetail(browser);
    await waitForPanel(
      panel,
      "the fix suggestions (a few stack tabs, every stack in the list, the headers or a snippet) and the curl preview",
      () =>
        document.querySelectorAll('[data-testid="stack-tab"]').length > 0 &&
        document.querySelectorAll('[data-testid="stack-select"] option').length > 20 &&
        (document.querySelector('[data-testid="fix-snippet"], [data-testid="neutral-headers"]')?.textContent ?? "") !==
          "" &&
        (document.querySelector('[data-testid="command-preview"]')?.textContent ?? "").startsWith("curl ") &&
        !document.querySelector('[data-testid="on-demand"]'),
      null,
    );

    // Share: the report's chunk loads inside the click (nothing hovered it first); the copy still
    // happens while the click's user activation lasts. puppeteer's evaluate carries a user gesture.
    await recordClipboard(panel);
    await panel.$eval('[data-testid="copy-report-md"]', (el) => (el as HTMLElement).click());
    // Wait for the outcome (copied or failed), then check it: a failure shows its message.
    await waitForPanel(
      panel,
      "the share outcome (copied or failed)",
      () => {
        const status = document.querySelector(
          '[data-testid="share-area"] [role="status"], [data-testid="share-failed"]',
        );
        return !!status && status.textContent !== "Preparing the report…";
      },
      null,
      5_000,
      // "Preparing the report…" turns into "Markdown copied." in the same element: text only.
      50,
    );
    expect(
      await panel.$eval('[data-testid="share-area"] .copy-controls', (el) => el.lastElementChild?.textContent ?? ""),
    ).toBe("Markdown copied.");
    const writes = (await panel.evaluate(
      () => (window as unknown as { clipboardWrites: unknown }).clipboardWrites,
    )) as Array<{ text: string; activation: boolean; ok: boolean }>;
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ activation: true, ok: true });
    expect(writes[0]?.text).toContain("# CORS Doctor report");
    expect(writes[0]?.text).toContain(url.split("?")[0]);

    // The console reader: loaded when the box opens, then reads a pasted line.
    if (!consoleLine) throw new Error(`${SCENARIO}: the fixture has no console line`);
    await pasteConsoleLine(panel, consoleLine);
    await waitForPanel(
      panel,
      "the pasted line read and matched to its row",
      () => document.querySelector<HTMLElement>('[data-testid="console-paste-result"]')?.dataset.matched === "true",
      null,
    );
    await click(panel, "paste-toggle");
  });
});

describe("a build whose fixes and report chunks are missing", () => {
  let browser: LabBrowser;
  let broken: string;

  beforeAll(async () => {
    broken = mkdtempSync(join(tmpdir(), "cors-doctor-broken-"));
    cpSync(DIST_PATH, broken, { recursive: true });
    const removed = readdirSync(join(broken, "assets")).filter((f) => /^(fixes|share-report)-.*\.js$/.test(f));
    expect(removed, "the build has a fixes chunk and a report chunk").toHaveLength(2);
    for (const file of removed) rmSync(join(broken, "assets", file));
    browser = await launchLabBrowser({ headless: true, distPath: broken });
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (broken) rmSync(broken, { recursive: true, force: true });
  });

  it("says what could not be loaded and what to do, and the rest of the detail view works", async () => {
    const { panel } = await openDetail(browser);
    await waitForPanel(
      panel,
      "the fix area's load failure",
      () => !!document.querySelector('[data-testid="load-failed"]'),
      null,
    );
    const message = await panel.$eval('[data-testid="load-failed"]', (el) => el.textContent ?? "");
    expect(message).toContain("The fix suggestions could not be loaded");
    expect(message).toContain("close and reopen DevTools");
    // The parts that did load are there: the diagnosis and the curl commands.
    await panel.waitForSelector('[data-testid="findings"]', { timeout: 5_000 });
    await panel.waitForSelector('[data-testid="command-preview"]', { timeout: 5_000 });

    await panel.$eval('[data-testid="copy-report-md"]', (el) => (el as HTMLElement).click());
    await waitForPanel(
      panel,
      "the report's load failure",
      () => !!document.querySelector('[data-testid="share-failed"]'),
      null,
    );
    expect(await panel.$eval('[data-testid="share-failed"]', (el) => el.textContent ?? "")).toContain(
      "The report could not be loaded",
    );
  });
});
