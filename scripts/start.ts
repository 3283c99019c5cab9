/**
 * `npm start`: builds the extension, starts the CORS Lab, and opens Debian's Chromium with the
 * extension loaded and DevTools (CORS panel) open on the lab index.
 *
 * - With a DISPLAY: headful; stays open until Ctrl-C or the browser is closed.
 * - Without one: headless; runs a few scenarios, writes screenshots of the lab page and of the
 *   DevTools window into artifacts/start-<timestamp>/ (named on stdout), then exits 0.
 */

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Frame } from "puppeteer-core";
import { launchLabBrowser, REPO_ROOT } from "../lab/browser.js";
import { loadScenarios, makeToken, runnerUrl } from "../lab/scenario.js";
import { type Lab, start } from "../lab/server.js";

/** Scenarios shown in a headless run (the first ones that exist). */
const SHOWCASE = [
  "acao-trailing-slash",
  "preflight-401-without-cors",
  "credentials-wildcard",
  "allowed-exact-origin-with-credentials",
];

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

async function main(): Promise<void> {
  build();
  const lab = await startLab();
  const headless = !process.env.DISPLAY;
  console.log(`lab: ${lab.scenarios.length} scenarios, ports ${JSON.stringify(lab.ports)}`);
  console.log(
    `launching /usr/bin/chromium (${headless ? "headless: no DISPLAY" : `headful on ${process.env.DISPLAY}`})`,
  );
  const browser = await launchLabBrowser({ headless });
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
    const panel = await browser.showPanel();
    await browser.page.goto(lab.indexUrl(), { waitUntil: "load" });
    console.log(`${browser.version}; extension ${browser.extensionId}; CORS panel shown`);
    console.log(`lab index: ${lab.indexUrl()}`);

    if (!headless) {
      console.log("DevTools is open on the lab index with the CORS panel. Ctrl-C (or close the browser) to stop.");
      browser.browser.on("disconnected", () => void shutdown(0));
      return;
    }

    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const dir = join(REPO_ROOT, "artifacts", `start-${stamp}`);
    mkdirSync(dir, { recursive: true });
    console.log(`artifacts: ${relative(process.cwd(), dir) || dir}`);
    await browser.devtools.setViewport({ width: 1280, height: 800 }).catch(() => {});
    await browser.page.screenshot({ path: join(dir, "lab-index.png") });
    const summary: Record<string, unknown>[] = [];
    const chosen = lab.scenarios.filter((s) => SHOWCASE.includes(s.id));
    for (const scenario of chosen.length > 0 ? chosen : lab.scenarios.slice(0, 3)) {
      const token = makeToken(scenario.id, `start${Date.now().toString(36)}`);
      await browser.page.goto(runnerUrl(scenario, lab.ports, token), { waitUntil: "load" });
      await browser.page.waitForFunction("window.__labDone !== undefined", { timeout: 15_000 });
      const seen = await waitForPanelText(panel, token, 5_000);
      await sleep(300);
      const pagePng = join(dir, `${scenario.id}-page.png`);
      const devtoolsPng = join(dir, `${scenario.id}-devtools.png`);
      await browser.page.screenshot({ path: pagePng });
      await browser.devtools.screenshot({ path: devtoolsPng });
      const panelText = await panel.evaluate("document.body ? document.body.innerText : ''").catch(() => "");
      writeFileSync(join(dir, `${scenario.id}-panel.txt`), String(panelText));
      summary.push({
        id: scenario.id,
        js: await browser.page.evaluate("window.__labDone"),
        panelShowedRequest: seen,
        screenshots: [relative(dir, pagePng), relative(dir, devtoolsPng)],
      });
      console.log(`  ${scenario.id}: screenshots written${seen ? "" : " (the panel did not list the request in 5 s)"}`);
    }
    writeFileSync(join(dir, "summary.json"), `${JSON.stringify({ chromium: browser.version, summary }, null, 2)}\n`);
    console.log(`done; screenshots in ${dir}`);
    await shutdown(0);
  } catch (error) {
    console.error(error);
    await shutdown(1);
  }
}

await main();
