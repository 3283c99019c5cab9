/**
 * The truth harness: runs lab scenarios in real Chromium with the built extension and DevTools
 * open, and records for each scenario what Chromium decided (CDP) next to what the extension can
 * see (`chrome.devtools.network.getHAR()` in the extension's devtools page).
 *
 * Chromium's verdict comes from a CDP session on the inspected page: `Network.loadingFailed`
 * (`errorText`, `corsErrorStatus`), `Network.requestWillBeSent` (redirect hops, preflights paired by
 * `initiator.requestId`), `Log.entryAdded` (the console line) and `Audits.issueAdded` (CorsIssue).
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CDPSession } from "puppeteer-core";
import { type HarEntryLike, type HarLogLike, type LabBrowser, launchLabBrowser } from "./browser.js";
import {
  browserSetup,
  type LabPorts,
  makeToken,
  type Outcome,
  pageOrigin,
  runnerUrl,
  type Scenario,
} from "./scenario.js";
import { type Lab, type ReceivedRequest, start } from "./server.js";

/** Chromium's verdict on one request a scenario made (not on its preflight). */
export interface TruthItem {
  /** The first URL of the request (before any redirect). */
  readonly url: string;
  readonly method: string;
  readonly outcome: Outcome;
  /** `Network.loadingFailed.corsErrorStatus.corsError`, or null. */
  readonly corsError: string | null;
  /** `corsErrorStatus.failedParameter` when there is a corsError ("" when Chromium gave none), else null. */
  readonly failedParameter: string | null;
  /** `Network.loadingFailed.errorText`, or null when the request finished. */
  readonly errorText: string | null;
  /** The "blocked by CORS policy" console line, else the request's network console line, else null. */
  readonly console: string | null;
}

/** Extra CDP observations per truth item (debugging aid; not compared). */
export interface ObservedRequest {
  readonly requestId: string;
  readonly type: string | null;
  readonly hops: readonly { readonly url: string; readonly method: string; readonly status: number | null }[];
  readonly preflights: readonly {
    readonly url: string;
    readonly status: number | null;
    readonly errorText: string | null;
    readonly origin: string | null;
  }[];
  /** `Audits.issueAdded` CorsIssue `corsErrorStatus.corsError`, when one was raised. */
  readonly issue: string | null;
}

export interface Fixture {
  readonly id: string;
  readonly title: string;
  readonly chromium: string;
  readonly recordedAt: string;
  readonly har: { readonly log: HarLogLike };
  readonly truth: readonly TruthItem[];
  /** The run: ports and token, so URLs can be normalized when comparing recordings. */
  readonly lab: { readonly ports: LabPorts; readonly token: string; readonly page: string };
  /** What the page's script saw (`window.__labDone`). */
  readonly js: unknown;
  /** What the lab servers received for this run. */
  readonly received: readonly ReceivedRequest[];
  readonly observed: readonly ObservedRequest[];
}

export interface RecordOptions {
  readonly scenarios: readonly Scenario[];
  /** Where to write `<id>.json`; nothing is written when omitted. */
  readonly outDir?: string;
  readonly ports?: LabPorts | "ephemeral";
  readonly distPath?: string;
  readonly log?: (message: string) => void;
}

export interface RecordResult {
  readonly fixtures: Fixture[];
  readonly chromium: string;
  readonly elapsedMs: number;
  readonly warnings: string[];
}

interface CdpEvent {
  readonly method: string;
  // biome-ignore lint/suspicious/noExplicitAny: CDP event payloads are read defensively below.
  readonly params: any;
}

const CDP_EVENTS = [
  "Network.requestWillBeSent",
  "Network.requestWillBeSentExtraInfo",
  "Network.responseReceived",
  "Network.responseReceivedExtraInfo",
  "Network.loadingFinished",
  "Network.loadingFailed",
  "Log.entryAdded",
  "Audits.issueAdded",
] as const;

