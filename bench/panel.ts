/**
 * The CORS panel in real Chromium: the built extension (dist/), DevTools open on a page that
 * makes real cross-origin requests (bench/cors-server.ts), Chromium's DevTools delivering each
 * finished request to the panel through chrome.devtools.network.onRequestFinished.
 *
 * Figures:
 * - JS heap of the panel's renderer after a forced GC, with 10,000 requests in the panel
 *   (CDP on the panel's target; the reference is the same panel, empty, in the same run);
 * - main-thread cost per incoming request, median and p95: the panel's handler taking the entry
 *   plus its share of the flush and render that showed it (updates are coalesced per frame),
 *   from the panel's inert `cors-doctor:*` User Timing measures, read by a PerformanceObserver in
 *   the panel's frame; the mean main-thread time per request from CDP's TaskDuration (style,
 *   layout, paint and DevTools' messaging included) is the reference;
 * - time to render the list of 10,000 rows (the filter cleared, to the next painted frame);
 * - the panel's own part: its onRequestFinished callback taking a request's last entry to the frame
 *   painted with its diagnosis, p50 and p95 (panel measures; a task posted from the frame's
 *   requestAnimationFrame callback runs once it is drawn);
 * - request finished (the page's fetch settled, body read) to its diagnosis painted, DevTools'
 *   delivery included, matched by each request's unique URL on the machine's clock, beside the
 *   same stream to a bare listener;
 * - importing a 10,000-entry HAR file, from the file chosen to the first screen of rows painted,
 *   and to every entry diagnosed and painted.
 *
 * Each figure is min / median / max over `--runs` runs (default 5), each a fresh Chromium; after
 * each, the same stream to a bare listener gives DevTools' own delivery time, the same-run floor.
 *
 * `npm run bench -- panel`. Environment: CORS_BENCH_REQUESTS (default 10000),
 * CORS_BENCH_PROFILE=<file.cpuprofile> to record a CPU profile of the panel during the stream,
 * CORS_BENCH_DUMP=<file.json> to write every request's times and every measure,
 * CORS_BENCH_DIST=<dir> to load another build (e.g. an unminified one for profiling).
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CDPSession, Frame, Page } from "puppeteer-core";
import { DIST_PATH, type LabBrowser, launchLabBrowser, waitFor } from "../lab/browser.js";
import { type BenchServer, MIX, startBenchServer } from "./cors-server.js";
import { generateHar } from "./generate-har.js";
import type { BenchOptions, BenchResult } from "./results.js";
import { measured, median, spreadOf } from "./stats.js";

const REQUESTS = Math.max(100, Number(process.env.CORS_BENCH_REQUESTS ?? 10_000) || 10_000);
const BATCH = 500;
const CONCURRENCY = 8;
const BATCH_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 120_000;

const PANEL_SUFFIX = "/src/extension/panel.html";

/** The file every run imports. */
const HAR_TEXT = generateHar(10_000);
const harBytes = Buffer.byteLength(HAR_TEXT);

/** [name, startTime, duration, detail] as the panel's PerformanceObserver saw it. */
type Measure = [string, number, number, Record<string, unknown> | null];

/** Installed in the panel's frame: collects the panel's `cors-doctor:*` measures. */
const OBSERVE = `(() => {
  if (window.__corsBench) return performance.timeOrigin;
  const bench = { entries: [] };
  bench.observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name.startsWith("cors-doctor:")) bench.entries.push([e.name, e.startTime, e.duration, e.detail ?? null]);
    }
  });
  bench.observer.observe({ type: "measure" });
  // The panel measures only while this mark is in its timeline (src/panel/state/timing.ts).
  performance.mark("cors-doctor:observe");
  bench.take = () => { const out = bench.entries; bench.entries = []; return out; };
  window.__corsBench = bench;
  return performance.timeOrigin;
})()`;

export interface PanelTarget {
  readonly frame: Frame;
  readonly cdp: CDPSession;
}

/** A CDP session on the panel's own target (its renderer: heap, metrics, profiler). */
export async function panelTarget(lab: LabBrowser, frame: Frame): Promise<PanelTarget> {
  const target = await waitFor("the panel's target", 10_000, () =>
    lab.browser
      .targets()
      .find((t) => t.url().startsWith(`chrome-extension://${lab.extensionId}/`) && t.url().endsWith(PANEL_SUFFIX)),
  );
  const cdp = await target.createCDPSession();
  await cdp.send("Performance.enable");
  return { frame, cdp };
}

