/**
 * The panel's accessibility in real Chromium (the e2e build, DevTools undocked at 1280x800 on the
 * CORS Lab), in the light and the dark DevTools theme:
 *
 * - axe-core (npm), injected into the panel's page, finds no moderate, serious or critical
 *   violation in the panel's key states: empty, a list, the detail of a blocked request, the
 *   console paste box, an import error. Minor findings are printed.
 * - Keyboard only (Tab, arrow keys, Enter, typing): filter → list (ArrowDown selects) → detail →
 *   the stack tabs (one Tab stop; ArrowRight picks the next stack) → copy the fix. Focus lands
 *   where expected, every stop shows a visible focus ring (outline or box-shadow, read with
 *   getComputedStyle), and the fix's text reaches the clipboard.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Frame } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST_E2E_PATH, ensureBuilt, type LabBrowser, launchLabBrowser } from "../../lab/browser.js";
import { loadScenarios, scenarioById } from "../../lab/scenario.js";
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
  waitForExpectedRows,
  waitForPanel,
} from "./panel-driver.js";

/** axe-core's browser build, from the project's own install (a devDependency). */
const AXE_SOURCE = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve("axe-core/package.json")), "axe.min.js"),
  "utf8",
);

/** A blocked request whose diagnosis has a server fix (no Access-Control-Allow-Origin). */
const SCENARIO = "acao-missing";

let lab: Lab;
let browser: LabBrowser;

beforeAll(async () => {
  ensureBuilt(DIST_E2E_PATH, "e2e");
  lab = await start(loadScenarios(), { ports: "ephemeral" });
  browser = await launchLabBrowser({
    headless: true,
    distPath: DIST_E2E_PATH,
    devtoolsViewport: { width: 1280, height: 800 },
    devtoolsPreferences: { currentDockState: '"undocked"', "ui-theme": '"default"' },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await lab?.close();
});

interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** Runs axe-core on the panel's document (WCAG 2.x A/AA and best practices). */
async function runAxe(panel: Frame): Promise<AxeFinding[]> {
  if (!(await panel.evaluate("typeof window.axe === 'object'"))) await panel.evaluate(AXE_SOURCE);
  return (await panel.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
    }));
  })) as AxeFinding[];
}

/**
 * Checks one state: returns its moderate, serious and critical findings (which fail the test, after
 * every state was checked) and prints the minor ones.
 */
async function seriousFindings(panel: Frame, state: string): Promise<string[]> {
  const findings = await runAxe(panel);
  const serious = findings.filter((f) => f.impact === "moderate" || f.impact === "serious" || f.impact === "critical");
  const minor = findings.filter((f) => !serious.includes(f));
  if (minor.length > 0) {
    console.info(`${state}: ${minor.map((f) => `${f.impact} ${f.id} (${f.nodes.length}): ${f.help}`).join("; ")}`);
  }
  return serious.map((f) => `${state}: ${f.impact} ${f.id}: ${f.help}\n    ${f.nodes.slice(0, 5).join("\n    ")}`);
}

/** Switches DevTools to a theme (it reads the preference when it opens) and shows the panel. */
async function panelInTheme(theme: "light" | "dark"): Promise<Frame> {
  await browser.setDevToolsPreference("ui-theme", theme === "dark" ? '"dark"' : '"default"');
  await browser.closeDevTools();
  await browser.page.goto("about:blank");
  await browser.openDevTools();
  const panel = await showPanel(browser);
  expect(await panel.$eval("[data-theme]", (el) => (el as HTMLElement).dataset.theme)).toBe(theme);
  return panel;
}

/** Runs the blocked scenario and waits for its row; returns the row's URL and console line. */
async function blockedRequest(panel: Frame) {
  const scenario = scenarioById(loadScenarios(), SCENARIO);
  const token = newToken(scenario);
  await runScenario(browser.page, lab, scenario, token);
  const expected = expectedRows(scenario, token, lab.ports);
  await waitForExpectedRows(panel, expected, `the ${SCENARIO} row`);
  const row = expected[0];
  if (row?.verdict !== "blocked") throw new Error(`${SCENARIO}: expected one blocked request`);
  return { token, url: row.url, method: row.method, console: row.console };
}

