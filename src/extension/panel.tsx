// Composition root of the panel: chrome.* adapters in, the Preact panel out.
import { render } from "preact";
import { App } from "../panel/components/app.js";
import type { FixPreviewService, PanelServices } from "../panel/services.js";
import { looksIncomplete } from "../panel/state/incomplete.js";
import { createPanelState } from "../panel/state/panel-state.js";
import { createRereadScheduler } from "../panel/state/reread.js";
import { copyText } from "../platform/clipboard.js";
import { devtoolsNetworkSource, devtoolsTheme } from "../platform/devtools-network.js";
import { chromeDebuggerPreciseMode } from "../platform/precise-mode.js";
import { browserVersion, saveFile } from "../platform/save-file.js";
import { panelStorage } from "../platform/storage.js";
import "../panel/panel.css";

const network = devtoolsNetworkSource();
const tabId = chrome.devtools.inspectedWindow.tabId;
let fixPreview: Promise<FixPreviewService> | null = null;
const services: PanelServices = {
  network,
  precise: chromeDebuggerPreciseMode(tabId),
  // Loaded on the first "Preview this fix" click; compiled out where the manifest cannot grant it.
  ...(import.meta.env.CORS_DOCTOR_PREVIEW !== false
    ? {
        fixPreview: () =>
          (fixPreview ??= import("../platform/fix-preview.js").then((m) => {
            if (!m.fixPreviewDeclared()) throw new Error("this browser cannot grant the preview's permission");
            return m.chromeFixPreview(tabId);
          })),
      }
    : {}),
  copyText,
  saveFile,
  theme: devtoolsTheme(),
  storage: panelStorage(),
  about: { browser: browserVersion(), extensionVersion: chrome.runtime.getManifest().version },
  backfill: () => void backfill(),
};
const state = createPanelState();

const rereads = createRereadScheduler({
  awaitedUrls: () => state.awaitedUrls(),
  reread: (urls) => backfill(urls),
  rowCount: () => state.rows.peek().length,
});

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
  rereads.delivered();
  const [captured] = state.addEntries([entry]);
  if ((captured && looksIncomplete(captured)) || preflightWithoutOutcome(entry)) rereads.awaitFullerCopy();
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
