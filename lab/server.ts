/**
 * The lab servers: the same raw responder on three loopback ports (page, api, alt). It serves the
 * index page, the runner pages, and every scenario route, chosen by the `lab=<id>.<nonce>` query
 * parameter plus the Host header and path. A fourth port is kept closed for "connection refused".
 */

import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { indexHtml, runnerHtml } from "./pages.js";
import { headerValue, type RawAction, type RawHeader, type RawRequest, startRawServer } from "./raw-http.js";
import {
  DEFAULT_PORTS,
  expand,
  LAB_PREFIX,
  type LabPorts,
  pageOrigin,
  type ResponseSpec,
  type RouteSpec,
  type Scenario,
  tokenScenarioId,
  withToken,
} from "./scenario.js";

/** One request a lab server received (what the server saw, for fixtures and debugging). */
export interface ReceivedRequest {
  readonly token: string | null;
  readonly port: number;
  readonly method: string;
  readonly url: string;
  readonly origin: string | null;
  readonly acrm: string | null;
  readonly acrh: string | null;
  readonly cookie: string | null;
  /** What the server did: `respond <status>`, `close`, or `no route`. */
  readonly answer: string;
}

export interface StartOptions {
  /** Fixed ports (default DEFAULT_PORTS), or "ephemeral" to let the OS pick free ones. */
  readonly ports?: LabPorts | "ephemeral";
  /** Called for every request the servers receive. */
  readonly onRequest?: (request: ReceivedRequest) => void;
}

export interface Lab {
  readonly ports: LabPorts;
  readonly scenarios: readonly Scenario[];
  /** The index page URL on a given host (default `app.test`, which needs Chromium's resolver rules). */
  indexUrl(host?: string): string;
  /** Requests received for a run token, in arrival order. */
  received(token: string): ReceivedRequest[];
  /** Serves one more scenario (or replaces the one with its id): the fuzzer makes them up as it runs. */
  add(scenario: Scenario): void;
  /** Forgets a run's received-request log (long runs would otherwise keep every run's). */
  forget(token: string): void;
  close(): Promise<void>;
}

/**
 * Binds and releases a loopback port: port 0 asks the OS for a free one; a fixed port is checked
 * to be free (nothing may listen on the "closed" port).
 */
async function freePort(wanted = 0): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const NO_STORE: RawHeader = ["Cache-Control", "no-store"];

function html(body: string): RawAction {
  return {
    kind: "respond",
    response: { status: 200, headers: [["Content-Type", "text/html; charset=utf-8"], NO_STORE], body },
  };
}

function text(status: number, body: string): RawAction {
  return { kind: "respond", response: { status, headers: [["Content-Type", "text/plain"], NO_STORE], body } };
}

export async function start(scenarios: readonly Scenario[], options: StartOptions = {}): Promise<Lab> {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const log = new Map<string, ReceivedRequest[]>();
  const wanted =
    options.ports === "ephemeral" ? { page: 0, api: 0, alt: 0, closed: 0 } : (options.ports ?? DEFAULT_PORTS);
  const servers: Awaited<ReturnType<typeof startRawServer>>[] = [];
  // Filled in once every server is listening; the handler only runs after that.
  let ports: LabPorts = wanted;

  const record = (entry: ReceivedRequest) => {
    if (entry.token) {
      const list = log.get(entry.token) ?? [];
      list.push(entry);
      log.set(entry.token, list);
    }
    options.onRequest?.(entry);
  };

  const handler = (port: number) => (request: RawRequest) => {
    const host = (headerValue(request.headers, "host") ?? `127.0.0.1:${port}`).toLowerCase();
    let url: URL;
    try {
      url = new URL(request.target, `http://${host}`);
    } catch {
      return text(400, "bad request target");
    }
    const token = url.searchParams.get("lab");
    const action = route(request, url, token);
    record({
      token,
      port,
      method: request.method,
      url: url.href,
      origin: headerValue(request.headers, "origin"),
      acrm: headerValue(request.headers, "access-control-request-method"),
      acrh: headerValue(request.headers, "access-control-request-headers"),
      cookie: headerValue(request.headers, "cookie"),
      answer: action.kind === "close" ? "close" : `respond ${action.response.status}`,
    });
    return action;
  };

  const route = (request: RawRequest, url: URL, token: string | null): RawAction => {
    if (url.pathname === "/" || url.pathname === `${LAB_PREFIX}/`) {
      return html(indexHtml(scenarios, ports, randomBytes(4).toString("hex")));
    }
    if (url.pathname === "/favicon.ico") return { kind: "respond", response: { status: 204, headers: [] } };
    const scenario = token ? byId.get(tokenScenarioId(token)) : undefined;
    if (!scenario || !token) return text(404, "not a lab URL (no known lab=<scenario>.<nonce> parameter)");
    if (url.pathname === `${LAB_PREFIX}/run`) return html(runnerHtml(scenario, ports, token));
    const origin = pageOrigin(scenario, ports);
    const here = `${url.protocol}//${url.host}${url.pathname}`;
    const match = scenario.routes.find((r: RouteSpec) => {
      const routeUrl = new URL(expand(r.url, ports, origin));
      return `${routeUrl.protocol}//${routeUrl.host}${routeUrl.pathname}` === here;
    });
    const spec = request.method === "OPTIONS" ? match?.preflight : match?.actual;
    if (!spec) return text(404, `scenario ${scenario.id} has no ${request.method} answer for ${here}`);
    return answer(scenario, spec, url, token, origin, request.method, headerValue(request.headers, "origin"));
  };

  const answer = (
    scenario: Scenario,
    spec: ResponseSpec,
    url: URL,
    token: string,
    origin: string,
    method: string,
    requestOrigin: string | null,
  ): RawAction => {
    if (spec.close) return { kind: "close" };
    const headers: RawHeader[] = spec.headers.map(([name, value]) => {
      const expanded = expand(value, ports, origin);
      if (name.toLowerCase() !== "location") return [name, expanded];
      // Redirect targets carry the run token too, so they route to the same scenario run.
      return [name, withToken(expanded, token)];
    });
    if (spec.allowOrigin && requestOrigin !== null && new RegExp(spec.allowOrigin.match).test(requestOrigin)) {
      headers.push(["Access-Control-Allow-Origin", requestOrigin], ["Vary", "Origin"]);
      if (spec.allowOrigin.credentials) headers.push(["Access-Control-Allow-Credentials", "true"]);
    }
    const body = spec.body ?? JSON.stringify({ lab: scenario.id, status: spec.status, method, path: url.pathname });
    const response = { status: spec.status, headers, body };
    return { kind: "respond", response: spec.reason === undefined ? response : { ...response, reason: spec.reason } };
  };

  try {
    for (const role of ["page", "api", "alt"] as const) {
      const server = await startRawServer(wanted[role], (req) => handler(serverPort(role))(req));
      servers.push(server);
      ports = { ...ports, [role]: server.port };
    }
    ports = { ...ports, closed: await freePort(wanted.closed) };
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") {
      throw new Error(`a lab port is already in use (${JSON.stringify(wanted)}); is another lab running?`);
    }
    throw error;
  }
  function serverPort(role: "page" | "api" | "alt"): number {
    return ports[role];
  }

  return {
    ports,
    scenarios,
    indexUrl: (host = "app.test") => `http://${host}:${ports.page}/`,
    received: (token) => [...(log.get(token) ?? [])],
    add: (scenario) => {
      byId.set(scenario.id, scenario);
    },
    forget: (token) => {
      log.delete(token);
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