/** Drops a file that is not a HAR on the panel, as a user dropping the wrong file does. */
async function dropBadFile(panel: Frame): Promise<void> {
  await panel.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["this is not a HAR"], "notes.har", { type: "application/json" }));
    document.querySelector(".app")?.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
  });
  await waitForPanel(panel, "the import error", () => !!document.querySelector('[data-testid="import-error"]'), null);
}

interface FocusStop {
  readonly what: string;
  readonly testId: string;
  readonly inDetail: boolean;
  readonly ring: string;
  readonly visible: boolean;
}

/** The focused element of the panel: what it is, and whether its focus ring shows. */
function focusStop(): FocusStop {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return { what: "(body)", testId: "", inDetail: false, ring: "", visible: false };
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
  const label = el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 30) ?? "";
  return {
    what: `${el.tagName.toLowerCase()}${el.getAttribute("role") ? `[role=${el.getAttribute("role")}]` : ""} "${label}"`,
    testId: el.dataset.testid ?? "",
    inDetail: !!el.closest('[data-testid="detail"]'),
    ring: outline ? `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : style.boxShadow,
    visible: outline || shadow,
  };
}

/** Presses Tab until focus is on `testId` (at most `limit` presses); returns every stop on the way. */
async function tabTo(panel: Frame, testId: string, limit: number): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let i = 0; i < limit; i++) {
    await browser.devtools.keyboard.press("Tab");
    const stop = (await panel.evaluate(focusStop)) as FocusStop;
    stops.push(stop);
    if (stop.testId === testId) return stops;
  }
  throw new Error(
    `${limit} presses of Tab did not reach ${testId}; focus went: ${stops.map((s) => s.what).join(" → ")}`,
  );
}

/** Records each clipboard write the panel makes (the copy itself still happens). */
async function recordClipboard(panel: Frame): Promise<void> {
  await panel.evaluate(() => {
    const writes: { text: string; ok: boolean }[] = [];
    (window as unknown as { clipboardWrites: typeof writes }).clipboardWrites = writes;
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = async (text: string) => {
      try {
        await write(text);
        writes.push({ text, ok: true });
      } catch (error) {
        writes.push({ text, ok: false });
        throw error;
      }
    };
  });
}

describe.each(["light", "dark"] as const)("the panel, %s theme", (theme) => {
  let panel: Frame;

  it("has no moderate, serious or critical axe-core violation in its key states", { timeout: 120_000 }, async () => {
    panel = await panelInTheme(theme);
    await setFilter(panel, "");
    await setCheckbox(panel, "preserve-log", false);
    await click(panel, "clear");
    await waitForPanel(panel, "the empty list", () => !!document.querySelector('[data-testid="empty-list"]'), null);
    const serious: string[] = [];
    serious.push(...(await seriousFindings(panel, `${theme}, empty`)));

    const request = await blockedRequest(panel);
    serious.push(...(await seriousFindings(panel, `${theme}, list`)));

    await selectRow(panel, request.url, request.method);
    // The fix area: a stack's snippet, or (no stack detected, as on the lab) the headers to send.
    await waitForPanel(
      panel,
      "the fix",
      () => !!document.querySelector('[data-testid="copy-fix"], [data-testid="copy-neutral"]'),
      null,
    );
    serious.push(...(await seriousFindings(panel, `${theme}, detail of a blocked request`)));

    if (!request.console) throw new Error(`${SCENARIO}: the fixture has no console line`);
    await pasteConsoleLine(panel, request.console);
    await waitForPanel(
      panel,
      "the pasted line's diagnosis",
      () => !!document.querySelector('[data-testid="console-paste-result"], [data-testid="console-paste-none"]'),
      null,
    );
    serious.push(...(await seriousFindings(panel, `${theme}, paste box`)));

    await dropBadFile(panel);
    serious.push(...(await seriousFindings(panel, `${theme}, import error`)));
    expect(serious, "moderate, serious or critical axe-core violations").toEqual([]);
  });

  it("goes filter → list → detail → copy fix by keyboard alone, focus always visible", {
    timeout: 120_000,
  }, async () => {
    panel = await panelInTheme(theme);
    await setFilter(panel, "");
    await click(panel, "clear");
    const request = await blockedRequest(panel);
    await recordClipboard(panel);

    // The starting point: focus in the filter box, as after clicking into the panel.
    await panel.focus('[data-testid="filter"]');
    await browser.devtools.keyboard.type(request.token);
    await waitForPanel(
      panel,
      "the list filtered to the run's request",
      (url) => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')];
        return rows.length === 1 && rows[0]?.dataset.url === url;
      },
      request.url,
    );

    const toList = await tabTo(panel, "exchange-list", 12);
    await browser.devtools.keyboard.press("ArrowDown");
    await waitForPanel(
      panel,
      "the row selected by the arrow key, and its detail",
      () => {
        const list = document.querySelector('[data-testid="exchange-list"]');
        const selected = document.querySelector('[data-testid="exchange-row"][aria-selected="true"]');
        return (
          document.activeElement === list &&
          !!selected &&
          list?.getAttribute("aria-activedescendant") === selected.id &&
          !!document.querySelector('[data-testid="copy-fix"], [data-testid="copy-neutral"]')
        );
      },
      null,
    );

    // The stack tabs are one Tab stop (the selected one, else the first: no stack is detected on
    // the lab, so the headers to send lead); arrow keys choose a stack and show its fix.
    const toTabs = await tabTo(panel, "stack-tab", 40);
    const readTabs = () =>
      panel.evaluate(() => ({
        first: document.querySelector<HTMLElement>('[data-testid="stack-tab"]')?.dataset.stack,
        focused: (document.activeElement as HTMLElement | null)?.dataset.stack ?? "",
        selected: document.querySelector<HTMLElement>('[data-testid="stack-tab"][aria-selected="true"]')?.dataset.stack,
        shown: document.querySelector<HTMLElement>('[data-testid="stack-fix"]')?.dataset.stack,
      }));
    const before = await readTabs();
    expect(before.focused, `${theme}: Tab lands on the selected stack tab, else the first`).toBe(
      before.selected ?? before.first,
    );
    await browser.devtools.keyboard.press("ArrowRight");
    await waitForPanel(
      panel,
      "the next stack's fix after ArrowRight",
      (was) => document.querySelector<HTMLElement>('[data-testid="stack-fix"]')?.dataset.stack !== was,
      before.shown,
    );
    const after = await readTabs();
    expect(after.focused, `${theme}: focus follows the arrow key`).not.toBe(before.focused);
    expect(after, `${theme}: the focused tab is selected and its fix shown`).toEqual({
      first: after.first,
      focused: after.focused,
      selected: after.focused,
      shown: after.focused,
    });

    const toCopy = await tabTo(panel, "copy-fix", 3);
    const toFix = [...toTabs, ...toCopy];
    const walk = [...toList, ...toFix];
    console.info(`${theme}: ${walk.map((s) => `${s.what} [${s.ring}]`).join(" → ")}`);
    for (const stop of walk) expect(stop.visible, `${theme}: a visible focus ring on ${stop.what}`).toBe(true);
    // After the list (and the splitter between them), Tab stays in the detail until the fix.
    const afterList = toFix.filter((s) => s.testId !== "splitter");
    for (const stop of afterList) expect(stop.inDetail, `${theme}: ${stop.what} is in the detail`).toBe(true);

    const snippet = await panel.$eval('[data-testid="fix-snippet"]', (el) => el.textContent ?? "");
    await browser.devtools.keyboard.press("Enter");
    await waitForPanel(panel, "the Copied. confirmation", () => !!document.querySelector(".copied"), null);
    const writes = await panel.evaluate(
      () => (window as unknown as { clipboardWrites: { text: string; ok: boolean }[] }).clipboardWrites,
    );
    expect(writes).toEqual([{ text: snippet, ok: true }]);
    expect(snippet.length).toBeGreaterThan(20);
  });
});