const SCENARIO_TIMEOUT_MS = 15_000;
const HAR_SETTLE_TIMEOUT_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tokenPattern(token: string): RegExp {
  return new RegExp(`[?&]lab=${token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:&|#|$)`);
}

/**
 * Records every scenario. Scenarios that need the same browser setup (flags, permissions) share one
 * browser session (one tab, navigated to a fresh runner URL each time); fixtures come back in the
 * scenarios' order.
 */
export async function recordScenarios(options: RecordOptions): Promise<RecordResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const recorder = await openRecorder({ ...options, log });
  try {
    if (options.outDir) mkdirSync(options.outDir, { recursive: true });
    // Group by setup so each browser is launched once.
    const setupKey = (s: Scenario) => browserSetup(s, recorder.lab.ports).key;
    const keys = [...new Set(options.scenarios.map(setupKey))];
    const byId = new Map<string, Fixture>();
    for (const key of keys) {
      for (const scenario of options.scenarios.filter((s) => setupKey(s) === key)) {
        const fixture = await recorder.record(scenario);
        byId.set(scenario.id, fixture);
        if (options.outDir)
          writeFileSync(join(options.outDir, `${scenario.id}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
        log(
          `${scenario.id}: ${fixture.truth.map((t) => `${t.outcome} ${t.corsError ?? t.errorText ?? ""}`.trim()).join("; ")}`,
        );
      }
    }
    const fixtures = options.scenarios.map((s) => byId.get(s.id) as Fixture);
    return { fixtures, chromium: recorder.chromium(), elapsedMs: Date.now() - started, warnings: recorder.warnings };
  } finally {
    await recorder.close();
  }
}

export interface RecorderOptions {
  /** Scenarios the lab serves from the start; `record()` adds any other it is given. */
  readonly scenarios?: readonly Scenario[];
  readonly ports?: LabPorts | "ephemeral";
  readonly distPath?: string;
  readonly log?: (message: string) => void;
  /** Relaunch the browser after this many runs (long fuzz runs), default never. */
  readonly recycleEvery?: number;
}

/** A lab and a browser that record one scenario at a time (the truth harness, and the fuzzer's). */
export interface Recorder {
  readonly lab: Lab;
  readonly warnings: string[];
  /** The Chromium version (`Chrome/156…`), once a browser has been launched. */
  chromium(): string;
  /** Records one scenario, launching (or relaunching) the browser its setup needs. */
  record(scenario: Scenario): Promise<Fixture>;
  /** Closes the browser; the next `record()` launches a fresh one. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  readonly browser: LabBrowser;
  readonly cdp: CDPSession;
  readonly events: CdpEvent[];
  readonly key: string;
  runs: number;
}

export async function openRecorder(options: RecorderOptions = {}): Promise<Recorder> {
  const log = options.log ?? (() => {});
  const warnings: string[] = [];
  const lab = await start(options.scenarios ?? [], { ports: options.ports });
  let session: Session | null = null;
  let version = "";

  const stop = async () => {
    const closing = session;
    session = null;
    if (!closing) return;
    await closing.cdp.detach().catch(() => {});
    await closing.browser.close().catch(() => {});
  };

  const launch = async (scenario: Scenario): Promise<Session> => {
    const setup = browserSetup(scenario, lab.ports);
    const browser = await launchLabBrowser({ headless: true, distPath: options.distPath, extraArgs: setup.args });
    try {
      version = browser.version;
      if (setup.permissions.length > 0) {
        // The grant lasts as long as this CDP session: it stays attached until the browser closes.
        const browserCdp = await browser.browser.target().createCDPSession();
        await browserCdp.send("Browser.grantPermissions", {
          // biome-ignore lint/suspicious/noExplicitAny: names newer than puppeteer's protocol types (loopbackNetwork)
          permissions: setup.permissions as any,
          origin: pageOrigin(scenario, lab.ports),
        });
      }
      log(
        `${browser.version}, extension ${browser.extensionId}, lab ports ${JSON.stringify(lab.ports)}` +
          (setup.args.length + setup.permissions.length > 0 ? `, setup ${setup.key}` : ""),
      );
      const cdp = await browser.page.createCDPSession();
      const events: CdpEvent[] = [];
      for (const method of CDP_EVENTS) cdp.on(method, (params: unknown) => events.push({ method, params }));
      await enableDomains(cdp);
      return { browser, cdp, events, key: setup.key, runs: 0 };
    } catch (error) {
      await browser.close().catch(() => {});
      throw error;
    }
  };

  return {
    lab,
    warnings,
    chromium: () => version,
    record: async (scenario) => {
      lab.add(scenario);
      const key = browserSetup(scenario, lab.ports).key;
      const recycle = options.recycleEvery !== undefined && session !== null && session.runs >= options.recycleEvery;
      if (session && (session.key !== key || recycle)) await stop();
      session ??= await launch(scenario);
      session.runs++;
      // Each run waits for its own requests to end; older events are of no use to it.
      session.events.length = 0;
      return await recordOne(session.browser, lab, scenario, session.events, warnings);
    },
    restart: stop,
    close: async () => {
      await stop();
      await lab.close();
    },
  };
}

async function enableDomains(session: CDPSession): Promise<void> {
  await session.send("Network.enable");
  await session.send("Log.enable");
  await session.send("Audits.enable");
}

async function recordOne(
  browser: LabBrowser,
  lab: Lab,
  scenario: Scenario,
  events: CdpEvent[],
  warnings: string[],
): Promise<Fixture> {
  const token = makeToken(scenario.id, randomBytes(4).toString("hex"));
  const pattern = tokenPattern(token);
  const url = runnerUrl(scenario, lab.ports, token);
  const origin = pageOrigin(scenario, lab.ports);
  const firstEvent = events.length;
  const { page } = browser;

  await page.goto(url, { waitUntil: "domcontentloaded", timeout: SCENARIO_TIMEOUT_MS });
  await page.waitForFunction("window.__labDone !== undefined", { timeout: SCENARIO_TIMEOUT_MS, polling: 25 });
  const js: unknown = await page.evaluate("window.__labDone");

  // Wait until Chromium has finished (or failed) every request of this run.
  const mine = () => events.slice(firstEvent);
  const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
  for (;;) {
    const requests = collectRequests(mine(), pattern);
    const pending = [...requests.values()].filter((r) => !r.done);
    if (pending.length === 0) break;
    if (Date.now() > deadline) {
      warnings.push(`${scenario.id}: ${pending.length} request(s) never finished in CDP`);
      break;
    }
    await sleep(25);
  }
  // Console lines and issues can trail the network events slightly.
  await sleep(50);
  const requests = collectRequests(mine(), pattern);
  const actual = [...requests.values()].filter((r) => r.kind === "actual").sort((a, b) => a.start - b.start);
  const documentAndHops = [...requests.values()]
    .filter((r) => r.kind !== "preflight")
    .reduce((n, r) => n + r.hops.length, 0);
  const preflightCount = [...requests.values()].filter((r) => r.kind === "preflight").length;

  const har = await settledHar(browser, pattern, documentAndHops + preflightCount, warnings, scenario.id);
  const scenarioEvents = mine();
  const truth = actual.map((r) => truthFor(r, scenario, origin, scenarioEvents));
  const observed = actual.map((r) => observedFor(r, requests, scenarioEvents));
  // Errors the renderer raises before any network request (DisallowedByMode and the like) exist
  // only as a CorsIssue without a requestId, and a console line.
  for (const issue of rendererOnlyIssues(scenarioEvents, pattern, requests)) {
    truth.push({
      url: issue.url,
      method: scenario.request.method,
      outcome: "blocked",
      corsError: issue.corsError,
      failedParameter: issue.failedParameter,
      errorText: null,
      console: consoleLine({ requestId: "", hops: [{ url: issue.url, method: "", status: null }] }, scenarioEvents),
    });
    observed.push({ requestId: "", type: null, hops: [], preflights: [], issue: issue.corsError });
  }
  return {
    id: scenario.id,
    title: scenario.title,
    chromium: browser.version,
    recordedAt: new Date().toISOString(),
    har: { log: har },
    truth,
    lab: { ports: lab.ports, token, page: url },
    js,
    received: lab.received(token),
    observed,
  };
}

interface CdpRequest {
  readonly requestId: string;
  kind: "document" | "preflight" | "actual";
  type: string | null;
  start: number;
  /** One per requestWillBeSent (redirects reuse the requestId). */
  readonly hops: { url: string; method: string; status: number | null }[];
  /** For preflights: the actual request's requestId. */
  initiatorRequestId: string | null;
  origin: string | null;
  /** How many responseReceivedExtraInfo events were seen (one per hop that got a response). */
  extraResponses: number;
  done: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: CDP payload
  failed: any | null;
}

/** Groups this run's Network events by requestId. */
function collectRequests(events: readonly CdpEvent[], pattern: RegExp): Map<string, CdpRequest> {
  const requests = new Map<string, CdpRequest>();
  for (const { method, params } of events) {
    if (method === "Network.requestWillBeSent") {
      const existing = requests.get(params.requestId);
      if (!existing && !pattern.test(params.request.url)) continue;
      const hop = { url: params.request.url as string, method: params.request.method as string, status: null };
      if (existing) {
        const last = existing.hops.at(-1);
        if (last && params.redirectResponse) last.status = params.redirectResponse.status;
        existing.hops.push(hop);
        continue;
      }
      const initiatorType = params.initiator?.type;
      requests.set(params.requestId, {
        requestId: params.requestId,
        kind: params.type === "Document" ? "document" : initiatorType === "preflight" ? "preflight" : "actual",
        type: params.type ?? null,
        start: params.timestamp ?? 0,
        hops: [hop],
        initiatorRequestId: initiatorType === "preflight" ? (params.initiator.requestId ?? null) : null,
        origin: headerOf(params.request.headers, "origin"),
        extraResponses: 0,
        done: false,
        failed: null,
      });
      continue;
    }
    const request = requests.get(params?.requestId);
    if (!request) continue;
    if (method === "Network.requestWillBeSentExtraInfo") {
      request.origin = headerOf(params.headers, "origin") ?? request.origin;
    } else if (method === "Network.responseReceivedExtraInfo") {
      // A CORS-blocked response has no responseReceived; its status only shows here.
      const hop = request.hops[request.extraResponses++];
      if (hop && hop.status === null && typeof params.statusCode === "number") hop.status = params.statusCode;
    } else if (method === "Network.responseReceived") {
      const last = request.hops.at(-1);
      if (last) last.status = params.response?.status ?? null;
    } else if (method === "Network.loadingFinished") {
      request.done = true;
    } else if (method === "Network.loadingFailed") {
      request.done = true;
      request.failed = params;
    }
  }
  return requests;
}

function headerOf(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return null;
}

function truthFor(request: CdpRequest, scenario: Scenario, origin: string, events: readonly CdpEvent[]): TruthItem {
  const first = request.hops[0] as CdpRequest["hops"][number];
  const failed = request.failed;
  const corsError: string | null = failed?.corsErrorStatus?.corsError ?? null;
  const errorText: string | null = failed ? (failed.errorText ?? "") : null;
  const mode = scenario.request.api === "xhr" ? "cors" : (scenario.request.mode ?? "cors");
  const sameOrigin = request.hops.every((h) => new URL(h.url).origin === origin);
  let outcome: Outcome;
  if (corsError !== null) outcome = "blocked";
  else if (failed) {
    // An opaque no-cors response is reported as aborted (or blocked by ORB); that is not CORS.
    outcome =
      mode === "no-cors" && /ERR_ABORTED|ERR_BLOCKED_BY_ORB/.test(errorText ?? "") ? "not-cors" : "network-error";
  } else outcome = mode === "no-cors" || sameOrigin ? "not-cors" : "allowed";
  return {
    url: first.url,
    method: first.method,
    outcome,
    corsError,
    failedParameter: corsError === null ? null : (failed?.corsErrorStatus?.failedParameter ?? ""),
    errorText,
    console: consoleLine(request, events),
  };
}

function rendererOnlyIssues(
  events: readonly CdpEvent[],
  pattern: RegExp,
  requests: ReadonlyMap<string, CdpRequest>,
): { url: string; corsError: string; failedParameter: string }[] {
  const found: { url: string; corsError: string; failedParameter: string }[] = [];
  for (const { method, params } of events) {
    if (method !== "Audits.issueAdded" || params.issue?.code !== "CorsIssue") continue;
    const details = params.issue.details?.corsIssueDetails;
    const url = details?.request?.url;
    const requestId = details?.request?.requestId;
    if (typeof url !== "string" || !pattern.test(url) || (requestId && requests.has(requestId))) continue;
    if (typeof details.corsErrorStatus?.corsError !== "string") continue;
    found.push({
      url,
      corsError: details.corsErrorStatus.corsError,
      failedParameter: details.corsErrorStatus.failedParameter ?? "",
    });
  }
  return found;
}

function consoleLine(request: Pick<CdpRequest, "requestId" | "hops">, events: readonly CdpEvent[]): string | null {
  const entries = events.filter((e) => e.method === "Log.entryAdded").map((e) => e.params.entry);
  const cors = entries.find(
    (e) =>
      e?.source === "javascript" &&
      typeof e.text === "string" &&
      request.hops.some((h) => e.text.includes(`'${h.url}'`) || e.text.includes(`load ${h.url}.`)),
  );
  if (cors) return cors.text;
  const network = entries.find((e) => e?.networkRequestId === request.requestId && typeof e.text === "string");
  return network ? network.text : null;
}

function observedFor(
  request: CdpRequest,
  requests: ReadonlyMap<string, CdpRequest>,
  events: readonly CdpEvent[],
): ObservedRequest {
  const issue = events.find(
    (e) =>
      e.method === "Audits.issueAdded" &&
      e.params.issue?.code === "CorsIssue" &&
      e.params.issue.details?.corsIssueDetails?.request?.requestId === request.requestId,
  );
  return {
    requestId: request.requestId,
    type: request.type,
    hops: request.hops.map((h) => ({ ...h })),
    preflights: [...requests.values()]
      .filter((r) => r.kind === "preflight" && r.initiatorRequestId === request.requestId)
      .sort((a, b) => a.start - b.start)
      .map((p) => ({
        url: p.hops[0]?.url ?? "",
        status: p.hops[0]?.status ?? null,
        errorText: p.failed?.errorText ?? null,
        origin: p.origin,
      })),
    issue: issue?.params.issue.details.corsIssueDetails.corsErrorStatus?.corsError ?? null,
  };
}

/**
 * `getHAR()` until this run's entries are all there and stop changing (an entry can first appear
 * incomplete, browser-facts.md §2.6a). Keeps the run's entries and the page(s) they refer to.
 */
async function settledHar(
  browser: LabBrowser,
  pattern: RegExp,
  expectedEntries: number,
  warnings: string[],
  id: string,
): Promise<HarLogLike> {
  const deadline = Date.now() + HAR_SETTLE_TIMEOUT_MS;
  let previous = "";
  let last: HarLogLike | null = null;
  for (;;) {
    const log = await browser.getHar();
    const entries = log.entries.filter((e: HarEntryLike) => pattern.test(e.request.url));
    const pagerefs = new Set(entries.map((e) => e.pageref));
    last = { ...log, pages: log.pages.filter((p) => pagerefs.has(p.id)), entries };
    const serialized = JSON.stringify(entries);
    if (entries.length >= expectedEntries && serialized === previous) return last;
    if (Date.now() > deadline) {
      warnings.push(`${id}: HAR has ${entries.length} entries, CDP saw ${expectedEntries} (not settled)`);
      return last;
    }
    previous = serialized;
    await sleep(60);
  }
}
