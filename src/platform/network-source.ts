/**
 * The only code that touches chrome.devtools.network. The panel receives a `NetworkSource`, so it
 * also runs in a plain page fed with recorded HAR (tests, the harness page).
 */

export interface NetworkSource {
  /** The whole HAR log DevTools has recorded since it started recording (backfill). */
  getHar(): Promise<unknown>;
  /** Calls `listener` with each finished request's HAR entry; returns an unsubscribe function. */
  onRequestFinished(listener: (entry: unknown) => void): () => void;
  /** Calls `listener` with the new URL when the inspected page navigates. */
  onNavigated(listener: (url: string) => void): () => void;
  /** The inspected page's URL, when it can be read. */
  inspectedUrl(): Promise<string | null>;
  /** Reloads the inspected page (to capture requests that finished before DevTools opened). */
  reloadInspectedPage(): void;
}

export function chromeDevtoolsNetworkSource(): NetworkSource {
  const network = chrome.devtools.network;
  return {
    async getHar() {
      // Chrome 156 returns a promise; the callback form is kept for older builds.
      return await new Promise((resolve) => network.getHAR((log) => resolve(log)));
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
    async inspectedUrl() {
      return await new Promise((resolve) =>
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
