/**
 * Screenshots of the CORS panel's key states in the light and the dark DevTools theme, taken of
 * the real DevTools window (undocked, 1400x900) with the e2e build (precise mode needs the
 * debugger permission granted at install). Written to artifacts/e2e/ (gitignored). With
 * CORS_DOCTOR_UPDATE_DOCS=1 the light "selected blocked row" shot also replaces docs/panel.png
 * (committed; the README shows it), taken on the lab's default ports.
 *
 * Dark DevTools in headless Chromium: DevTools' own `ui-theme` preference. The launch writes it
 * (with the dock side) into a fresh profile's Preferences (`devtools.preferences`); switching is
 * InspectorFrontendHost.setPreference("ui-theme", '"dark"') and opening DevTools again. DevTools
 * then reports chrome.devtools.panels.themeName "dark" to extensions, and the panel follows.
 * (`--force-dark-mode` also works, through DevTools' default "system preference" theme.)
 */

import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame } from "puppeteer-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DIST_E2E_PATH, ensureBuilt, type LabBrowser, launchLabBrowser, REPO_ROOT } from "../../lab/browser.js";
import { loadScenarios, type Scenario, scenarioById } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";
import {
  click,
  expectedRows,
  newToken,
  pasteConsoleLine,
  runScenario,
  selectRow,
  setCheckbox,
  setFilter,
  showPanel,
  turnPreciseOn,
  waitForDevToolsIdle,
  waitForExpectedRows,
  waitForPanel,
} from "./panel-driver.js";

const ARTIFACTS = join(REPO_ROOT, "artifacts", "e2e");
const DOCS_SHOT = join(REPO_ROOT, "docs", "panel.png");
const DEVTOOLS_SIZE = { width: 1400, height: 900 };
const UPDATE_DOCS = process.env.CORS_DOCTOR_UPDATE_DOCS === "1";

/** Blocked requests of several kinds, and two that work, for the list. */
const LIST = [
  "allowed-wildcard-without-credentials",
  "acao-missing",
  "acao-trailing-slash",
  "credentials-wildcard",
  "preflight-401-without-cors",
  "method-put-not-listed",
  "allowed-preflight-200",
  "credentials-acac-missing",
  "header-authorization-not-listed",
];
/** The row selected for the detail view: a preflight failure with highlighted headers. */
const DETAIL = "header-authorization-not-listed";
const PRECISE = ["preflight-acao-missing", "credentials-wildcard"];
const PASTE = "acao-trailing-slash";

const catalogue = loadScenarios();
const scenario = (id: string): Scenario => scenarioById(catalogue, id);

let lab: Lab;
let browser: LabBrowser;

beforeAll(async () => {
  ensureBuilt(DIST_E2E_PATH, "e2e");
  mkdirSync(ARTIFACTS, { recursive: true });
  // The docs screenshot shows the lab's usual ports when they are free.
  lab = UPDATE_DOCS
    ? await start(loadScenarios()).catch(() => start(loadScenarios(), { ports: "ephemeral" }))
    : await start(loadScenarios(), { ports: "ephemeral" });
  browser = await launchLabBrowser({
    headless: true,
    distPath: DIST_E2E_PATH,
    devtoolsViewport: DEVTOOLS_SIZE,
    devtoolsPreferences: { currentDockState: '"undocked"', "ui-theme": '"default"' },
  });
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await lab?.close();
});

/** Runs a scenario (Preserve log is on) and waits for its row; returns the row's URL and method. */
async function run(panel: Frame, id: string): Promise<{ url: string; method: string; console: string | null }> {
  const s = scenario(id);
  const token = newToken(s);
  const expected = expectedRows(s, token, lab.ports);
  await runScenario(browser.page, lab, s, token);
  await waitForExpectedRows(panel, expected, `${id}: its row`);
  const first = expected[0];
  if (!first) throw new Error(`${id}: no request`);
  return { url: first.url, method: first.method, console: first.console };
}

