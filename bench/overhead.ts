/**
 * Overhead on the inspected page: the load of a page making real cross-origin requests
 * (bench/cors-server.ts: 20 cross-origin images with `crossorigin`, which the load event waits
 * for, and 40 fetches of the usual mix started by its script), with DevTools open in both cases:
 * once in a Chromium with the extension installed and its CORS panel shown, once in a Chromium
 * without it. Both browsers run side by side in the same run and take turns, load after load.
 *
 * Figures: median load-event time and median time until the page's 40 fetches settled, each
 * with the other browser's median as the reference, a two-sided Mann-Whitney U test and a 95%
 * bootstrap interval for the difference of medians. "No measurable difference" means p ≥ 0.05
 * and an interval that contains 0.
 *
 * Each load is one run: the figures are min / median / max over the loads, with the browser
 * without the extension (the same-run reference) as min / median / max too.
 *
 * `npm run bench -- overhead`. CORS_BENCH_LOADS sets the number of loads per browser (default 40,
 * never fewer than `--runs`), CORS_BENCH_DIST another build of the extension.
 */

import { rmSync } from "node:fs";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import {
  CHROMIUM_PATH,
  chromiumLabArgs,
  DIST_PATH,
  type LabBrowser,
  launchLabBrowser,
  waitFor,
} from "../lab/browser.js";
import { type BenchServer, startBenchServer } from "./cors-server.js";
import { bareListenerExtension } from "./panel.js";
import type { BenchOptions, BenchResult } from "./results.js";
import { mannWhitney, measured, median, medianDifferenceInterval, spreadOf } from "./stats.js";

const DEFAULT_LOADS = 40;
const WARMUP = 2;
const IMAGES = 20;
const FETCHES = 40;
const LOAD_TIMEOUT_MS = 30_000;

interface Load {
  /** Navigation start to the end of the load event, ms. */
  readonly loadEvent: number;
  /** Navigation start until the page's fetches all settled, ms. */
  readonly fetchesSettled: number;
}

function progress(message: string): void {
  process.stderr.write(`  overhead: ${message}\n`);
}

/** Chromium without the extension, DevTools open on its tab (as launchLabBrowser does with it). */
async function launchWithoutExtension(): Promise<{ browser: Browser; page: Page }> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: chromiumLabArgs(),
    defaultViewport: { width: 1280, height: 800 },
  });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto("about:blank");
    const devtools = await page.openDevTools();
    await waitFor("DevTools to load", 30_000, async () =>
      (await devtools.evaluate("typeof DevToolsAPI === 'object' || typeof InspectorFrontendHost === 'object'"))
        ? true
        : undefined,
    );
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function measureLoad(page: Page, server: BenchServer, run: number): Promise<Load> {
  await page.goto(server.pageUrl(`load=${FETCHES}&images=${IMAGES}&run=${run}`), {
    waitUntil: "load",
    timeout: LOAD_TIMEOUT_MS,
  });
  await page.waitForFunction("window.corsBench && window.corsBench.loaded !== null", {
    timeout: LOAD_TIMEOUT_MS,
    polling: 20,
  });
  return (await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const loaded = (window as unknown as { corsBench: { loaded: number } }).corsBench.loaded;
    return { loadEvent: navigation?.loadEventEnd ?? Number.NaN, fetchesSettled: loaded };
  })) as Load;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function compare(name: string, withExtension: number[], without: number[], bare: number[]): BenchResult {
  const a = median(withExtension);
  const b = median(without);
  const { p } = mannWhitney(withExtension, without);
  const interval = medianDifferenceInterval(withExtension, without);
  const noDifference = p >= 0.05 && interval.low <= 0 && interval.high >= 0;
  const withoutSpread = spreadOf(without, 1);
  return {
    name,
    ...measured(withExtension, 1),
    unit: "ms",
    baseline: { label: "without the extension", value: withoutSpread.median, unit: "ms", spread: withoutSpread },
    reference: `without the extension ${round(b)} ms (DevTools open in both, ${withExtension.length} alternating loads each, same run); difference of medians ${round(a - b)} ms, 95% bootstrap interval [${round(interval.low)}, ${round(interval.high)}] ms, Mann-Whitney p = ${round(p, 3)}: ${noDifference ? "no measurable difference" : "a measurable difference"}; with an extension that only listens to onRequestFinished (DevTools' own cost of serving one) ${round(median(bare))} ms, ours against it p = ${round(mannWhitney(withExtension, bare).p, 3)}`,
    target: "no measurable difference",
  };
}

export async function benchOverhead(options: BenchOptions): Promise<BenchResult[]> {
  const LOADS = Math.max(options.runs, Number(process.env.CORS_BENCH_LOADS ?? DEFAULT_LOADS) || DEFAULT_LOADS);
  const server = await startBenchServer();
  let lab: LabBrowser | null = null;
  let plain: { browser: Browser; page: Page } | null = null;
  let bare: LabBrowser | null = null;
  let bareDir: string | null = null;
  try {
    lab = await launchLabBrowser({ headless: true, distPath: process.env.CORS_BENCH_DIST ?? DIST_PATH });
    await lab.showPanel();
    plain = await launchWithoutExtension();
    bareDir = bareListenerExtension();
    bare = await launchLabBrowser({ headless: true, distPath: bareDir });
    const pages = { with: lab.page, without: plain.page, bare: bare.page };
    const runs = { with: [] as Load[], without: [] as Load[], bare: [] as Load[] };
    const orders = [
      ["with", "without", "bare"],
      ["without", "bare", "with"],
      ["bare", "with", "without"],
    ] as const;
    for (let i = 0; i < WARMUP + LOADS; i++) {
      // Rotate which browser goes first, so none always loads right after another.
      for (const which of orders[i % orders.length] as (typeof orders)[number]) {
        const load = await measureLoad(pages[which], server, i);
        if (i >= WARMUP) runs[which].push(load);
      }
      if (i >= WARMUP && (i - WARMUP + 1) % 5 === 0) progress(`${i - WARMUP + 1}/${LOADS} loads each`);
    }
    const panelFrame = lab.panelFrame();
    const panelShown = panelFrame
      ? ((await panelFrame.evaluate(`document.querySelector('[data-testid="counts"]')?.textContent ?? ""`)) as string)
      : "";
    progress(`the CORS panel after the last load: ${panelShown.replace(/\s+/g, " ")}`);
    return [
      compare(
        "overhead: page load with the extension and DevTools open (load event, median)",
        runs.with.map((r) => r.loadEvent),
        runs.without.map((r) => r.loadEvent),
        runs.bare.map((r) => r.loadEvent),
      ),
      compare(
        "overhead: page's 40 cross-origin fetches settled with the extension (median)",
        runs.with.map((r) => r.fetchesSettled),
        runs.without.map((r) => r.fetchesSettled),
        runs.bare.map((r) => r.fetchesSettled),
      ),
    ];
  } finally {
    await lab?.close().catch(() => undefined);
    await plain?.browser.close().catch(() => undefined);
    await bare?.close().catch(() => undefined);
    if (bareDir) rmSync(bareDir, { recursive: true, force: true });
    await server.close();
  }
}

if (process.argv[1]?.endsWith("overhead.ts")) {
  const results = await benchOverhead({ runs: 5, harEntries: 0 });
  console.table(results.map((r) => ({ benchmark: r.name, value: r.value, unit: r.unit, target: r.target ?? "" })));
  for (const r of results) console.log(`${r.name}: ${r.reference}`);
}
