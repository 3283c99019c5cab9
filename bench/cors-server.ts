/**
 * A tiny loopback server for the browser benchmarks: one port, two origins (the page on
 * `app.test`, the API on `api.test`, both mapped to 127.0.0.1 by the lab's resolver rules), and
 * a page whose script makes real cross-origin requests in a fixed, realistic mix:
 *
 * - 40% simple GETs the API allows,
 * - 25% PUTs with a custom header: preflighted, preflight and request allowed,
 * - 15% simple GETs without Access-Control-Allow-Origin (blocked: MissingAllowOriginHeader),
 * - 10% DELETEs whose preflight gets a 404 without CORS headers (blocked before the request),
 * - 10% same-origin GETs (not CORS).
 *
 * Every request URL is unique (`?i=<n>`), so the page and the panel can be matched request by
 * request, and no preflight is answered from the preflight cache.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export type RequestKind = "allowed" | "preflighted" | "blocked" | "preflight-blocked" | "same-origin";

/** The mix, as a repeating pattern of 20 (positions spread the kinds out). */
export const MIX: readonly RequestKind[] = [
  "allowed",
  "preflighted",
  "allowed",
  "blocked",
  "allowed",
  "preflighted",
  "same-origin",
  "allowed",
  "preflight-blocked",
  "preflighted",
  "allowed",
  "blocked",
  "allowed",
  "preflighted",
  "same-origin",
  "allowed",
  "preflight-blocked",
  "preflighted",
  "blocked",
  "allowed",
];

export interface BenchServer {
  readonly port: number;
  readonly pageOrigin: string;
  readonly apiOrigin: string;
  /** The page that makes requests on demand (`window.corsBench.run(from, count, concurrency)`). */
  pageUrl(query?: string): string;
  /** Requests served so far. */
  served(): number;
  close(): Promise<void>;
}

/**
 * The page script. `run(from, count, concurrency)` makes requests `from..from+count-1` of the mix,
 * `concurrency` at a time, reading each body to the end; each settled request is recorded as
 * `[url, epochMs]` (performance.timeOrigin + now: sub-millisecond, on the machine's clock).
 * `take()` hands the records over and forgets them. `load(count)` runs at page load (the overhead
 * benchmark) and sets `window.corsBench.loaded` to the time all of them settled.
 */
function pageScript(apiOrigin: string, pageOrigin: string): string {
  return `
const API = ${JSON.stringify(apiOrigin)};
const PAGE = ${JSON.stringify(pageOrigin)};
const MIX = ${JSON.stringify(MIX)};
let settled = [];
function request(i) {
  const kind = MIX[i % MIX.length];
  switch (kind) {
    case "allowed": return [API + "/allowed?i=" + i, { method: "GET" }];
    case "preflighted": return [API + "/preflighted?i=" + i, { method: "PUT", headers: { "X-Token": "t" + i }, body: "x" }];
    case "blocked": return [API + "/blocked?i=" + i, { method: "GET" }];
    case "preflight-blocked": return [API + "/preflight-blocked?i=" + i, { method: "DELETE", headers: { Authorization: "Bearer t" + i } }];
    default: return [PAGE + "/same?i=" + i, { method: "GET" }];
  }
}
async function one(i) {
  const [url, init] = request(i);
  try {
    const response = await fetch(url, init);
    await response.text();
  } catch {}
  settled.push([url, performance.timeOrigin + performance.now()]);
}
async function run(from, count, concurrency) {
  let next = from;
  const end = from + count;
  const worker = async () => { while (next < end) await one(next++); };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return settled.length;
}
function take() { const out = settled; settled = []; return out; }
window.corsBench = { run, take, loaded: null };
const params = new URLSearchParams(location.search);
const onLoad = Number(params.get("load") || 0);
if (onLoad > 0) {
  run(0, onLoad, 6).then(() => { window.corsBench.loaded = performance.now(); });
}
`;
}

function pageHtml(apiOrigin: string, pageOrigin: string, images: number): string {
  // Cross-origin images with the crossorigin attribute are CORS requests that delay the load event.
  const imgs = Array.from(
    { length: images },
    (_, i) => `<img crossorigin="anonymous" alt="" width="1" height="1" src="${apiOrigin}/pixel.gif?i=${i}">`,
  ).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>CORS Doctor bench page</title></head><body><h1>bench</h1>${imgs}<script>${pageScript(apiOrigin, pageOrigin)}</script></body></html>`;
}

// A 1x1 transparent GIF.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export async function startBenchServer(): Promise<BenchServer> {
  let served = 0;
  let port = 0;
  const origins = () => ({ page: `http://app.test:${port}`, api: `http://api.test:${port}` });

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    served++;
    const { page, api } = origins();
    const host = (request.headers.host ?? "").toLowerCase();
    const url = new URL(request.url ?? "/", `http://${host || "127.0.0.1"}`);
    const send = (status: number, headers: Record<string, string>, body: string | Buffer = "") => {
      response.writeHead(status, { "Cache-Control": "no-store", ...headers });
      response.end(body);
    };
    // Drain any request body before answering (keep-alive connections stay usable).
    request.resume();
    if (host.startsWith("app.test")) {
      if (url.pathname === "/page") {
        const images = Math.min(200, Number(url.searchParams.get("images") ?? 0) || 0);
        return send(200, { "Content-Type": "text/html; charset=utf-8" }, pageHtml(api, page, images));
      }
      if (url.pathname === "/same") return send(200, { "Content-Type": "text/plain" }, "same-origin");
      return send(404, { "Content-Type": "text/plain" }, "not found");
    }
    const allow = { "Access-Control-Allow-Origin": page, Vary: "Origin" };
    switch (url.pathname) {
      case "/allowed":
        return send(200, { ...allow, "Content-Type": "application/json" }, '{"ok":true}');
      case "/pixel.gif":
        return send(200, { ...allow, "Content-Type": "image/gif" }, PIXEL);
      case "/preflighted":
        if (request.method === "OPTIONS") {
          return send(204, {
            ...allow,
            "Access-Control-Allow-Methods": "GET, PUT",
            "Access-Control-Allow-Headers": "X-Token",
          });
        }
        return send(200, { ...allow, "Content-Type": "application/json" }, '{"saved":true}');
      case "/blocked":
        return send(200, { "Content-Type": "application/json" }, '{"secret":true}');
      case "/preflight-blocked":
        return send(404, { "Content-Type": "text/plain" }, "no such route");
      default:
        return send(404, { "Content-Type": "text/plain" }, "not found");
    }
  };

  const server: Server = createServer({ keepAlive: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    pageOrigin: origins().page,
    apiOrigin: origins().api,
    pageUrl: (query = "") => `${origins().page}/page${query ? `?${query}` : ""}`,
    served: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