/** Waits for the panel's next frames and DevTools' animations, then shoots the DevTools window. */
async function shoot(panel: Frame, name: string): Promise<string> {
  await panel.evaluate(
    () =>
      new Promise<void>((resolve) => {
        // Two frames: the virtualized list has measured and painted (bounded if frames stall).
        const timer = setTimeout(resolve, 1_000);
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            clearTimeout(timer);
            resolve();
          }),
        );
      }),
  );
  await waitForDevToolsIdle(browser.devtools);
  const path = join(ARTIFACTS, `${name}.png`);
  writeFileSync(path, await browser.devtools.screenshot({ type: "png" }));
  return path;
}

it.each([
  { theme: "light", devtools: "default" },
  { theme: "dark", devtools: "dark" },
] as const)(
  "the panel's key states in the $theme DevTools theme",
  { timeout: 120_000 },
  async ({ theme, devtools }) => {
    if (theme === "dark") {
      await browser.setDevToolsPreference("ui-theme", '"dark"');
      await browser.closeDevTools();
      await browser.openDevTools();
    }
    expect(await browser.devtoolsFrame().evaluate("chrome.devtools.panels.themeName")).toBe(devtools);
    const panel = await showPanel(browser);
    expect(await panel.$eval("[data-theme]", (el) => (el as HTMLElement).dataset.theme)).toBe(theme);
    await setFilter(panel, "");
    await setCheckbox(panel, "preserve-log", true);

    // 1. The list with several blocked rows.
    const rows = new Map<string, { url: string; method: string; console: string | null }>();
    for (const id of LIST) rows.set(id, await run(panel, id));
    const blocked = await panel.$$eval('[data-testid="exchange-row"][data-verdict="blocked"]', (els) => els.length);
    expect(blocked).toBeGreaterThanOrEqual(6);
    await shoot(panel, `panel-list-${theme}`);

    // 2. A selected blocked row: the detail view with the five questions and highlighted headers.
    const detail = rows.get(DETAIL);
    if (!detail) throw new Error(`${DETAIL} did not run`);
    await selectRow(panel, detail.url, detail.method);
    await waitForPanel(
      panel,
      "the detail view with five questions, highlighted headers and its on-demand parts loaded",
      () =>
        document.querySelectorAll('[data-testid="questions"] > li').length === 5 &&
        document.querySelectorAll('[data-testid="detail"] [data-highlighted="true"]').length > 0 &&
        !document.querySelector('[data-testid="on-demand"]'),
      null,
    );
    const detailShot = await shoot(panel, `panel-detail-${theme}`);
    expect(statSync(detailShot).size, "the detail screenshot stays small enough for docs/").toBeLessThan(300_000);
    if (theme === "light" && UPDATE_DOCS) copyFileSync(detailShot, DOCS_SHOT);

    // 3. Precise mode on: Chrome's own error next to the diagnosis.
    expect(await turnPreciseOn(panel)).toMatchObject({ state: "on" });
    let last = { url: "", method: "" };
    for (const id of PRECISE) last = await run(panel, id);
    await selectRow(panel, last.url, last.method);
    await waitForPanel(panel, '"Chrome says"', () => !!document.querySelector('[data-testid="chrome-says"]'), null);
    await shoot(panel, `panel-precise-${theme}`);
    await click(panel, "precise-off");
    await waitForPanel(
      panel,
      "precise mode off",
      () => document.querySelector<HTMLElement>('[data-testid="precise-mode"]')?.dataset.state === "off",
      null,
    );

    // 4. The console paste box with a pasted Chrome console line.
    const pasted = rows.get(PASTE);
    if (!pasted?.console) throw new Error(`${PASTE}: no console line`);
    await pasteConsoleLine(panel, pasted.console);
    await waitForPanel(
      panel,
      "a matched console-paste result",
      () => document.querySelector<HTMLElement>('[data-testid="console-paste-result"]')?.dataset.matched === "true",
      null,
    );
    await click(panel, "console-paste-select");
    await shoot(panel, `panel-console-paste-${theme}`);
    // Close the paste box again for the next theme's run (a new DevTools window starts closed anyway).
    await click(panel, "paste-toggle");
  },
);
