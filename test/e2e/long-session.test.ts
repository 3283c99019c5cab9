/**
 * A long session in real Chromium: the built extension, DevTools open on a page that makes real
 * cross-origin requests (bench/cors-server.ts: allowed, preflighted, blocked, same-origin), more of
 * them than the panel keeps (10,000). Asserts on counts and bounded structures, never on time:
 * the oldest requests are dropped and counted, the heap does not grow past what the cap allows,
 * the list renders only the rows in view, the newest requests are diagnosed, and selecting one
 * still shows its diagnosis.
 *
 * 50,000 requests take about two minutes here (2 cores); CORS_LONG_SESSION_REQUESTS sets another
 * number (at least 11,000).
 */

import type { CDPSession, Frame } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BenchServer, MIX, startBenchServer } from "../../bench/cors-server.js";
import { DIST_PATH, type LabBrowser, launchLabBrowser, waitFor } from "../../lab/browser.js";
import { describePanel, selectRow, setFilter, showPanel, waitForPanel } from "./panel-driver.js";

const CAP = 10_000;
const REQUESTS = Math.max(CAP + 1_000, Number(process.env.CORS_LONG_SESSION_REQUESTS ?? 0) || 50_000);
const BATCH = 1_000;
const CONCURRENCY = 8;
const BATCH_TIMEOUT_MS = 120_000;

let server: BenchServer;
let lab: LabBrowser;
let panel: Frame;
let cdp: CDPSession;

function progress(message: string): void {
  process.stderr.write(`  long session: ${message}\n`);
}

async function heapAfterGcMb(): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  return (await cdp.send("Runtime.getHeapUsage")).usedSize / 1024 / 1024;
}

async function counts(): Promise<string> {
  return (await panel.evaluate(
    `(document.querySelector('[data-testid="counts"]')?.textContent ?? "").replace(/\\s+/g, " ")`,
  )) as string;
}

/** Requests `from..to-1` from the page, `CONCURRENCY` at a time. */
async function stream(from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH) {
    const count = Math.min(BATCH, to - start);
    await lab.page.evaluate(
      (f, c, n, timeout) =>
        Promise.race([
          (window as unknown as { corsBench: { run(f: number, c: number, n: number): Promise<number> } }).corsBench.run(
            f,
            c,
            n,
          ),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`batch timed out after ${timeout} ms`)), timeout),
          ),
        ]),
      start,
      count,
      CONCURRENCY,
      BATCH_TIMEOUT_MS,
    );
    await lab.page.evaluate("window.corsBench.take()");
    if ((start + count) % 5_000 === 0 || start + count === to) {
      progress(`${start + count}/${REQUESTS} requests; panel: ${await counts()}`);
    }
  }
}

