/**
 * `npm start`: builds the extension, starts the CORS Lab, and opens Debian's Chromium with the
 * extension loaded and an undocked DevTools window of 1280x800 on the CORS panel. It runs a few lab
 * scenarios (the panel keeps them all) and ends with a blocked request selected and its fix in
 * view: the first thing a new user sees is a diagnosis.
 *
 * - With a DISPLAY: headful; stays open until Ctrl-C or the browser is closed.
 * - Without one (or with --headless): headless; writes screenshots of the lab page and of the
 *   DevTools window into artifacts/start-<timestamp>/ (named on stdout), then exits 0.
 * - `--docs-screenshot` (`npm run docs:screenshot`): headless, and the final DevTools screenshot
 *   also replaces docs/panel.png, the README's picture.
 *
 * Every wait is bounded; a run takes about half a minute.
 */

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Frame, Page } from "puppeteer-core";
import { launchLabBrowser, REPO_ROOT } from "../lab/browser.js";
import { loadScenarios, makeToken, runnerUrl } from "../lab/scenario.js";
import { type Lab, start } from "../lab/server.js";

/** Scenarios run at start (the ones that exist), in order; the panel keeps every request. */
const SHOWCASE = [
  "acao-trailing-slash",
  "credentials-wildcard",
  "allowed-exact-origin-with-credentials",
  "preflight-401-without-cors",
];
/** The blocked request selected at the end: its root cause and fix are the first impression. */
const FEATURED = "preflight-401-without-cors";
/** The DevTools window: undocked, about a laptop screen. */
const DEVTOOLS_SIZE = { width: 1280, height: 800 };
const DOCS_SCREENSHOT = join(REPO_ROOT, "docs", "panel.png");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function build(): void {
  console.log("building the extension (npx vite build)…");
  const result = spawnSync("npx", ["vite", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    console.error(`vite build failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

async function startLab(): Promise<Lab> {
  const scenarios = loadScenarios();
  try {
    return await start(scenarios);
  } catch (error) {
    console.log(`default lab ports busy (${(error as Error).message}); using free ports instead`);
    return await start(scenarios, { ports: "ephemeral" });
  }
}

/** Waits (bounded) until the panel's text mentions `needle`; returns whether it did. */
async function waitForPanelText(panel: Frame, needle: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await panel.evaluate("document.body ? document.body.innerText : ''").catch(() => "");
    if (typeof text === "string" && text.includes(needle)) return true;
    await sleep(100);
  }
  return false;
}

/** Ticks a checkbox of the panel (by test id) the way a click does, unless it is ticked. */
async function tick(panel: Frame, testId: string): Promise<void> {
  await panel.$eval(`[data-testid="${testId}"]`, (el) => {
    if (!(el as HTMLInputElement).checked) (el as HTMLInputElement).click();
  });
}

/**
 * Selects the blocked row of the featured run and waits (bounded) for its fix; scrolls the fix into
 * view when the detail's first screen does not show it. Returns whether the fix is shown.
 */
async function selectFeatured(panel: Frame, token: string): Promise<boolean> {
  const clicked = await panel.evaluate((t) => {
    const row = [...document.querySelectorAll<HTMLElement>('[data-testid="exchange-row"]')].find(
      (r) => r.dataset.url?.includes(t) && r.dataset.verdict === "blocked",
    );
    row?.click();
    return !!row;
  }, token);
  if (!clicked) return false;
  const shown = await panel
    .waitForFunction(() => !!document.querySelector('[data-testid="fix-area"]'), { timeout: 10_000, polling: 100 })
    .then(() => true)
    .catch(() => false);
  if (!shown) return false;
  await panel.evaluate(() => {
    const fix = document.querySelector('[data-testid="fix-area"]');
    if (fix && fix.getBoundingClientRect().top > window.innerHeight - 160) fix.scrollIntoView({ block: "start" });
  });
  return true;
}

/** Sizes the undocked DevTools window: its viewport headless, its window bounds headful. */
async function sizeDevTools(devtools: Page, headless: boolean): Promise<void> {
  if (headless) {
    await devtools.setViewport(DEVTOOLS_SIZE);
    return;
  }
  const session = await devtools.createCDPSession();
  try {
    const { windowId } = (await session.send("Browser.getWindowForTarget")) as { windowId: number };
    await session.send("Browser.setWindowBounds", { windowId, bounds: { ...DEVTOOLS_SIZE, windowState: "normal" } });
  } finally {
    await session.detach().catch(() => {});
  }
}

async function main(): Promise<void> {
  const docsScreenshot = process.argv.includes("--docs-screenshot");
  build();
  const lab = await startLab();
  const headless = docsScreenshot || process.argv.includes("--headless") || !process.env.DISPLAY;
  console.log(`lab: ${lab.scenarios.length} scenarios, ports ${JSON.stringify(lab.ports)}`);
  console.log(
    `launching /usr/bin/chromium (${headless ? "headless" : `headful on ${process.env.DISPLAY}`}), DevTools undocked`,
  );
  const browser = await launchLabBrowser({
    headless,
    devtoolsViewport: DEVTOOLS_SIZE,
    devtoolsPreferences: { currentDockState: '"undocked"' },
  });
  let closed = false;
  const shutdown = async (code: number) => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => {});
    await lab.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await sizeDevTools(browser.devtools, headless).catch((error) =>
      console.log(`(could not size the DevTools window: ${String(error)})`),
    );
    const panel = await browser.showPanel();
    await waitForPanelText(panel, "CORS", 10_000);
    await tick(panel, "preserve-log");
    await browser.page.goto(lab.indexUrl(), { waitUntil: "load" });
    console.log(`${browser.version}; extension ${browser.extensionId}; CORS panel shown`);
    console.log(`lab index: ${lab.indexUrl()}`);

    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const dir = join(REPO_ROOT, "artifacts", `start-${stamp}`);
    if (headless) {
      mkdirSync(dir, { recursive: true });
      console.log(`artifacts: ${relative(process.cwd(), dir) || dir}`);
      await browser.page.screenshot({ path: join(dir, "lab-index.png") });
    }
    const summary: Record<string, unknown>[] = [];
    const chosen = lab.scenarios.filter((s) => SHOWCASE.includes(s.id));
    chosen.sort((a, b) => SHOWCASE.indexOf(a.id) - SHOWCASE.indexOf(b.id));
    const runs = chosen.length > 0 ? chosen : lab.scenarios.slice(0, 3);
    let featuredToken: string | null = null;
    for (const scenario of runs) {
      const token = makeToken(scenario.id, `start${Date.now().toString(36)}`);
      await browser.page.goto(runnerUrl(scenario, lab.ports, token), { waitUntil: "load" });
      await browser.page.waitForFunction("window.__labDone !== undefined", { timeout: 15_000 });
      const seen = await waitForPanelText(panel, token, 5_000);
      if (scenario.id === FEATURED || (featuredToken === null && scenario.expect?.outcome === "blocked")) {
        featuredToken = token;
      }
      summary.push({ id: scenario.id, js: await browser.page.evaluate("window.__labDone"), panelShowedRequest: seen });
      console.log(`  ${scenario.id}: ran${seen ? "" : " (the panel did not list the request in 5 s)"}`);
    }
    const fixShown = featuredToken !== null && (await selectFeatured(panel, featuredToken));
    console.log(fixShown ? "a blocked request is selected, its fix in view" : "(no blocked request to select)");

    if (!headless) {
      console.log("DevTools is open with the CORS panel. Ctrl-C (or close the browser) to stop.");
      browser.browser.on("disconnected", () => void shutdown(0));
      return;
    }

    await sleep(300);
    const devtoolsPng = join(dir, "devtools.png");
    await browser.page.screenshot({ path: join(dir, "page.png") });
    await browser.devtools.screenshot({ path: devtoolsPng });
    const panelText = await panel.evaluate("document.body ? document.body.innerText : ''").catch(() => "");
    writeFileSync(join(dir, "panel.txt"), String(panelText));
    writeFileSync(
      join(dir, "summary.json"),
      `${JSON.stringify({ chromium: browser.version, fixShown, summary }, null, 2)}\n`,
    );
    if (docsScreenshot) {
      if (!fixShown) throw new Error("no fix on screen: docs/panel.png left as it was");
      copyFileSync(devtoolsPng, DOCS_SCREENSHOT);
      console.log(`docs/panel.png updated from ${relative(REPO_ROOT, devtoolsPng)}`);
    }
    console.log(`done; screenshots in ${dir}`);
    await shutdown(0);
  } catch (error) {
    console.error(error);
    await shutdown(1);
  }
}

await main();
