/**
 * The panel's layout at real DevTools sizes, checked on element boxes in real Chromium (the e2e
 * build, DevTools open on the CORS Lab): a wide window (1280x800), a side dock (700x800) and a
 * bottom dock (1280x380), in the light and the dark DevTools theme. At each size: the toolbar is
 * one row; the list (its header included) and the detail do not overlap and the detail is opaque;
 * header labels are whole and no cell reaches outside the list; the Name of requests that differ
 * only in their last path segment is different and fully visible; at least three rows and the
 * detail's headline are in view. Screenshots go to artifacts/e2e/ (gitignored).
 *
 * The requests that differ only in their last segment go to a server of this test (127.0.0.1,
 * reached as api.test like the lab's): no CORS headers (blocked), OPTIONS without them (a blocked
 * preflight), and one path that allows every origin.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Frame } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST_E2E_PATH, ensureBuilt, type LabBrowser, launchLabBrowser, REPO_ROOT } from "../../lab/browser.js";
import { loadScenarios, scenarioById } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";
import {
  expectedRows,
  newToken,
  runScenario,
  selectRow,
  setCheckbox,
  setFilter,
  showPanel,
  waitForDevToolsIdle,
  waitForExpectedRows,
  waitForPanel,
} from "./panel-driver.js";

const ARTIFACTS = join(REPO_ROOT, "artifacts", "e2e");

const SIZES = [
  { name: "wide-1280x800", width: 1280, height: 800 },
  { name: "side-dock-700x800", width: 700, height: 800 },
  { name: "bottom-dock-1280x380", width: 1280, height: 380 },
] as const;

/** Paths under one long common prefix: only the last segment tells them apart. */
const PREFIX = "/v1/organizations/acme-corporation/projects/2024/orders";
const SEGMENTS = ["alpha-widget", "beta-widget", "gamma-widget", "delta-widget?expand=lines"];

let lab: Lab;
let api: Server;
let apiPort: number;
let browser: LabBrowser;

beforeAll(async () => {
  ensureBuilt(DIST_E2E_PATH, "e2e");
  mkdirSync(ARTIFACTS, { recursive: true });
  lab = await start(loadScenarios(), { ports: "ephemeral" });
  api = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204).end();
      return;
    }
    const allowed = request.url?.includes("/allowed") ?? false;
    response.writeHead(200, {
      "content-type": "application/json",
      ...(allowed ? { "access-control-allow-origin": "*" } : {}),
    });
    response.end("{}");
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiPort = (api.address() as AddressInfo).port;
  browser = await launchLabBrowser({
    headless: true,
    distPath: DIST_E2E_PATH,
    devtoolsViewport: SIZES[0],
    devtoolsPreferences: { currentDockState: '"undocked"', "ui-theme": '"default"' },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await lab?.close();
  await new Promise((resolve) => api?.close(resolve));
});

const urlOf = (segment: string) => `http://api.test:${apiPort}${PREFIX}/${segment}`;

/** Runs a lab scenario (so the tab is on the lab's page origin) and this test's requests from it. */
async function makeRequests(panel: Frame): Promise<void> {
  const scenario = scenarioById(loadScenarios(), "acao-missing");
  const token = newToken(scenario);
  await runScenario(browser.page, lab, scenario, token);
  await waitForExpectedRows(panel, expectedRows(scenario, token, lab.ports), "the lab's acao-missing row");
  const requests = [
    ...SEGMENTS.map((s) => ({ url: urlOf(s), method: "GET", json: false })),
    { url: urlOf("epsilon-widget"), method: "PUT", json: true },
    { url: urlOf("allowed"), method: "GET", json: false },
  ];
  await browser.page.evaluate(async (list) => {
    for (const r of list) {
      await fetch(r.url, {
        method: r.method,
        ...(r.json ? { headers: { "content-type": "application/json" }, body: "{}" } : {}),
      }).catch(() => undefined);
    }
  }, requests);
  await waitForPanel(
    panel,
    "a row for each request to the test's server",
    (urls: string[]) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')];
      return urls.every((u) =>
        rows.some((r) => r.dataset.url === u && !(r.textContent ?? "").includes("actual request not captured yet")),
      );
    },
    requests.map((r) => r.url),
  );
}

