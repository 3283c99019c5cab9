/**
 * Driving the real CORS panel (the built extension in Chromium, DevTools open on the CORS Lab)
 * through its DOM contract (data-testid attributes), plus the lab bookkeeping the panel tests
 * share: committed fixtures relocated to this run's ports and token, and scenario runs.
 *
 * Every wait is bounded, and a timeout says what the panel showed instead.
 */

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "puppeteer-core";
import { fetchFromPage, type LabBrowser, type PageFetchResult } from "../../lab/browser.js";
import type { Fixture, TruthItem } from "../../lab/harness.js";
import { runnerRequest } from "../../lab/pages.js";
import {
  EXPECTATIONS_PATH,
  FIXTURE_DIR,
  type LabPorts,
  makeToken,
  runnerUrl,
  type Scenario,
} from "../../lab/scenario.js";
import type { Lab } from "../../lab/server.js";

/** How long the panel may take to show a request after the page's script saw it finish. */
export const PANEL_TIMEOUT_MS = 5_000;
const PAGE_TIMEOUT_MS = 15_000;

export type Verdict = "allowed" | "blocked" | "not-cors" | "network-error" | "unknown";

/** One `exchange-row` as the panel renders it. */
export interface RowView {
  readonly url: string;
  readonly method: string;
  readonly verdict: string;
  readonly corsError: string;
  readonly chromeError: string;
  /** `data-alt-cors-errors`: the CorsErrors the engine states as alternatives (credentials mode). */
  readonly altCorsErrors: readonly string[];
  readonly disagrees: string;
  readonly selected: boolean;
  /** The row's visible text (method, URL, state tag, status, verdict, error). */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// Lab fixtures and expectations

interface ExpectationEntry {
  readonly verdict: "unknown" | "no-exchange" | "disagrees";
  readonly reason: string;
}

export function loadExpectations(): Record<string, ExpectationEntry> {
  return (JSON.parse(readFileSync(EXPECTATIONS_PATH, "utf8")) as { expectations: Record<string, ExpectationEntry> })
    .expectations;
}

export function loadFixture(id: string): Fixture {
  const path = join(FIXTURE_DIR, `${id}.json`);
  if (!existsSync(path)) throw new Error(`no committed fixture for ${id} (npm run lab:record -- ${id})`);
  return JSON.parse(readFileSync(path, "utf8")) as Fixture;
}

/**
 * Rewrites text from a committed fixture (URLs, console lines) to another run: the fixture's run
 * token becomes `token` and each of its lab ports the same role's port in `ports`.
 */
export function relocate(text: string, from: Fixture["lab"], token: string, ports: LabPorts): string {
  const byPort = new Map<string, string>();
  for (const role of Object.keys(from.ports) as (keyof LabPorts)[]) {
    byPort.set(String(from.ports[role]), String(ports[role]));
  }
  const portPattern = new RegExp(`:(${[...byPort.keys()].join("|")})(?![0-9])`, "g");
  return text
    .split(from.token)
    .join(token)
    .replace(portPattern, (_, port: string) => `:${byPort.get(port) ?? port}`);
}

/** What the panel must show for one request of a scenario run. */
export interface ExpectedRow {
  readonly url: string;
  readonly method: string;
  readonly verdict: Verdict;
  /** `data-cors-error`: Chromium's CorsError, "" when none. */
  readonly corsError: string;
  /** Chromium's console line for the request, relocated to this run (null when none). */
  readonly console: string | null;
  readonly truth: TruthItem;
}

/** Chromium's truth for a scenario (committed fixture), relocated to a run with `token` on `ports`. */
export function expectedRows(
  scenario: Scenario,
  token: string,
  ports: LabPorts,
  expectations: Record<string, ExpectationEntry> = loadExpectations(),
): ExpectedRow[] {
  const fixture = loadFixture(scenario.id);
  const unknown = expectations[scenario.id]?.verdict === "unknown";
  return fixture.truth.map((truth) => ({
    url: relocate(truth.url, fixture.lab, token, ports),
    method: truth.method,
    verdict: unknown ? "unknown" : truth.outcome,
    corsError: unknown ? "" : (truth.corsError ?? ""),
    console: truth.console === null ? null : relocate(truth.console, fixture.lab, token, ports),
    truth,
  }));
}

// ---------------------------------------------------------------------------------------------
// Running scenarios in the inspected tab

export function newToken(scenario: Scenario): string {
  return makeToken(scenario.id, randomBytes(4).toString("hex"));
}

/** Navigates the inspected tab to a scenario's runner page and waits until its request settled. */
export async function runScenario(page: Page, lab: Lab, scenario: Scenario, token = newToken(scenario)) {
  await page.goto(runnerUrl(scenario, lab.ports, token), { waitUntil: "domcontentloaded", timeout: PAGE_TIMEOUT_MS });
  await page.waitForFunction("window.__labDone !== undefined", { timeout: PAGE_TIMEOUT_MS, polling: 25 });
  return token;
}

/**
 * Makes a scenario's request again from the page currently loaded in the tab (same URL, method,
 * headers, body and credentials as the runner), e.g. to hit the preflight cache, or to make
 * several requests from one page. The page must be on the scenario's page origin.
 */
export async function repeatRequest(page: Page, lab: Lab, scenario: Scenario, token: string): Promise<PageFetchResult> {
  return await fetchFromPage(page, runnerRequest(scenario, lab.ports, token));
}

// ---------------------------------------------------------------------------------------------
// Reading the panel

const READ_ROWS = `[...document.querySelectorAll('[data-testid="exchange-row"]')].map((r) => ({
  url: r.dataset.url ?? "",
  method: r.dataset.method ?? "",
  verdict: r.dataset.verdict ?? "",
  corsError: r.dataset.corsError ?? "",
  chromeError: r.dataset.chromeError ?? "",
  altCorsErrors: (r.dataset.altCorsErrors ?? "").split(" ").filter(Boolean),
  disagrees: r.dataset.disagrees ?? "",
  selected: r.getAttribute("aria-selected") === "true",
  text: r.innerText.replace(/\\s+/g, " ").trim(),
}))`;

export async function readRows(panel: Frame): Promise<RowView[]> {
  return (await panel.evaluate(READ_ROWS)) as RowView[];
}

export function describeRow(row: RowView): string {
  return (
    `${row.method} ${row.url} verdict=${row.verdict} cors-error=${JSON.stringify(row.corsError)}` +
    (row.chromeError ? ` chrome-error=${row.chromeError}` : "") +
    ` disagrees=${row.disagrees}${row.selected ? " (selected)" : ""} | ${row.text}`
  );
}

/** A summary of what the panel shows, for failure messages. */
export async function describePanel(panel: Frame): Promise<string> {
  try {
    const rows = await readRows(panel);
    const state = (await panel.evaluate(`(() => {
      const q = (id) => document.querySelector('[data-testid="' + id + '"]');
      const text = (id) => (q(id)?.innerText ?? "").replace(/\\s+/g, " ").trim();
      const detail = q("detail");
      return {
        counts: text("counts"),
        filter: q("filter")?.value ?? "",
        blockedOnly: q("blocked-only")?.checked ?? null,
        showNotCors: q("show-not-cors")?.checked ?? null,
        preserveLog: q("preserve-log")?.checked ?? null,
        precise: q("precise-mode") ? q("precise-mode").dataset.state + ": " + text("precise-mode") : "(none)",
        empty: text("empty-list"),
        detail: detail ? detail.dataset.verdict + " " + detail.dataset.corsError + " | " + text("headline") : "(none)",
        theme: document.querySelector("[data-theme]")?.dataset.theme ?? "(none)",
      };
    })()`)) as Record<string, unknown>;
    const lines = [
      `counts: ${state.counts}; filter ${JSON.stringify(state.filter)}; blocked-only ${state.blockedOnly}; show-not-cors ${state.showNotCors}; preserve-log ${state.preserveLog}`,
      `precise mode: ${state.precise}; theme ${state.theme}`,
      `detail: ${state.detail}`,
      rows.length === 0 ? `rows: none (empty list: ${JSON.stringify(state.empty)})` : `rows (${rows.length}):`,
      ...rows.map((r) => `  ${describeRow(r)}`),
    ];
    return lines.join("\n");
  } catch (error) {
    return `(could not read the panel: ${String(error)})`;
  }
}

/**
 * Waits (bounded, re-checked on every DOM mutation) until `predicate(arg)` is truthy in the panel;
 * on timeout throws `what` with what the panel showed.
 */
export async function waitForPanel<A>(
  panel: Frame,
  what: string,
  // biome-ignore lint/suspicious/noExplicitAny: runs in the panel with a JSON-serializable argument
  predicate: (arg: any) => unknown,
  arg: A,
  timeoutMs = PANEL_TIMEOUT_MS,
  // An interval, not "mutation": puppeteer's mutation polling observes nodes and attributes but
  // not characterData, so it misses a change of text alone (a count, a status line).
  polling: "mutation" | number = 50,
): Promise<void> {
  try {
    await panel.waitForFunction(predicate, { timeout: timeoutMs, polling }, arg);
  } catch (error) {
    if ((error as Error)?.name !== "TimeoutError") throw error;
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${what}\nthe panel showed:\n${await describePanel(panel)}`,
    );
  }
}

/**
 * Waits until the panel has a row for each expected request with the expected verdict and error,
 * built from the request's own entry (not a lone preflight standing in for it).
 */
export async function waitForExpectedRows(
  panel: Frame,
  expected: readonly Pick<ExpectedRow, "url" | "method" | "verdict" | "corsError">[],
  what = "the expected rows",
  timeoutMs = PANEL_TIMEOUT_MS,
): Promise<void> {
  const wanted = expected.map(({ url, method, verdict, corsError }) => ({ url, method, verdict, corsError }));
  await waitForPanel(
    panel,
    `${what}: ${wanted.map((w) => `${w.method} ${w.url} verdict=${w.verdict} cors-error=${JSON.stringify(w.corsError)}`).join("; ")}`,
    (list: typeof wanted) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')];
      return list.every((w) =>
        rows.some(
          (r) =>
            r.dataset.url === w.url &&
            r.dataset.method === w.method &&
            r.dataset.verdict === w.verdict &&
            // Chromium's CorsError is the engine's, or one it states as an alternative (the
            // credentials mode the capture leaves open), as the fuzz judge counts agreement.
            (r.dataset.corsError === w.corsError ||
              (w.corsError !== "" && (r.dataset.altCorsErrors ?? "").split(" ").includes(w.corsError))) &&
            // A lone preflight stands in for its request until the request's own entry arrives.
            !(r.textContent ?? "").includes("actual request not captured yet"),
        ),
      );
    },
    wanted,
    timeoutMs,
  );
}

// ---------------------------------------------------------------------------------------------
// Acting on the panel

export async function waitForPanelReady(panel: Frame): Promise<void> {
  await waitForPanel(
    panel,
    "the panel to render its toolbar",
    () => !!document.querySelector('[data-testid="counts"]'),
    null,
    15_000,
  );
}

/** Types into the filter box (sets the value and fires `input`, as typing does). */
export async function setFilter(panel: Frame, text: string): Promise<void> {
  await panel.evaluate((value) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="filter"]');
    if (!input) throw new Error("no filter box");
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  await waitForPanel(
    panel,
    `the filter box to hold ${JSON.stringify(text)}`,
    (value) => document.querySelector<HTMLInputElement>('[data-testid="filter"]')?.value === value,
    text,
  );
}

/** Ticks or unticks a toolbar checkbox by clicking it. */
export async function setCheckbox(panel: Frame, testId: string, checked: boolean): Promise<void> {
  const selector = `[data-testid="${testId}"]`;
  await panel.$eval(
    selector,
    (el, want) => {
      // A click, as a user's: toggles the box and fires its change event.
      if ((el as HTMLInputElement).checked !== want) (el as HTMLInputElement).click();
    },
    checked,
  );
  await waitForPanel(
    panel,
    `${testId} to be ${checked ? "ticked" : "unticked"}`,
    ([sel, want]) => document.querySelector<HTMLInputElement>(sel as string)?.checked === want,
    [selector, checked] as const,
  );
}

export async function click(panel: Frame, testId: string): Promise<void> {
  const selector = `[data-testid="${testId}"]`;
  await waitForPanel(panel, `a ${testId} element`, (sel) => !!document.querySelector(sel), selector);
  await panel.$eval(selector, (el) => (el as HTMLElement).click());
}

/** Opens the console paste box unless it is open, and pastes `text` into it as a user would. */
export async function pasteConsoleLine(panel: Frame, text: string): Promise<void> {
  const input = '[data-testid="console-paste-input"]';
  if (!(await panel.$(input))) await click(panel, "paste-toggle");
  await waitForPanel(panel, "the console paste box", (sel) => !!document.querySelector(sel), input);
  await panel.$eval(
    input,
    (el, value) => {
      const area = el as HTMLTextAreaElement;
      area.value = value;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    },
    text,
  );
}

/** Clicks the `index`-th row (in list order) for a request and waits for its detail view. */
export async function selectRow(panel: Frame, url: string, method: string, index = 0): Promise<void> {
  const clicked = await panel.evaluate(
    ([u, m, i]) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')].filter(
        (r) => r.dataset.url === u && r.dataset.method === m,
      );
      const row = rows[i as number];
      if (!row) return false;
      row.click();
      return true;
    },
    [url, method, index] as const,
  );
  if (!clicked)
    throw new Error(`no row #${index} for ${method} ${url}\nthe panel showed:\n${await describePanel(panel)}`);
  await waitForPanel(
    panel,
    `the detail view of ${method} ${url}`,
    (u) =>
      document.querySelector('[data-testid="detail"] .detail-title .url')?.textContent === u &&
      !!document.querySelector('[data-testid="exchange-row"][aria-selected="true"]'),
    url,
  );
}

/** The DevTools window has finished its own animations (tab switch underline and the like). */
export async function waitForDevToolsIdle(devtools: Page, timeoutMs = 5_000): Promise<void> {
  await devtools.waitForFunction(
    () =>
      document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
    { timeout: timeoutMs, polling: 50 },
  );
}

/** Shows the CORS panel in the browser's current DevTools window and waits until it rendered. */
export async function showPanel(browser: LabBrowser): Promise<Frame> {
  const panel = await browser.showPanel();
  await waitForPanelReady(panel);
  return panel;
}

/**
 * What DevTools' own HAR (`getHAR()` in the extension's devtools page) holds for a run now: to
 * tell a panel that missed an update from a capture that never had the data.
 */
export async function describeHar(browser: LabBrowser, token: string): Promise<string> {
  try {
    const log = await browser.getHar();
    const entries = log.entries.filter((e) => e.request.url.includes(token));
    if (entries.length === 0) return "getHAR(): no entry for this run";
    return [
      `getHAR() now (${entries.length} entries of this run):`,
      ...entries.map((e) => {
        const headers = Array.isArray(e.response.headers) ? e.response.headers.length : 0;
        return `  ${e.request.method} ${e.request.url} -> ${e.response.status} ${e.response._error ?? "ok"} (${headers} response headers, ${String(e._resourceType)})`;
      }),
    ].join("\n");
  } catch (error) {
    return `getHAR() failed: ${String(error)}`;
  }
}

/** The inspected tab's id, as the extension's devtools page sees it. */
export async function inspectedTabId(browser: LabBrowser): Promise<number> {
  return (await browser.devtoolsFrame().evaluate("chrome.devtools.inspectedWindow.tabId")) as number;
}

export type AttachProbe = { readonly attached: true } | { readonly attached: false; readonly message: string };

/**
 * Tries a fresh `chrome.debugger.attach` to the tab from an extension context (`frame`), and
 * detaches again at once when it worked. Chrome refuses a second attachment of the same
 * extension to a tab ("Another debugger is already attached"), so this tells whether a debugger
 * session of the extension is still alive.
 */
export async function probeDebuggerAttach(frame: Frame, tabId: number): Promise<AttachProbe> {
  return await frame.evaluate(async (id) => {
    try {
      await chrome.debugger.attach({ tabId: id }, "1.3");
    } catch (error) {
      return { attached: false as const, message: String((error as Error)?.message ?? error) };
    }
    await chrome.debugger.detach({ tabId: id });
    return { attached: true as const };
  }, tabId);
}

/** The precise-mode control now: its data-state and its text (the button and its popover). */
export async function preciseState(panel: Frame): Promise<{ state: string; text: string }> {
  return (await panel.$eval('[data-testid="precise-mode"]', (el) => ({
    state: (el as HTMLElement).dataset.state ?? "",
    text: (el as HTMLElement).textContent.replace(/\s+/g, " ").trim(),
  }))) as { state: string; text: string };
}

/**
 * Turns precise mode on as a user does and waits for the outcome: "Precise mode", then, the first
 * time in a profile, the confirmation under it (once turned on, the button turns it on at once).
 */
export async function turnPreciseOn(panel: Frame): Promise<{ state: string; text: string }> {
  await click(panel, "precise-on");
  await waitForPanel(
    panel,
    "the precise-mode confirmation or precise mode starting",
    () =>
      !!document.querySelector('[data-testid="precise-confirm"]') ||
      document.querySelector<HTMLElement>('[data-testid="precise-mode"]')?.dataset.state !== "off",
    null,
  );
  // Checked and clicked in one step: the confirmation is there or not, with no wait between.
  await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="precise-confirm"]')?.click());
  await waitForPanel(
    panel,
    "precise mode to finish starting",
    () => {
      const state = document.querySelector<HTMLElement>('[data-testid="precise-mode"]')?.dataset.state;
      return state === "on" || state === "unavailable";
    },
    null,
    10_000,
  );
  return await preciseState(panel);
}
