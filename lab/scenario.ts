/**
 * The CORS Lab scenario catalogue: types, loading, validation and template expansion.
 *
 * Scenarios are data (lab/scenarios.json). Strings may use these placeholders, expanded at run
 * time: `{page}`, `{api}`, `{alt}`, `{closed}` (the lab's port numbers) and `{origin}` (the
 * scenario page's serialized origin, e.g. `http://app.test:47811`).
 */

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type HeaderPair = readonly [name: string, value: string];

/** What a lab server answers for one request. */
export interface ResponseSpec {
  readonly status: number;
  /** Reason phrase; defaults to the usual one for the status. */
  readonly reason?: string;
  /** Raw header lines, written exactly as given (duplicates, case and spacing kept). */
  readonly headers: readonly HeaderPair[];
  /** Response body; defaults to a short JSON document (none for 204/304 and HEAD). */
  readonly body?: string;
  /** Close the connection after reading the request, without writing anything. */
  readonly close?: boolean;
  /**
   * An origin check like a server's allow-list: when the request's Origin matches `match` (a
   * regular expression, unanchored unless the pattern anchors itself, exactly as buggy allow-lists
   * are written), the answer adds Access-Control-Allow-Origin with that origin, Vary: Origin, and
   * Access-Control-Allow-Credentials: true when `credentials`. Other origins get no CORS header.
   */
  readonly allowOrigin?: { readonly match: string; readonly credentials?: boolean };
}

/** One URL the lab servers answer: the OPTIONS (preflight) answer and the answer to any other method. */
export interface RouteSpec {
  /** Absolute URL template without query, e.g. `http://api.test:{api}/v1/items`. */
  readonly url: string;
  readonly preflight?: ResponseSpec;
  readonly actual?: ResponseSpec;
}

export type Credentials = "omit" | "same-origin" | "include";

export interface RequestSpec {
  readonly api: "fetch" | "xhr";
  readonly method: string;
  /** Absolute URL template; the lab appends `lab=<token>` to its query. */
  readonly url: string;
  readonly headers?: readonly HeaderPair[];
  readonly body?: string | null;
  /** fetch() only. */
  readonly credentials?: Credentials;
  /** XMLHttpRequest only. */
  readonly withCredentials?: boolean;
  /** fetch() only. */
  readonly mode?: "cors" | "no-cors" | "same-origin";
  /** fetch() only. */
  readonly redirect?: "follow" | "error" | "manual";
  /** fetch() only: Local Network Access's `targetAddressSpace` request option. */
  readonly targetAddressSpace?: "local" | "loopback" | "public";
}

/**
 * How the browser must be set up for a scenario. Scenarios with the same setup share one browser;
 * a different setup gets its own.
 */
export interface BrowserSpec {
  /** Extra Chromium flags, placeholders expanded (e.g. `--ip-address-space-overrides=127.0.0.1:{page}=public`). */
  readonly args?: readonly string[];
  /** Permissions granted to the page's origin with CDP `Browser.grantPermissions` (e.g. `loopbackNetwork`). */
  readonly permissions?: readonly string[];
}

export type Outcome = "blocked" | "allowed" | "network-error" | "not-cors";

/** What the scenario's author expects Chromium to do; the recorder warns when the truth differs. */
export interface Expectation {
  readonly outcome: Outcome;
  readonly corsError?: string | null;
  readonly failedParameter?: string | null;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  /** Origin template of the page that makes the request, e.g. `http://app.test:{page}`. */
  readonly page: string;
  /** A cookie the page sets with `document.cookie` before the request (same host, any port). */
  readonly pageCookie?: string;
  readonly request: RequestSpec;
  readonly routes: readonly RouteSpec[];
  /** Browser flags and permissions this scenario needs (default: none). */
  readonly browser?: BrowserSpec;
  readonly expect?: Expectation;
  readonly notes?: string;
}

export interface LabPorts {
  /** Serves the index and runner pages (and same-origin routes). */
  readonly page: number;
  /** The main API port. */
  readonly api: number;
  /** A second API port ("other port" scenarios). */
  readonly alt: number;
  /** A port nothing listens on (connection refused). */
  readonly closed: number;
}

/** Fixed ports used by `npm run lab` and `npm run lab:record`, so fixtures read the same each time. */
export const DEFAULT_PORTS: LabPorts = { page: 47811, api: 47812, alt: 47813, closed: 47819 };