/** Resizes the DevTools window and waits until the panel has laid itself out at the new size. */
async function resize(panel: Frame, size: { width: number; height: number }): Promise<void> {
  await browser.devtools.setViewport({ width: size.width, height: size.height });
  await waitForPanel(
    panel,
    `the panel to be about ${size.width}x${size.height}`,
    (s: { width: number; height: number }) =>
      Math.abs(window.innerWidth - s.width) < 40 &&
      window.innerHeight <= s.height &&
      window.innerHeight > s.height - 80,
    size,
  );
  await panel.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            clearTimeout(timer);
            resolve();
          }),
        );
      }),
  );
}

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface Geometry {
  readonly layout: string;
  readonly compact: string;
  readonly viewport: { width: number; height: number };
  readonly toolbar: Box;
  readonly toolbarRows: number;
  readonly list: Box;
  readonly listHeader: Box;
  readonly listBody: Box;
  readonly detail: Box;
  readonly detailBackground: string;
  readonly headline: Box;
  readonly clippedHeaders: string[];
  readonly cellsOutsideList: string[];
  readonly rowsInView: number;
  readonly names: { url: string; name: string; whole: boolean; box: Box }[];
}

/** Measures the panel (runs in it). */
function measure(urls: string[]): Geometry {
  const box = (el: Element | null): Box => {
    const r = el?.getBoundingClientRect();
    return r
      ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
      : { left: 0, top: 0, right: 0, bottom: 0 };
  };
  const q = (id: string) => document.querySelector(`[data-testid="${id}"]`);
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const toolbar = q("toolbar");
  const tops = new Set<number>();
  for (const child of toolbar ? [...toolbar.children] : []) {
    if (!visible(child)) continue;
    // Children in one row share their vertical middle (their heights differ).
    const r = child.getBoundingClientRect();
    tops.add(Math.round((r.top + r.bottom) / 2 / 8));
  }
  const list = q("list");
  const listBox = box(list);
  const header = q("list-header");
  const clippedHeaders = header
    ? [...header.children]
        .filter((c) => visible(c))
        .filter((c) => (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1)
        .map((c) => (c.textContent ?? "").trim())
    : [];
  const cellsOutsideList: string[] = [];
  const body = q("exchange-list");
  const bodyBox = box(body);
  let rowsInView = 0;
  for (const row of document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')) {
    const r = row.getBoundingClientRect();
    if (r.top >= bodyBox.top - 0.5 && r.bottom <= bodyBox.bottom + 0.5) rowsInView++;
    for (const cell of [...row.children, ...(header ? [...header.children] : [])]) {
      if (!visible(cell)) continue;
      const c = cell.getBoundingClientRect();
      if (c.right > listBox.right + 0.5 || c.left < listBox.left - 0.5) cellsOutsideList.push(cell.className);
    }
  }
  const names = urls.map((url) => {
    const row = [...document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')].find(
      (r) => r.dataset.url === url,
    );
    const name = row?.querySelector<HTMLElement>('[data-testid="row-name"]') ?? null;
    const nameBox = box(name);
    return {
      url,
      name: name?.textContent ?? "",
      whole:
        !!name &&
        visible(name) &&
        name.scrollWidth <= name.clientWidth + 1 &&
        nameBox.left >= listBox.left - 0.5 &&
        nameBox.right <= listBox.right + 0.5,
      box: nameBox,
    };
  });
  const detail = q("detail");
  return {
    layout: document.querySelector<HTMLElement>("[data-layout]")?.dataset.layout ?? "",
    compact: (list as HTMLElement | null)?.dataset.compact ?? "",
    viewport: { width: window.innerWidth, height: window.innerHeight },
    toolbar: box(toolbar),
    toolbarRows: tops.size,
    list: listBox,
    listHeader: box(header),
    listBody: bodyBox,
    detail: box(detail),
    detailBackground: detail ? getComputedStyle(detail).backgroundColor : "",
    headline: box(q("headline")),
    clippedHeaders,
    cellsOutsideList: [...new Set(cellsOutsideList)],
    rowsInView,
    names,
  };
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

describe("the panel at real DevTools sizes", () => {
  it.each(["light", "dark"] as const)(
    "%s theme: one toolbar row, no overlap, names visible",
    { timeout: 180_000 },
    async (theme) => {
      if (theme === "dark") {
        await browser.setDevToolsPreference("ui-theme", '"dark"');
        await browser.closeDevTools();
        await browser.openDevTools();
      }
      const panel = await showPanel(browser);
      expect(await panel.$eval("[data-theme]", (el) => (el as HTMLElement).dataset.theme)).toBe(theme);
      await setFilter(panel, "");
      await setCheckbox(panel, "preserve-log", true);
      await makeRequests(panel);
      const alpha = urlOf(SEGMENTS[0] as string);
      await selectRow(panel, alpha, "GET");
      await waitForPanel(
        panel,
        "the detail's headline",
        () => !!document.querySelector('[data-testid="headline"]'),
        null,
      );

      const sameButLast = SEGMENTS.map(urlOf);
      const report: string[] = [];
      for (const size of SIZES) {
        await resize(panel, size);
        const g = (await panel.evaluate(measure, sameButLast)) as Geometry;
        const at = `${theme} ${size.name} (panel ${g.viewport.width}x${g.viewport.height}, layout ${g.layout}, compact ${g.compact})`;
        report.push(
          `${at}: ${g.rowsInView} rows in view; names ${g.names.map((n) => JSON.stringify(n.name)).join(", ")}`,
        );
        await waitForDevToolsIdle(browser.devtools);
        writeFileSync(
          join(ARTIFACTS, `layout-${size.name}-${theme}.png`),
          await browser.devtools.screenshot({ type: "png" }),
        );

        expect(g.toolbarRows, `${at}: the toolbar is one row`).toBe(1);
        expect(g.toolbar.bottom - g.toolbar.top, `${at}: toolbar height`).toBeLessThan(36);
        expect(
          overlaps(g.listHeader, g.detail),
          `${at}: list header ${JSON.stringify(g.listHeader)} vs detail ${JSON.stringify(g.detail)}`,
        ).toBe(false);
        expect(
          overlaps(g.list, g.detail),
          `${at}: list ${JSON.stringify(g.list)} vs detail ${JSON.stringify(g.detail)}`,
        ).toBe(false);
        expect(overlaps(g.toolbar, g.detail) || overlaps(g.toolbar, g.list), `${at}: the toolbar overlaps`).toBe(false);
        expect(g.detail.right, `${at}: the detail ends inside the panel`).toBeLessThanOrEqual(g.viewport.width + 0.5);
        expect(g.detailBackground, `${at}: the detail is opaque`).toMatch(/^rgb\(/);
        expect(g.clippedHeaders, `${at}: header labels cut`).toEqual([]);
        expect(g.cellsOutsideList, `${at}: cells reaching outside the list`).toEqual([]);
        expect(new Set(g.names.map((n) => n.name)).size, `${at}: distinct names`).toBe(SEGMENTS.length);
        for (const [i, n] of g.names.entries()) {
          expect(n.name, `${at}: the name of ${n.url}`).toBe(SEGMENTS[i]);
          expect(
            n.whole,
            `${at}: ${n.name} fully visible (${JSON.stringify(n.box)}, list ${JSON.stringify(g.list)})`,
          ).toBe(true);
        }
        expect(g.rowsInView, `${at}: rows in view`).toBeGreaterThanOrEqual(3);
        expect(g.headline.bottom, `${at}: the headline is in view`).toBeLessThanOrEqual(
          Math.min(g.detail.bottom, g.viewport.height) + 0.5,
        );
        expect(g.headline.top, `${at}: the headline is in the detail`).toBeGreaterThanOrEqual(g.detail.top - 0.5);
        if (size.width === 700)
          expect(g.layout, `${at}: a narrow dock stacks the detail under the list`).toBe("stacked");
      }
      console.info(report.join("\n"));
      await resize(panel, SIZES[0]);
    },
  );
});
