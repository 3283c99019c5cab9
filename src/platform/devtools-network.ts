/** chrome.devtools.network and inspectedWindow behind the panel's NetworkSource interface. */

import type { NetworkSource } from "../panel/services.js";

export function devtoolsNetworkSource(): NetworkSource {
  const network = chrome.devtools.network;
  return {
    getHar() {
      // The polyfill does not wrap getHAR; the callback form works in every Chromium version.
      return new Promise((resolve) => network.getHAR((log) => resolve(log)));
    },
    onRequestFinished(listener) {
      const handler = (request: chrome.devtools.network.Request) => listener(request);
      network.onRequestFinished.addListener(handler);
      return () => network.onRequestFinished.removeListener(handler);
    },
    onNavigated(listener) {
      network.onNavigated.addListener(listener);
      return () => network.onNavigated.removeListener(listener);
    },
    inspectedUrl() {
      return new Promise((resolve) =>
        chrome.devtools.inspectedWindow.eval("location.href", (result, exception) =>
          resolve(exception || typeof result !== "string" ? null : result),
        ),
      );
    },
    reloadInspectedPage() {
      chrome.devtools.inspectedWindow.reload({});
    },
  };
}

/** `default` or `dark`, as DevTools reports its theme. */
export function devtoolsTheme(): "light" | "dark" {
  return chrome.devtools.panels.themeName === "dark" ? "dark" : "light";
}
