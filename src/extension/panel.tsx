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
  backfill: () => backfill(),
};
const state = createPanelState();

/**
 * onRequestFinished sometimes delivers a request that failed only the response check with status 0
 * and no headers; moments later getHAR() has the full copy (browser-facts §2.6a). Re-read getHAR()
 * a few times after such an entry; the store keeps the fuller copy of each request.
 */
const REREAD_DELAYS_MS = [250, 1000, 3000];
let rereadTimer: ReturnType<typeof setTimeout> | null = null;
let rereadAttempt = 0;

function backfill(): void {
  void network.getHar().then((log) => {
    if (state.importedFrom.value !== null) return;
    const entries = (log as { entries?: unknown } | null)?.entries;
    if (Array.isArray(entries)) state.addEntries(entries);
  });
}

function scheduleReread(): void {
  if (rereadTimer !== null) return;
  const delay = REREAD_DELAYS_MS[Math.min(rereadAttempt, REREAD_DELAYS_MS.length - 1)] as number;
  rereadTimer = setTimeout(() => {
    rereadTimer = null;
    rereadAttempt++;
    backfill();
    if (rereadAttempt < REREAD_DELAYS_MS.length && state.incompleteCount() > 0) scheduleReread();
    else rereadAttempt = 0;
  }, delay);
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

// Listen first, then backfill: entries seen twice are merged by the store.
network.onRequestFinished((entry) => {
  // While an imported HAR file is shown, the live capture is paused.
  if (state.importedFrom.value !== null) return;
  state.addEntries([entry]);
  if (looksIncomplete(entry)) scheduleReread();
});
network.onNavigated((url) => state.navigated(url));
services.precise?.onReport((report) => state.addChromeReport(report));
services.precise?.onStopped(() => {
  state.precise.value = { kind: "off" };
});
void network.inspectedUrl().then((url) => state.setPageUrl(url));
backfill();

const root = document.getElementById("app");
if (root) render(<App state={state} services={services} />, root);
