// Composition root of the panel: chrome.* adapters in, the Preact panel out.
import { render } from "preact";
import { App } from "../panel/components/app.js";
import type { PanelServices } from "../panel/services.js";
import { createPanelState } from "../panel/state/panel-state.js";
import { copyText } from "../platform/clipboard.js";
import { devtoolsNetworkSource, devtoolsTheme } from "../platform/devtools-network.js";
import { chromeDebuggerPreciseMode } from "../platform/precise-mode.js";
import { browserVersion, saveFile } from "../platform/save-file.js";
import "../panel/panel.css";

const network = devtoolsNetworkSource();
const services: PanelServices = {
  network,
  precise: chromeDebuggerPreciseMode(chrome.devtools.inspectedWindow.tabId),
  copyText,
  saveFile,
  theme: devtoolsTheme(),
  about: { browser: browserVersion(), extensionVersion: chrome.runtime.getManifest().version },
  backfill: () => void backfill(),
};
const state = createPanelState();

/**
 * onRequestFinished sometimes delivers a request that failed only the response check with status 0
 * and no headers; moments later getHAR() has the full copy (browser-facts §2.6a). Re-read getHAR()
 * a few times after such an entry, while some request may still get a fuller copy (not for a
 * request a failed preflight blocked: it was never sent); the store keeps the fuller copy.
 *
 * getHAR() makes DevTools build the whole session's HAR, which holds up everything DevTools does
 * (measured: 0.1 s at 1,000 requests, 1.5 s at 10,000; bench/panel.ts). So re-reads are spaced by
 * at least ten times what the last one took, in a big session they wait for a lull in requests
 * (at most a minute), and only the entries of the awaited requests are taken in.
 */
const REREAD_DELAYS_MS = [250, 1000, 3000];
/** A session with more requests, or a re-read slower than this, waits for a lull in requests. */
const BIG_SESSION_ROWS = 500;
const SLOW_REREAD_MS = 50;
const LULL_MS = 1_000;
const MAX_WAIT_FOR_LULL_MS = 60_000;
let rereadTimer: ReturnType<typeof setTimeout> | null = null;
let rereading = false;
let rereadAttempt = 0;
let lastRereadMs = 0;
let lastDeliveryAt = 0;

function backfill(only?: ReadonlySet<string>): Promise<void> {
  return network.getHar().then((log) => {
    if (state.importedFrom.value !== null) return;
    const entries = (log as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries)) return;
    state.addEntries(
      only ? entries.filter((e) => only.has((e as { request?: { url?: string } })?.request?.url ?? "")) : entries,
    );
  });
}

function scheduleReread(): void {
  if (rereadTimer !== null || rereading) return;
  const delay = Math.max(
    REREAD_DELAYS_MS[Math.min(rereadAttempt, REREAD_DELAYS_MS.length - 1)] as number,
    lastRereadMs * 10,
  );
  const scheduledAt = performance.now();
  const attempt = () => {
    rereadTimer = null;
    const awaited = state.awaitedUrls();
    if (awaited.size === 0) {
      rereadAttempt = 0;
      return;
    }
    const now = performance.now();
    const big = lastRereadMs > SLOW_REREAD_MS || state.rows.peek().length > BIG_SESSION_ROWS;
    if (big && now - lastDeliveryAt < LULL_MS && now - scheduledAt < MAX_WAIT_FOR_LULL_MS) {
      rereadTimer = setTimeout(attempt, LULL_MS);
      return;
    }
    rereadAttempt++;
    rereading = true;
    void backfill(awaited)
      .finally(() => {
        rereading = false;
        lastRereadMs = performance.now() - now;
      })
      .then(
        () => {
          if (rereadAttempt < REREAD_DELAYS_MS.length && state.awaitedUrls().size > 0) scheduleReread();
          else rereadAttempt = 0;
        },
        () => {
          rereadAttempt = 0;
        },
      );
  };
  rereadTimer = setTimeout(attempt, delay);
}

function looksIncomplete(entry: unknown): boolean {
  const response = (entry as { response?: { status?: unknown; headers?: unknown; _error?: unknown } } | null)?.response;
  return (
    response?.status === 0 &&
    Array.isArray(response.headers) &&
    response.headers.length === 0 &&
    typeof response._error === "string"
  );
}

/**
 * A preflight from a browser that records no outcome (no `_error`: Firefox). Firefox's
 * onRequestFinished never delivers the actual request a failed preflight blocked; only getHAR() has
 * it, so re-read once the preflight arrives.
 */
function preflightWithoutOutcome(entry: unknown): boolean {
  const { request, response } =
    (entry as { request?: { method?: unknown; headers?: unknown }; response?: object } | null) ?? {};
  return (
    request?.method === "OPTIONS" &&
    Array.isArray(request.headers) &&
    request.headers.some((h) => /^access-control-request-method$/i.test(String((h as { name?: unknown })?.name))) &&
    typeof response === "object" &&
    !("_error" in response)
  );
}

// Listen first, then backfill: entries seen twice are merged by the store.
network.onRequestFinished((entry) => {
  // While an imported HAR file is shown, the live capture is paused.
  if (state.importedFrom.value !== null) return;
  lastDeliveryAt = performance.now();
  state.addEntries([entry]);
  if (looksIncomplete(entry) || preflightWithoutOutcome(entry)) scheduleReread();
});
network.onNavigated((url) => state.navigated(url));
services.precise?.onReport((report) => state.addChromeReport(report));
services.precise?.onStopped(() => {
  state.precise.value = { kind: "off" };
});
void network.inspectedUrl().then((url) => state.setPageUrl(url));
void backfill();

const root = document.getElementById("app");
if (root) render(<App state={state} services={services} />, root);