/** Host names the lab uses; Chromium maps them to 127.0.0.1 with `--host-resolver-rules`. */
export const LAB_HOSTS = ["app.test", "www.app.test", "api.app.test", "api.test", "other.test"] as const;

export const HOST_RESOLVER_RULES = "MAP *.test 127.0.0.1";

/** Reserved path prefix for the lab's own pages; scenario routes must not use it. */
export const LAB_PREFIX = "/__lab";

export const LAB_DIR = dirname(fileURLToPath(import.meta.url));
export const SCENARIOS_PATH = join(LAB_DIR, "scenarios.json");
export const EXPECTATIONS_PATH = join(LAB_DIR, "expectations.json");
/** Committed truth fixtures, one per scenario. */
export const FIXTURE_DIR = join(LAB_DIR, "..", "test", "fixtures", "lab");

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OUTCOMES: readonly Outcome[] = ["blocked", "allowed", "network-error", "not-cors"];

/** The scenario with this id; throws when the catalogue has none. */
export function scenarioById(scenarios: readonly Scenario[], id: string): Scenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`lab/scenarios.json has no scenario ${id}`);
  return found;
}

/** Reads and validates the catalogue; throws one error listing every problem. */
export function loadScenarios(path: string = SCENARIOS_PATH): Scenario[] {
  const raw: unknown = JSON.parse(readFileSync(path, "utf8"));
  const list = Array.isArray(raw) ? raw : (raw as { scenarios?: unknown })?.scenarios;
  if (!Array.isArray(list)) throw new Error(`${path}: expected {"scenarios": [...]}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, item] of list.entries()) {
    for (const problem of validateScenario(item)) problems.push(`scenario #${index}: ${problem}`);
    const id = (item as { id?: unknown })?.id;
    if (typeof id === "string") {
      if (seen.has(id)) problems.push(`duplicate id ${id}`);
      seen.add(id);
    }
  }
  if (problems.length > 0) throw new Error(`${path} is invalid:\n  ${problems.join("\n  ")}`);
  return list as Scenario[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isHeaderList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === "string" && typeof h[1] === "string")
  );
}