/** The number in "… · N oldest dropped (keeps 10,000)", 0 when none. */
function droppedOf(text: string): number {
  const match = /(\d+) oldest dropped/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** The last request of a kind before `before`. */
function lastOf(kind: (typeof MIX)[number], before: number): number {
  for (let i = before - 1; i >= 0; i--) if (MIX[i % MIX.length] === kind) return i;
  throw new Error(`no ${kind} request`);
}

beforeAll(async () => {
  server = await startBenchServer();
  lab = await launchLabBrowser({ headless: true, distPath: DIST_PATH });
  panel = await showPanel(lab);
  await lab.page.goto(server.pageUrl(), { waitUntil: "load", timeout: 30_000 });
  const target = lab.browser
    .targets()
    .find((t) => t.url().startsWith(`chrome-extension://${lab.extensionId}/`) && t.url().endsWith("/panel.html"));
  if (!target) throw new Error("no target for the CORS panel");
  cdp = await target.createCDPSession();
});

afterAll(async () => {
  await lab?.close();
  await server?.close();
});

describe(`a session of ${REQUESTS.toLocaleString("en")} real requests (the panel keeps ${CAP.toLocaleString("en")})`, () => {
  it("drops and counts the oldest, keeps memory bounded, and still diagnoses the newest", async () => {
    // Up to the cap, then past it: the heap with the cap reached is the reference.
    await stream(0, CAP);
    // 90% of the requests are cross-origin. The page's document and favicon are exchanges too, so
    // one or two of the first requests may already have been dropped to keep 10,000.
    await waitForPanel(
      panel,
      "the panel to hold the first 10,000 requests' CORS rows",
      (want) => {
        const text = (document.querySelector('[data-testid="counts"]')?.textContent ?? "").replace(/,/g, "");
        const cors = Number(/(\d+) CORS requests?/.exec(text)?.[1] ?? 0);
        return cors >= want;
      },
      CAP * 0.9 - 3,
      30_000,
      // The count changes as text only, which mutation polling does not see.
      250,
    );
    const heapAtCap = await heapAfterGcMb();
    await stream(CAP, REQUESTS);

    // Every request is one exchange; the page's document and favicon make a few more.
    let text = "";
    await waitFor("the panel to drop the oldest requests", 60_000, async () => {
      text = await counts();
      return droppedOf(text) >= REQUESTS - CAP ? true : undefined;
    });
    const dropped = droppedOf(text);
    expect(dropped, text).toBeLessThanOrEqual(REQUESTS - CAP + 5);
    expect(text).toContain("(keeps 10,000)");
    const heapAtEnd = await heapAfterGcMb();
    progress(`heap ${heapAtCap.toFixed(1)} MB at the cap, ${heapAtEnd.toFixed(1)} MB after ${REQUESTS} requests`);
    // Bounded by the cap: past it, each new request replaces an old one.
    expect(heapAtEnd).toBeLessThan(heapAtCap * 1.25 + 2);

    // Only the rows in view are in the DOM.
    const rendered = (await panel.evaluate(
      `document.querySelectorAll('[data-testid="exchange-row"]').length`,
    )) as number;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThanOrEqual(80);

    // The oldest request is gone; the newest of each kind is there with Chromium's verdict.
    await setFilter(panel, `/allowed?i=0`);
    await waitForPanel(
      panel,
      "no row for the first (dropped) request",
      () => document.querySelectorAll('[data-testid="exchange-row"]').length === 0,
      null,
    );
    const blockedByPreflight = lastOf("preflight-blocked", REQUESTS);
    const url = `${server.apiOrigin}/preflight-blocked?i=${blockedByPreflight}`;
    await setFilter(panel, `preflight-blocked?i=${blockedByPreflight}`);
    await waitForPanel(
      panel,
      `the row of ${url}`,
      (u) => {
        const row = document.querySelector<HTMLElement>(`[data-testid="exchange-row"][data-url="${u}"]`);
        return row?.dataset.verdict === "blocked" && row.dataset.corsError === "PreflightMissingAllowOriginHeader";
      },
      url,
      15_000,
    );
    await selectRow(panel, url, "DELETE");
    const detail = (await panel.evaluate(
      `(() => { const d = document.querySelector('[data-testid="detail"]'); return d ? d.dataset.verdict + " " + d.dataset.corsError : null; })()`,
    )) as string | null;
    expect(detail, await describePanel(panel)).toBe("blocked PreflightMissingAllowOriginHeader");

    const blocked = lastOf("blocked", REQUESTS);
    const blockedUrl = `${server.apiOrigin}/blocked?i=${blocked}`;
    await setFilter(panel, `/blocked?i=${blocked}`);
    await waitForPanel(
      panel,
      `the row of ${blockedUrl}`,
      (u) => {
        const row = document.querySelector<HTMLElement>(`[data-testid="exchange-row"][data-url="${u}"]`);
        return row?.dataset.verdict === "blocked" && row.dataset.corsError === "MissingAllowOriginHeader";
      },
      blockedUrl,
      15_000,
    );
    await setFilter(panel, "");
  }, 900_000);
});
