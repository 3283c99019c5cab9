/**
 * Shrinks a scenario the engine and Chromium disagree on: drops request headers, response header
 * lines, the second route, the cookie and the body, and plainer values for the rest, keeping each
 * change only while the same disagreement remains. Every candidate is a real browser run, so the
 * number of runs is capped.
 */

import type { ResponseSpec, RouteSpec, Scenario } from "../scenario.js";

/** Runs a candidate; true when it still shows the same disagreement. */
export type StillDisagrees = (candidate: Scenario) => Promise<boolean>;

export interface Minimized {
  readonly scenario: Scenario;
  /** Browser runs spent. */
  readonly runs: number;
}

function withoutIndex<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

function mapRoute(scenario: Scenario, index: number, change: (route: RouteSpec) => RouteSpec): Scenario {
  return { ...scenario, routes: scenario.routes.map((r, i) => (i === index ? change(r) : r)) };
}

function mapResponse(
  route: RouteSpec,
  leg: "preflight" | "actual",
  change: (response: ResponseSpec) => ResponseSpec,
): RouteSpec {
  const response = route[leg];
  return response ? { ...route, [leg]: change(response) } : route;
}

/** Smaller variants of a scenario, most drastic first. */
export function candidates(scenario: Scenario): Scenario[] {
  const out: Scenario[] = [];
  const request = scenario.request;
  if (scenario.routes.length > 1) out.push({ ...scenario, routes: scenario.routes.slice(0, 1) });
  for (const [index, route] of scenario.routes.entries()) {
    for (const leg of ["preflight", "actual"] as const) {
      const response = route[leg];
      if (!response) continue;
      if (leg === "preflight") {
        out.push(mapRoute(scenario, index, ({ preflight: _, ...rest }) => rest));
      }
      for (const [line] of response.headers.entries()) {
        out.push(
          mapRoute(scenario, index, (r) =>
            mapResponse(r, leg, (s) => ({ ...s, headers: withoutIndex(s.headers, line) })),
          ),
        );
      }
      const plainStatus = leg === "preflight" ? 204 : 200;
      const isRedirect = response.headers.some(([n]) => n.toLowerCase() === "location");
      if (response.status !== plainStatus && !isRedirect) {
        out.push(mapRoute(scenario, index, (r) => mapResponse(r, leg, (s) => ({ ...s, status: plainStatus }))));
      }
    }
  }
  const headers = request.headers ?? [];
  for (const index of headers.keys()) {
    out.push({ ...scenario, request: { ...request, headers: withoutIndex(headers, index) } });
  }
  if (scenario.pageCookie !== undefined) {
    const { pageCookie: _, ...rest } = scenario;
    out.push(rest);
  }
  if (request.body !== undefined) {
    const { body: _, ...rest } = request;
    out.push({ ...scenario, request: rest });
  }
  const upper = request.method.toUpperCase();
  if (request.method !== upper) out.push({ ...scenario, request: { ...request, method: upper } });
  if (request.api === "fetch" && request.credentials !== "omit") {
    out.push({ ...scenario, request: { ...request, credentials: "omit" } });
  }
  if (request.api === "xhr" && request.withCredentials) {
    out.push({ ...scenario, request: { ...request, withCredentials: false } });
  }
  return out;
}

/**
 * Passes over the candidates: a kept change regenerates the list and the pass goes on at the same
 * position (the list shifted under it); a pass that keeps something is followed by another. Stops at
 * a fixpoint or after `maxRuns` browser runs.
 */
export async function minimize(
  scenario: Scenario,
  stillDisagrees: StillDisagrees,
  maxRuns: number,
): Promise<Minimized> {
  let current = scenario;
  let runs = 0;
  for (let kept = true; kept && runs < maxRuns; ) {
    kept = false;
    for (let position = 0; runs < maxRuns; ) {
      const candidate = candidates(current)[position];
      if (!candidate) break;
      runs++;
      if (await stillDisagrees(candidate)) {
        current = candidate;
        kept = true;
      } else position++;
    }
  }
  return { scenario: current, runs };
}