function validateResponse(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return [`${where} must be an object`];
  const problems: string[] = [];
  if (typeof value.status !== "number" || value.status < 100 || value.status > 599) {
    problems.push(`${where}.status must be 100-599`);
  }
  if (!isHeaderList(value.headers)) problems.push(`${where}.headers must be a list of [name, value] pairs`);
  if (value.body !== undefined && typeof value.body !== "string") problems.push(`${where}.body must be a string`);
  if (value.allowOrigin !== undefined) {
    const allow = value.allowOrigin;
    if (!isRecord(allow) || typeof allow.match !== "string")
      problems.push(`${where}.allowOrigin.match must be a string`);
    else {
      try {
        new RegExp(allow.match);
      } catch {
        problems.push(`${where}.allowOrigin.match is not a regular expression`);
      }
    }
  }
  return problems;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function validateBrowser(value: unknown, id: string): string[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return [`${id}: browser must be an object`];
  const problems: string[] = [];
  if (value.args !== undefined && !isStringList(value.args)) problems.push(`${id}: browser.args must be strings`);
  if (value.permissions !== undefined && !isStringList(value.permissions)) {
    problems.push(`${id}: browser.permissions must be strings`);
  }
  return problems;
}

/** Parses a URL template with its placeholders filled in, or null. */
function templateUrl(template: string): URL | null {
  try {
    return new URL(template.replace(/\{[a-z]+\}/g, "1"));
  } catch {
    return null;
  }
}

export function validateScenario(item: unknown): string[] {
  if (!isRecord(item)) return ["not an object"];
  const problems: string[] = [];
  const id = typeof item.id === "string" ? item.id : "?";
  if (!ID.test(id)) problems.push(`id ${JSON.stringify(item.id)} is not kebab-case`);
  if (typeof item.title !== "string" || item.title === "") problems.push(`${id}: title missing`);
  if (typeof item.group !== "string") problems.push(`${id}: group missing`);
  if (typeof item.page !== "string" || !item.page.startsWith("http://")) problems.push(`${id}: page must be http://`);
  const request = item.request;
  if (!isRecord(request)) {
    problems.push(`${id}: request missing`);
  } else {
    if (request.api !== "fetch" && request.api !== "xhr") problems.push(`${id}: request.api must be fetch or xhr`);
    if (typeof request.method !== "string") problems.push(`${id}: request.method missing`);
    if (typeof request.url !== "string" || !templateUrl(request.url)) {
      problems.push(`${id}: request.url must be an absolute URL`);
    }
    if (request.headers !== undefined && !isHeaderList(request.headers)) {
      problems.push(`${id}: request.headers must be [name, value] pairs`);
    }
    if (
      request.api === "xhr" &&
      (request.credentials !== undefined || request.mode !== undefined || request.targetAddressSpace !== undefined)
    ) {
      problems.push(`${id}: XHR uses withCredentials, not credentials/mode/targetAddressSpace`);
    }
    if (
      request.targetAddressSpace !== undefined &&
      !["local", "loopback", "public"].includes(request.targetAddressSpace as string)
    ) {
      problems.push(`${id}: request.targetAddressSpace must be local, loopback or public`);
    }
  }
  problems.push(...validateBrowser(item.browser, id));
  if (!Array.isArray(item.routes)) {
    problems.push(`${id}: routes must be a list`);
  } else {
    for (const [index, route] of item.routes.entries()) {
      if (!isRecord(route) || typeof route.url !== "string") {
        problems.push(`${id}: routes[${index}].url missing`);
        continue;
      }
      const url = templateUrl(route.url);
      if (!url) problems.push(`${id}: routes[${index}].url is not an absolute URL`);
      else if (url.pathname.startsWith(LAB_PREFIX)) {
        problems.push(`${id}: routes[${index}] uses the reserved ${LAB_PREFIX} prefix`);
      }
      problems.push(...validateResponse(route.preflight, `${id}: routes[${index}].preflight`));
      problems.push(...validateResponse(route.actual, `${id}: routes[${index}].actual`));
    }
  }
  if (item.expect !== undefined) {
    const outcome = isRecord(item.expect) ? item.expect.outcome : undefined;
    if (!OUTCOMES.includes(outcome as Outcome)) problems.push(`${id}: expect.outcome must be one of ${OUTCOMES}`);
  }
  return problems;
}

/** Expands `{page}`, `{api}`, `{alt}`, `{closed}` and `{origin}` in a template. */
export function expand(template: string, ports: LabPorts, origin?: string): string {
  return template.replace(/\{(page|api|alt|closed|origin)\}/g, (_, name: string) => {
    if (name === "origin") return origin ?? "";
    return String(ports[name as keyof LabPorts]);
  });
}

/** The scenario's browser setup with placeholders expanded, as a key that groups equal setups. */
export function browserSetup(
  scenario: Scenario,
  ports: LabPorts,
): { args: string[]; permissions: string[]; key: string } {
  const args = (scenario.browser?.args ?? []).map((a) => expand(a, ports, pageOrigin(scenario, ports)));
  const permissions = [...(scenario.browser?.permissions ?? [])].sort();
  const key = JSON.stringify({ args, permissions, origin: permissions.length > 0 ? pageOrigin(scenario, ports) : "" });
  return { args, permissions, key };
}

/** The serialized origin of a scenario's page. */
export function pageOrigin(scenario: Scenario, ports: LabPorts): string {
  return new URL(expand(scenario.page, ports)).origin;
}

/** Appends the `lab=<token>` query parameter that routes a request to its scenario run. */
export function withToken(url: string, token: string): string {
  const hash = url.indexOf("#");
  const base = hash === -1 ? url : url.slice(0, hash);
  return `${base}${base.includes("?") ? "&" : "?"}lab=${token}${hash === -1 ? "" : url.slice(hash)}`;
}

/** A run token: `<scenario id>.<nonce>`; unique per run so no preflight or HTTP cache entry applies. */
export function makeToken(id: string, nonce: string): string {
  return `${id}.${nonce}`;
}

export function tokenScenarioId(token: string): string {
  const dot = token.lastIndexOf(".");
  return dot === -1 ? token : token.slice(0, dot);
}

/** The runner page URL for one run of a scenario. */
export function runnerUrl(scenario: Scenario, ports: LabPorts, token: string): string {
  return `${pageOrigin(scenario, ports)}${LAB_PREFIX}/run?lab=${token}`;
}

/** The request URL a run fetches (the scenario URL plus the run token). */
export function requestUrl(scenario: Scenario, ports: LabPorts, token: string): string {
  return withToken(expand(scenario.request.url, ports, pageOrigin(scenario, ports)), token);
}