/** Used JS heap of the panel's renderer after a forced garbage collection, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  return usage.usedSize;
}

/** The renderer's cumulative main-thread times (CDP Performance metrics), in ms. */
export async function mainThreadMs(cdp: CDPSession): Promise<Record<"task" | "script" | "layout" | "style", number>> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return {
    task: ms("TaskDuration"),
    script: ms("ScriptDuration"),
    layout: ms("LayoutDuration"),
    style: ms("RecalcStyleDuration"),
  };
}

async function takeMeasures(frame: Frame): Promise<Measure[]> {
  // PerformanceObserver callbacks arrive in a task of their own: let them run first.
  return (await frame.evaluate(
    "new Promise((r) => setTimeout(() => r(window.__corsBench ? window.__corsBench.take() : []), 20))",
  )) as Measure[];
}

async function countsText(frame: Frame): Promise<string> {
  return (await frame.evaluate(
    `(document.querySelector('[data-testid="counts"]')?.textContent ?? "").replace(/\\s+/g, " ").trim()`,
  )) as string;
}

function progress(message: string): void {
  process.stderr.write(`  panel: ${message}\n`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

interface StreamFigures {
  perRequestMs: number[];
  latencyMs: number[];
  /** Request settled in the page to the panel's flush for it: DevTools' delivery and any queue. */
  deliveryMs: number[];
  /** The panel's onRequestFinished callback taking the request's last entry to its row painted: the panel's part. */
  callbackToPaintedMs: number[];
  /** The same, to the list's commit (before style, layout and paint). */
  callbackToCommitMs: number[];
  /** Request settled in the page to the panel's callback: DevTools' delivery to this panel. */
  settledToCallbackMs: number[];
  /** Request settled to its row painted: what a user sees, DevTools' delivery included. */
  settledToPaintedMs: number[];
  deliveries: number;
  taskMsPerDelivery: number;
  /** Per delivery, ms: script, layout and style recalculation (CDP Performance metrics). */
  mainThread?: { script: number; layout: number; style: number };
  unmatched: number;
}

/** The URL inside an exchange id (`<startedDateTime> <METHOD> <url>`), or null for a lone preflight. */
function urlOfId(id: string): string | null {
  if (id.endsWith(" preflight") || id.includes("(actual not captured)") || id.includes(" #")) return null;
  const parts = id.split(" ");
  return parts.length >= 3 ? (parts[2] as string) : null;
}

/**
 * Per delivery: from the handler taking the entry (`ingest` start) to the list's commit after the
 * flush it caused (all in the same task: the flush and Preact's render are microtasks). Per request:
 * its last delivery to the panel's onRequestFinished callback (`ingest` start, detail.url), the
 * first flush after it that built the request's row, that flush's list commit, and when that
 * frame was painted (`painted`: a task posted from a requestAnimationFrame callback, which runs
 * once the frame is drawn). A later rebuild of the row (a getHAR() re-read bringing a fuller
 * copy, a Chrome report) is not a delivery and does not move these times.
 */
function analyse(measures: Measure[], settled: Map<string, number>, timeOrigin: number) {
  measures.sort((a, b) => a[1] - b[1]);
  const perRequestMs: number[] = [];
  /** A list render's start → when its frame was painted. */
  const paintedEnd = new Map<number, number>();
  for (const [name, start, duration] of measures) {
    if (name === "cors-doctor:painted") paintedEnd.set(start, start + duration);
  }
  /** Requests delivered since their row was last built: URL → the callback's time. */
  const awaiting = new Map<string, number>();
  /** Each request's last delivery and when the row it brought was flushed, committed and painted. */
  const shown = new Map<string, { received: number; flushed: number; committed: number; painted: number | null }>();
  let deliveries = 0;
  /** Durations of the single-entry ingests (onRequestFinished deliveries) since the last flush. */
  let waiting: number[] = [];
  for (let i = 0; i < measures.length; i++) {
    const [name, start, duration, detail] = measures[i] as Measure;
    if (name === "cors-doctor:ingest") {
      if (detail?.entries === 1) {
        waiting.push(duration);
        if (typeof detail.url === "string") awaiting.set(detail.url, timeOrigin + start);
      }
      continue;
    }
    if (name !== "cors-doctor:flush") continue;
    // The list's render is the first after the flush, before the next delivery or flush.
    let render: Measure | undefined;
    for (let j = i + 1; j < measures.length; j++) {
      const next = (measures[j] as Measure)[0];
      if (next === "cors-doctor:ingest" || next === "cors-doctor:flush") break;
      if (next === "cors-doctor:list-render") {
        render = measures[j];
        break;
      }
    }
    const committed = render ? render[1] + render[2] : start + duration;
    const painted = render ? paintedEnd.get(render[1]) : undefined;
    for (const id of (detail?.built as string[] | undefined) ?? []) {
      const url = urlOfId(id);
      const received = url ? awaiting.get(url) : undefined;
      if (!url || received === undefined) continue;
      awaiting.delete(url);
      shown.set(url, {
        received,
        flushed: timeOrigin + start,
        committed: timeOrigin + committed,
        painted: painted === undefined ? null : timeOrigin + painted,
      });
    }
    // Each delivery's cost: its own ingest plus its share of the flush and render it waited for.
    const share = (committed - start) / Math.max(1, waiting.length);
    for (const ingest of waiting) perRequestMs.push(ingest + share);
    deliveries += waiting.length;
    waiting = [];
  }
  const latencyMs: number[] = [];
  const deliveryMs: number[] = [];
  const callbackToPaintedMs: number[] = [];
  const callbackToCommitMs: number[] = [];
  const settledToCallbackMs: number[] = [];
  const settledToPaintedMs: number[] = [];
  let unmatched = 0;
  for (const [url, at] of settled) {
    if (!url.includes("api.test")) continue;
    const times = shown.get(url);
    if (times === undefined) {
      unmatched++;
      continue;
    }
    latencyMs.push(times.committed - at);
    deliveryMs.push(times.flushed - at);
    callbackToCommitMs.push(times.committed - times.received);
    settledToCallbackMs.push(times.received - at);
    if (times.painted !== null) {
      callbackToPaintedMs.push(times.painted - times.received);
      settledToPaintedMs.push(times.painted - at);
    }
  }
  const dump = process.env.CORS_BENCH_DUMP;
  if (dump) {
    const rows = [...settled].map(([url, at]) => {
      const times = shown.get(url);
      return [
        url,
        at,
        times?.received ?? null,
        times?.flushed ?? null,
        times?.committed ?? null,
        times?.painted ?? null,
      ];
    });
    writeFileSync(dump, JSON.stringify({ requests: rows, measures }));
  }
  return {
    perRequestMs,
    latencyMs,
    deliveryMs,
    callbackToPaintedMs,
    callbackToCommitMs,
    settledToCallbackMs,
    settledToPaintedMs,
    deliveries,
    unmatched,
  };
}

/** Makes requests `from..from+count-1` of the mix in the page; returns [url, settled epoch ms] of each. */
async function runBatch(page: Page, from: number, count: number): Promise<[string, number][]> {
  await page.evaluate(
    (f, c, n, timeout) =>
      Promise.race([
        (window as unknown as { corsBench: { run(f: number, c: number, n: number): Promise<number> } }).corsBench.run(
          f,
          c,
          n,
        ),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`batch timed out after ${timeout} ms`)), timeout)),
      ]),
    from,
    count,
    CONCURRENCY,
    BATCH_TIMEOUT_MS,
  );
  return (await page.evaluate("window.corsBench.take()")) as [string, number][];
}

