// Composition root of the panel: chrome.* adapters in, the Preact panel out.
import { render } from "preact";
import { App } from "../panel/components/app.js";
import type { PanelServices } from "../panel/services.js";
import { createPanelState } from "../panel/state/panel-state.js";
import { copyText } from "../platform/clipboard.js";
import { devtoolsNetworkSource, devtoolsTheme } from "../platform/devtools-network.js";
import { chromeDebuggerPreciseMode } from "../platform/precise-mode.js";
import "../panel/panel.css";

const network = devtoolsNetworkSource();
const services: PanelServices = {
  network,
  precise: chromeDebuggerPreciseMode(chrome.devtools.inspectedWindow.tabId),
  copyText,
  theme: devtoolsTheme(),
};
const state = createPanelState();

// Listen first, then backfill: entries seen twice are merged by the store.
network.onRequestFinished((entry) => state.addEntries([entry]));
network.onNavigated((url) => state.navigated(url));
services.precise?.onReport((report) => state.addChromeReport(report));
services.precise?.onStopped(() => {
  state.precise.value = { kind: "off" };
});
void network.inspectedUrl().then((url) => state.setPageUrl(url));
void network.getHar().then((log) => {
  const entries = (log as { entries?: unknown } | null)?.entries;
  if (Array.isArray(entries)) state.addEntries(entries);
});

const root = document.getElementById("app");
if (root) render(<App state={state} services={services} />, root);
