// Composition root of the panel: wires the chrome.devtools network source into the panel state.
import { render } from "preact";
import { App } from "../panel/components/app.js";
import { createPanelState } from "../panel/state/panel-state.js";
import { chromeDevtoolsNetworkSource } from "../platform/network-source.js";

const source = chromeDevtoolsNetworkSource();
const state = createPanelState();

source.onRequestFinished((entry) => state.addEntries([entry]));
source.onNavigated(() => state.clear());
void source.getHar().then((log) => {
  const entries = (log as { entries?: unknown[] } | null)?.entries;
  if (Array.isArray(entries)) state.addEntries(entries);
});
void source.inspectedUrl().then((url) => {
  if (url) state.pageOrigin.value = new URL(url).origin;
});

const root = document.getElementById("app");
if (root) render(<App state={state} />, root);