async function streamRequests(page: Page, panel: PanelTarget, timeOrigin: number): Promise<StreamFigures> {
  const settled = new Map<string, number>();
  const measures: Measure[] = [];
  const before = await mainThreadMs(panel.cdp);
  const profile = process.env.CORS_BENCH_PROFILE;
  if (profile) {
    await panel.cdp.send("Profiler.enable");
    await panel.cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await panel.cdp.send("Profiler.start");
  }
  for (let from = 0; from < REQUESTS; from += BATCH) {
    const count = Math.min(BATCH, REQUESTS - from);
    for (const [url, at] of await runBatch(page, from, count)) settled.set(url, at);
    measures.push(...(await takeMeasures(panel.frame)));
    progress(`${from + count}/${REQUESTS} requests settled; panel: ${await countsText(panel.frame)}`);
  }
  // Wait (bounded) until the panel has taken every delivery: no new measure for 2 s.
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quietSince = Date.now();
  while (Date.now() < deadline && Date.now() - quietSince < 2_000) {
    const more = await takeMeasures(panel.frame);
    if (more.length > 0) {
      measures.push(...more);
      quietSince = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const after = await mainThreadMs(panel.cdp);
  if (profile) {
    const { profile: cpu } = await panel.cdp.send("Profiler.stop");
    writeFileSync(profile, JSON.stringify(cpu));
    progress(`CPU profile of the panel written to ${profile}`);
    printTopFunctions(cpu);
  }
  const figures = analyse(measures, settled, timeOrigin);
  const per = (key: keyof typeof after) => (after[key] - before[key]) / Math.max(1, figures.deliveries);
  return {
    ...figures,
    taskMsPerDelivery: per("task"),
    mainThread: { script: per("script"), layout: per("layout"), style: per("style") },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The functions with the most self time in a CPU profile (stderr). */
function printTopFunctions(cpu: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): void {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = cpu.samples ?? [];
  const deltas = cpu.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] as number);
    if (!node) continue;
    const file = node.callFrame.url.split("/").pop() ?? "";
    const key = `${node.callFrame.functionName || "(anonymous)"} ${file}:${node.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  progress(`profile: ${round(total)} ms sampled; top self time:`);
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    progress(`  ${round(ms).toString().padStart(9)} ms  ${key}`);
  }
}

/** Sets the filter box (as typing does) and returns ms to the list's commit and to the next painted frame. */
async function filterTo(frame: Frame, text: string): Promise<{ committedMs: number; paintedMs: number }> {
  return (await frame.evaluate(async (value) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="filter"]');
    if (!input) throw new Error("no filter box");
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    // Preact renders in a microtask queued by the input handler, before this continuation.
    await null;
    const committed = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { committedMs: committed - t0, paintedMs: performance.now() - t0 };
  }, text)) as { committedMs: number; paintedMs: number };
}

async function setCheckbox(frame: Frame, testId: string, checked: boolean): Promise<void> {
  await frame.evaluate(
    (id, want) => {
      const box = document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
      if (box && box.checked !== want) box.click();
    },
    testId,
    checked,
  );
  await frame.evaluate("new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))");
}

async function listRenderMs(frame: Frame): Promise<{ paintedMs: number; committedMs: number; rows: number }> {
  await setCheckbox(frame, "show-not-cors", true);
  const painted: number[] = [];
  const committed: number[] = [];
  for (let i = 0; i < 7; i++) {
    await filterTo(frame, "no-such-request-anywhere");
    const timing = await filterTo(frame, "");
    painted.push(timing.paintedMs);
    committed.push(timing.committedMs);
  }
  const rows = (await frame.evaluate(
    `parseInt(document.querySelector('[data-testid="exchange-list"] > div')?.style.height ?? "0", 10) / 22`,
  )) as number;
  await setCheckbox(frame, "show-not-cors", false);
  painted.sort((a, b) => a - b);
  committed.sort((a, b) => a - b);
  return { paintedMs: percentile(painted, 50), committedMs: percentile(committed, 50), rows };
}

/** Rows a first screen of the list shows (22 px rows): the import's first paint needs this many. */
const FIRST_SCREEN_ROWS = 20;

interface ImportTimes {
  /** File chosen to the first frame painted with a screen of rows (their diagnoses shown). */
  readonly firstMs: number;
  /** File chosen to the frame painted once every entry is read and diagnosed (no progress shown). */
  readonly completeMs: number;
  readonly rows: number;
  /** The rows of the first screen's frame. */
  readonly firstRows: number;
}

/**
 * Imports a HAR file through the panel's file input, timed by the panel's own measures from the
 * file chosen (its `change` event): the list cleared for the file (a list render of no rows), then
 * the first frame painted with a screen of rows, and the first painted with no row left to
 * diagnose and at least `minRows` rows (`cors-doctor:painted`: a task posted from the frame's
 * requestAnimationFrame callback, which runs once the frame is drawn).
 */
async function importMs(frame: Frame, path: string, minRows: number): Promise<ImportTimes> {
  await frame.evaluate(`(() => {
    window.__importT0 = undefined;
    const input = document.querySelector('[data-testid="import-har"]');
    if (!input) throw new Error("no import input");
    input.addEventListener("change", () => { window.__importT0 = performance.now(); }, { capture: true, once: true });
  })()`);
  await takeMeasures(frame);
  const input = await frame.$('[data-testid="import-har"]');
  if (!input) throw new Error("no import input");
  await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
  const measures: Measure[] = [];
  let lastCount = -1;
  let quietSince = performance.now();
  return await waitFor("the imported HAR's list", 120_000, async () => {
    measures.push(...(await takeMeasures(frame)));
    const t0 = (await frame.evaluate("window.__importT0")) as number | undefined;
    if (t0 === undefined) return undefined;
    measures.sort((x, y) => x[1] - y[1]);
    const rowsOf = (m: Measure) => Number(m[3]?.rows ?? 0);
    const cleared = measures.find((m) => m[0] === "cors-doctor:list-render" && m[1] >= t0 && rowsOf(m) === 0);
    if (!cleared) return undefined;
    const painted = measures.filter((m) => m[0] === "cors-doctor:painted" && m[1] >= cleared[1]);
    const first = painted.find((m) => rowsOf(m) >= FIRST_SCREEN_ROWS);
    // Done: no progress line, and the rows no longer change (diagnosis can catch up with the
    // reading for a moment while the file is still read).
    const last = painted.at(-1);
    const quiet = last !== undefined && performance.now() - quietSince > 1_500 && lastCount === painted.length;
    if (lastCount !== painted.length) {
      lastCount = painted.length;
      quietSince = performance.now();
    }
    if (!first || !last || !quiet || last[3]?.busy !== false || rowsOf(last) < minRows) return undefined;
    const complete = painted.find((m) => rowsOf(m) === rowsOf(last) && m[3]?.busy === false) as Measure;
    return {
      firstMs: first[1] + first[2] - t0,
      firstRows: rowsOf(first),
      completeMs: complete[1] + complete[2] - t0,
      rows: rowsOf(complete),
    };
  });
}

/**
 * The floor: an extension that only listens to onRequestFinished and notes the time (its devtools
 * page at the path lab/browser.ts waits for). Request settled to its last entry delivered is what
 * DevTools itself takes to hand a request to any extension, with the same stream.
 */
export function bareListenerExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-bare-listener-"));
  mkdirSync(join(dir, "src", "extension"), { recursive: true });
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({
      manifest_version: 3,
      name: "onRequestFinished listener (benchmark floor)",
      version: "1.0.0",
      devtools_page: "src/extension/devtools.html",
    }),
  );
  writeFileSync(
    join(dir, "src", "extension", "devtools.html"),
    '<!doctype html><meta charset="utf-8"><script src="devtools.js"></script>',
  );
  writeFileSync(
    join(dir, "src", "extension", "devtools.js"),
    `let seen = [];
chrome.devtools.network.onRequestFinished.addListener((entry) => {
  seen.push([entry.request.url, performance.timeOrigin + performance.now()]);
});
window.benchTake = () => { const out = seen; seen = []; return out; };
`,
  );
  return dir;
}

/** p50 and p95 of request settled to its last entry delivered to a bare listener (DevTools alone). */
async function deliveryFloor(server: BenchServer): Promise<{ p50: number; p95: number; count: number }> {
  const dir = bareListenerExtension();
  let lab: LabBrowser | null = null;
  try {
    lab = await launchLabBrowser({ headless: true, distPath: dir });
    await lab.page.goto(server.pageUrl(), { waitUntil: "load", timeout: 30_000 });
    const devtools = lab.devtoolsFrame();
    const settled = new Map<string, number>();
    const delivered = new Map<string, number>();
    const take = async () => {
      for (const [url, at] of (await devtools.evaluate("window.benchTake()")) as [string, number][]) {
        delivered.set(url, Math.max(delivered.get(url) ?? 0, at));
      }
    };
    for (let from = 0; from < REQUESTS; from += BATCH) {
      const count = Math.min(BATCH, REQUESTS - from);
      for (const [url, at] of await runBatch(lab.page, from, count)) settled.set(url, at);
      await take();
      if ((from + count) % 2_000 === 0 || from + count >= REQUESTS) {
        progress(`bare listener: ${from + count}/${REQUESTS} requests settled`);
      }
    }
    await new Promise((r) => setTimeout(r, 2_000));
    await take();
    const latency: number[] = [];
    for (const [url, at] of settled) {
      const seen = delivered.get(url);
      if (url.includes("api.test") && seen !== undefined) latency.push(seen - at);
    }
    latency.sort((a, b) => a - b);
    return { p50: percentile(latency, 50), p95: percentile(latency, 95), count: latency.length };
  } finally {
    await lab?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run's figures: a fresh Chromium with the panel, the stream, the list, the import. */
interface PanelRun {
  readonly emptyHeap: number;
  readonly heap: number;
  readonly importHeap: number;
  readonly counts: string;
  readonly deliveries: number;
  readonly unmatched: number;
  readonly list: { paintedMs: number; committedMs: number; rows: number };
  readonly importMs: number;
  readonly importCompleteMs: number;
  readonly importRows: number;
  readonly importFirstRows: number;
  readonly perRequest: { p50: number; p95: number };
  readonly latency: { p50: number; p95: number; p99: number; count: number };
  readonly delivery: { p50: number; p95: number };
  /** The panel's part: its onRequestFinished callback to the row painted (and to the list's commit). */
  readonly ours: { p50: number; p95: number; p99: number; commitP95: number; count: number };
  /** DevTools' part for this panel: request settled to the panel's callback. */
  readonly toCallback: { p50: number; p95: number };
  /** Request settled to its row painted. */
  readonly endToEnd: { p50: number; p95: number };
  readonly taskMsPerDelivery: number;
  readonly mainThread?: { script: number; layout: number; style: number };
}

async function panelRun(server: BenchServer, label: string): Promise<PanelRun> {
  let lab: LabBrowser | null = null;
  try {
    lab = await launchLabBrowser({ headless: true, distPath: process.env.CORS_BENCH_DIST ?? DIST_PATH });
    const frame = await lab.showPanel();
    await waitFor("the panel to render", 15_000, async () =>
      (await frame.evaluate(`!!document.querySelector('[data-testid="counts"]')`)) ? true : undefined,
    );
    await lab.page.goto(server.pageUrl(), { waitUntil: "load", timeout: 30_000 });
    const panel = await panelTarget(lab, frame);
    const timeOrigin = (await frame.evaluate(OBSERVE)) as number;
    // The panel looks for the mark at most once a second, and for 3 s after a navigation (the
    // page loading) it redraws at most every 100 ms: stream once that is over.
    await new Promise((r) => setTimeout(r, 3_500));
    const emptyHeap = await heapAfterGc(panel.cdp);
    progress(
      `${label}: empty panel: ${mb(emptyHeap)} MB heap; streaming ${REQUESTS} requests (${CONCURRENCY} at a time)`,
    );

    const stream = await streamRequests(lab.page, panel, timeOrigin);
    const heap = await heapAfterGc(panel.cdp);
    const counts = await countsText(frame);
    progress(`${label}: after the stream: ${mb(heap)} MB heap; ${counts}; ${stream.deliveries} deliveries`);
    const list = await listRenderMs(frame);
    progress(
      `${label}: list of ${list.rows} rows: committed in ${round(list.committedMs)} ms, painted in ${round(list.paintedMs)} ms`,
    );

    const harPath = join(tmpdir(), `cors-doctor-bench-${process.pid}.har`);
    writeFileSync(harPath, HAR_TEXT);
    const imported = await importMs(frame, harPath, 1000);
    rmSync(harPath, { force: true });
    const importHeap = await heapAfterGc(panel.cdp);
    progress(
      `${label}: import of 10,000 HAR entries: first ${imported.firstRows} rows painted after ${round(imported.firstMs)} ms, all ${imported.rows} after ${round(imported.completeMs)} ms; heap ${mb(importHeap)} MB`,
    );
    const perRequest = [...stream.perRequestMs].sort((a, b) => a - b);
    const latency = [...stream.latencyMs].sort((a, b) => a - b);
    const delivery = [...stream.deliveryMs].sort((a, b) => a - b);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const ours = sorted(stream.callbackToPaintedMs);
    const toCallback = sorted(stream.settledToCallbackMs);
    const endToEnd = sorted(stream.settledToPaintedMs);
    progress(
      `${label}: onRequestFinished → painted p50 ${round(percentile(ours, 50), 1)} ms, p95 ${round(percentile(ours, 95), 1)} ms (${ours.length} requests); settled → callback p95 ${round(percentile(toCallback, 95), 1)} ms; settled → painted p95 ${round(percentile(endToEnd, 95), 1)} ms`,
    );
    return {
      emptyHeap,
      heap,
      importHeap,
      counts,
      deliveries: stream.deliveries,
      unmatched: stream.unmatched,
      list,
      importMs: imported.firstMs,
      importCompleteMs: imported.completeMs,
      importRows: imported.rows,
      importFirstRows: imported.firstRows,
      perRequest: { p50: percentile(perRequest, 50), p95: percentile(perRequest, 95) },
      latency: {
        p50: percentile(latency, 50),
        p95: percentile(latency, 95),
        p99: percentile(latency, 99),
        count: latency.length,
      },
      delivery: { p50: percentile(delivery, 50), p95: percentile(delivery, 95) },
      ours: {
        p50: percentile(ours, 50),
        p95: percentile(ours, 95),
        p99: percentile(ours, 99),
        commitP95: percentile(sorted(stream.callbackToCommitMs), 95),
        count: ours.length,
      },
      toCallback: { p50: percentile(toCallback, 50), p95: percentile(toCallback, 95) },
      endToEnd: { p50: percentile(endToEnd, 50), p95: percentile(endToEnd, 95) },
      taskMsPerDelivery: stream.taskMsPerDelivery,
      ...(stream.mainThread ? { mainThread: stream.mainThread } : {}),
    };
  } finally {
    await lab?.close().catch(() => undefined);
  }
}

/**
 * `options.runs` runs, each a fresh Chromium with the panel and then, in its turn, the same stream
 * to a bare listener (the floor): every figure is min / median / max over the runs.
 */
export async function benchPanel(options: BenchOptions): Promise<BenchResult[]> {
  const server: BenchServer = await startBenchServer();
  try {
    const runs: PanelRun[] = [];
    const floors: Array<{ p50: number; p95: number; count: number }> = [];
    for (let run = 0; run < options.runs; run++) {
      const label = `run ${run + 1}/${options.runs}`;
      runs.push(await panelRun(server, label));
      // The same stream to an extension that only listens: what DevTools itself takes to deliver.
      const floor = await deliveryFloor(server);
      floors.push(floor);
      progress(
        `${label}: bare listener: delivered p50 ${round(floor.p50, 1)} ms, p95 ${round(floor.p95, 1)} ms after settling`,
      );
    }
    const over = (pick: (r: PanelRun) => number, digits = 1) => spreadOf(runs.map(pick), digits);
    const mid = (pick: (r: PanelRun) => number, digits = 1) => over(pick, digits).median;
    const last = runs[runs.length - 1] as PanelRun;
    const n = options.runs;
    const mixShare = (kind: string) => Math.round((MIX.filter((k) => k === kind).length / MIX.length) * 100);
    const requestsRef = `${REQUESTS} real requests from a page (${mixShare("allowed")}% allowed, ${mixShare("preflighted")}% preflighted, ${mixShare("blocked") + mixShare("preflight-blocked")}% blocked, ${mixShare("same-origin")}% same-origin)`;
    const emptyHeap = over((r) => mb(r.emptyHeap));
    const floorP95 = spreadOf(
      floors.map((f) => f.p95),
      1,
    );
    const unmatched = runs.reduce((sum, r) => sum + r.unmatched, 0);
    return [
      {
        name: "panel: JS heap with 10,000 requests",
        ...measured(
          runs.map((r) => mb(r.heap)),
          1,
        ),
        unit: "MB",
        baseline: { label: "empty panel", value: emptyHeap.median, unit: "MB", spread: emptyHeap },
        reference: `the empty panel in the same run; ${last.counts} (last run); after importing 10,000 HAR entries ${mid((r) => mb(r.importHeap))} MB (median of ${n} runs)`,
        target: "≤ 30 MB",
      },
      {
        name: "panel: list render, 10,000 rows (to painted frame, median of 7 per run)",
        ...measured(
          runs.map((r) => r.list.paintedMs),
          1,
        ),
        unit: "ms",
        reference: `${last.list.rows} rows; committed to the DOM in ${mid((r) => r.list.committedMs)} ms (median of ${n} runs); the painted time includes waiting for the next frame`,
        target: "≤ 100 ms",
      },
      {
        name: "panel: main-thread cost per incoming request (median)",
        ...measured(
          runs.map((r) => r.perRequest.p50),
          3,
        ),
        unit: "ms",
        reference: `each run's median over ${last.deliveries} onRequestFinished deliveries (last run) of ${requestsRef}; p95 ${mid((r) => r.perRequest.p95, 3)} ms (median of ${n} runs); mean main-thread time per delivery (CDP TaskDuration: DevTools' messaging, style, layout and paint included) ${mid((r) => r.taskMsPerDelivery, 3)} ms, of which script ${mid((r) => r.mainThread?.script ?? Number.NaN, 3)} ms, style ${mid((r) => r.mainThread?.style ?? Number.NaN, 3)} ms, layout ${mid((r) => r.mainThread?.layout ?? Number.NaN, 3)} ms`,
        target: "≤ 1 ms",
      },
      {
        name: "panel: onRequestFinished to diagnosis painted (p95)",
        ...measured(
          runs.map((r) => r.ours.p95),
          1,
        ),
        unit: "ms",
        reference: `the panel's part: from its onRequestFinished callback taking a request's last entry to the frame showing its diagnosis painted (a task posted from the next requestAnimationFrame); each run's p95 over ${last.ours.count} cross-origin requests (last run)${unmatched ? ` (${unmatched} not matched in all)` : ""}, streamed once the page had loaded; medians of ${n} runs: p50 ${mid((r) => r.ours.p50)} ms, p99 ${mid((r) => r.ours.p99)} ms, to the list's commit p95 ${mid((r) => r.ours.commitP95)} ms`,
        target: "≤ 50 ms",
      },
      {
        name: "panel: request finished to diagnosis painted (p95)",
        ...measured(
          runs.map((r) => r.endToEnd.p95),
          1,
        ),
        unit: "ms",
        baseline: {
          label: "bare onRequestFinished listener, p95",
          value: floorP95.median,
          unit: "ms",
          spread: floorP95,
        },
        reference: `what a user sees: the page's fetch settled (body read) to its diagnosis painted, DevTools' delivery included; medians of ${n} runs: p50 ${mid((r) => r.endToEnd.p50)} ms; settled to the panel's callback (DevTools' delivery to this panel) p50 ${mid((r) => r.toCallback.p50)} ms, p95 ${mid((r) => r.toCallback.p95)} ms; to the list's commit p95 ${mid((r) => r.latency.p95)} ms; the floor is the same stream to an extension that only listens to onRequestFinished, run in turn with each panel run (p50 ${round(median(floors.map((f) => f.p50)), 1)} ms)`,
      },
      {
        name: "panel: import a 10,000-entry HAR to its list painted (first screen of rows)",
        ...measured(
          runs.map((r) => r.importMs),
          1,
        ),
        unit: "ms",
        reference: `the file chosen to the first frame painted with at least ${FIRST_SCREEN_ROWS} rows and their diagnoses (${last.importFirstRows} rows in the last run; the file is read, parsed and diagnosed a part at a time, the rest following with "diagnosing N of M…" shown); bench/generate-har.ts entries (${mb(harBytes)} MB) copied from the lab's recordings; one import per run, into the panel holding the stream`,
        target: "≤ 300 ms",
      },
      {
        name: "panel: import a 10,000-entry HAR to every entry diagnosed and painted",
        ...measured(
          runs.map((r) => r.importCompleteMs),
          1,
        ),
        unit: "ms",
        reference: `the same import, to the first frame painted with all ${last.importRows} rows shown (not-CORS rows hidden, as by default) and no progress line`,
      },
    ];
  } finally {
    await server.close();
  }
}

if (process.argv[1]?.endsWith("panel.ts")) {
  const results = await benchPanel({ runs: 5, harEntries: 0 });
  console.table(results.map((r) => ({ benchmark: r.name, value: r.value, unit: r.unit, target: r.target ?? "" })));
  for (const r of results) console.log(`${r.name}: ${r.reference}`);
}
