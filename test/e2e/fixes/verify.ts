/**
 * Verifying fixes on real servers: a page server on loopback that replays a request from a given
 * origin, and Chromium reporting whether it passed CORS (CDP Network.loadingFailed.corsErrorStatus).
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import puppeteer, { type Browser } from "puppeteer-core";
import { CHROMIUM_PATH, chromiumLabArgs } from "../../../lab/browser.js";

export interface ReplayRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly credentials: "omit" | "same-origin" | "include";
  readonly body: string | null;
}

export interface ReplayResult {
  /** The page could read the response (fetch resolved). */
  readonly ok: boolean;
  readonly status: number | null;
  /** Chromium's CORS error, when it blocked the request. */
  readonly corsError: string | null;
  readonly errorText: string | null;
}

/** Serves /replay?r=<json>: a page that makes the request with fetch() and publishes the outcome. */
export async function startReplayPages(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/replay") {
      res.writeHead(204).end();
      return;
    }
    const html = `<!doctype html><meta charset="utf-8"><title>replay</title><script>
const r = JSON.parse(new URLSearchParams(location.search).get("r"));
const init = { method: r.method, headers: r.headers, credentials: r.credentials, mode: "cors" };
if (r.body !== null) init.body = r.body;
fetch(r.url, init).then(
  (response) => { window.__replay = { ok: true, status: response.status }; },
  (error) => { window.__replay = { ok: false, status: null, error: String(error) }; },
);
</script>`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launchReplayBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: chromiumLabArgs(),
  });
}

/** Opens `pageOrigin/replay` in a fresh tab, makes the request, and returns what Chromium decided. */
export async function replay(browser: Browser, pageOrigin: string, request: ReplayRequest): Promise<ReplayResult> {
  const page = await browser.newPage();
  try {
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    // Each replay must reach the server: no preflight cache between runs.
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const failures: Array<{ corsError: string | null; errorText: string }> = [];
    const requestIds = new Set<string>();
    cdp.on("Network.requestWillBeSent", (event) => {
      if (event.request.url === request.url) requestIds.add(event.requestId);
    });
    cdp.on("Network.loadingFailed", (event) => {
      if (!requestIds.has(event.requestId)) return;
      failures.push({ corsError: event.corsErrorStatus?.corsError ?? null, errorText: event.errorText });
    });
    const query = encodeURIComponent(JSON.stringify({ ...request, headers: Object.fromEntries(request.headers) }));
    await page.goto(`${pageOrigin}/replay?r=${query}`, { waitUntil: "load", timeout: 15_000 });
    const outcome = (await page
      .waitForFunction(() => (window as unknown as { __replay?: unknown }).__replay, { timeout: 15_000 })
      .then((handle) => handle.jsonValue())) as { ok: boolean; status: number | null };
    const failure = failures[0];
    return {
      ok: outcome.ok,
      status: outcome.status,
      corsError: failure?.corsError ?? null,
      errorText: failure?.errorText ?? null,
    };
  } finally {
    await page.close();
  }
}
