/**
 * WebKit's truth for lab scenarios (test/fixtures/engines/webkit.json, format in lab/engine-truth.ts):
 * each scenario's runner page opened in WebKitGTK's MiniBrowser (lab/webkit/browser.ts), the verdict
 * read from what the page's script saw and WebKit's console, the console lines kept verbatim.
 *
 * The verdict, in Chromium truth's vocabulary:
 * - the request failed and WebKit printed "… due to access control checks." → `blocked`;
 * - it failed without that line (a refused connection, a reset) → `network-error`;
 * - it succeeded in no-cors mode, or stayed same-origin (fetch's response type `basic`; XHR's hops
 *   all on the page's origin) → `not-cors`; otherwise → `allowed`.
 *
 * WebKit's inspector shows no preflight of its own and no response for a blocked request (its
 * status is only in the console text); one item per request the page made (redirects are its hops).
 */

import { randomBytes } from "node:crypto";
import {
  chromiumOnlySetup,
  type EngineScenarioTruth,
  type EngineTruthFile,
  type EngineTruthItem,
} from "../engine-truth.js";
import { startHostProxy } from "../host-proxy.js";
import {
  type LabPorts,
  makeToken,
  type Outcome,
  pageOrigin,
  requestUrl,
  runnerUrl,
  type Scenario,
} from "../scenario.js";
import { type Lab, start } from "../server.js";
import { launchWebKit, type WebKitBrowser } from "./browser.js";
import type { InspectorEvent } from "./inspector.js";

const SCENARIO_TIMEOUT_MS = 15_000;
/** Console lines can trail the request's end slightly. */
const SETTLE_MS = 150;
/** A poll of the page sent while the navigation swaps its process gets no answer: ask again. */
const POLL_ANSWER_MS = 1_000;
/** A scenario the harness could not run gets one more try in a fresh browser. */
const ATTEMPTS = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why WebKit cannot run a scenario, or null when it can. */
export function notRunReason(scenario: Scenario): string | null {
  switch (chromiumOnlySetup(scenario)) {
    case "local-network-access":
      return scenario.request.targetAddressSpace !== undefined
        ? "Local Network Access (fetch's targetAddressSpace) is Chromium's alone; WebKit ignores the option"
        : "needs Chromium's own flags or permissions (Local Network Access set-up) that WebKit has no equivalent of";
    case "browser-setup":
      return "needs Chromium's own flags or permissions (Local Network Access set-up) that WebKit has no equivalent of";
    case null:
      return null;
  }
}

export interface WebKitRecorder {
  readonly lab: Lab;
  readonly version: () => string;
  readonly userAgent: () => string;
  /** Records one scenario (a not-run entry when WebKit cannot run it). */
  record(scenario: Scenario): Promise<EngineScenarioTruth>;
  close(): Promise<void>;
}

export interface WebKitRecorderOptions {
  readonly scenarios?: readonly Scenario[];
  readonly ports?: LabPorts | "ephemeral";
  readonly log?: (message: string) => void;
}

/** A lab, its host proxy and one WebKit browser, recording one scenario at a time. */
export async function openWebKitRecorder(options: WebKitRecorderOptions = {}): Promise<WebKitRecorder> {
  const log = options.log ?? (() => {});
  const lab = await start(options.scenarios ?? [], { ports: options.ports });
  const proxy = await startHostProxy().catch(async (error) => {
    await lab.close();
    throw error;
  });
  let browser: WebKitBrowser | null = null;
  let userAgent = "";
  let version = "";
  const ensureBrowser = async (): Promise<WebKitBrowser> => {
    if (browser) return browser;
    browser = await launchWebKit({ proxyPort: proxy.port, log });
    version = browser.version;
    return browser;
  };
  return {
    lab,
    version: () => version,
    userAgent: () => userAgent,
    record: async (scenario) => {
      const reason = notRunReason(scenario);
      if (reason !== null) return { status: "not-run", reason };
      lab.add(scenario);
      for (let attempt = 1; ; attempt++) {
        const current = await ensureBrowser();
        try {
          const run = await recordOne(current, lab, scenario);
          lab.forget(run.token);
          userAgent = run.userAgent || userAgent;
          return { status: "recorded", truth: run.truth };
        } catch (error) {
          await current.close();
          browser = null;
          if (attempt >= ATTEMPTS) throw error;
          log(`${scenario.id}: ${error instanceof Error ? error.message : String(error)}; relaunching WebKit`);
        }
      }
    },
    close: async () => {
      await browser?.close();
      await proxy.close();
      await lab.close();
    },
  };
}

interface RunnerResult {
  readonly ok: boolean;
  readonly type?: string;
  readonly error?: string;
}

interface WebKitRequest {
  readonly requestId: string;
  readonly hops: { url: string; method: string }[];
  done: boolean;
}

function tokenPattern(token: string): RegExp {
  return new RegExp(`[?&]lab=${token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:&|#|$)`);
}

/** The page's requests of this run (not the runner document), by requestId, with their hops. */
function requestsOf(events: readonly InspectorEvent[], pattern: RegExp, runner: string): Map<string, WebKitRequest> {
  const requests = new Map<string, WebKitRequest>();
  for (const { method, params } of events) {
    if (method === "Network.requestWillBeSent") {
      const url = String(params.request?.url ?? "");
      const existing = requests.get(params.requestId);
      if (existing) existing.hops.push({ url, method: String(params.request?.method ?? "") });
      else if (pattern.test(url) && url !== runner && params.type !== "Document") {
        requests.set(params.requestId, {
          requestId: params.requestId,
          hops: [{ url, method: String(params.request?.method ?? "") }],
          done: false,
        });
      }
    } else if (method === "Network.loadingFinished" || method === "Network.loadingFailed") {
      const request = requests.get(params.requestId);
      if (request) request.done = true;
    }
  }
  return requests;
}

/** The console lines since the runner page's navigation cleared the console. */
function consoleLines(events: readonly InspectorEvent[]): string[] {
  const cleared = events.map((e) => e.method).lastIndexOf("Console.messagesCleared");
  return events
    .slice(cleared + 1)
    .filter((e) => e.method === "Console.messageAdded" && typeof e.params.message?.text === "string")
    .map((e) => e.params.message.text as string);
}

export function outcomeOf(
  scenario: Scenario,
  result: RunnerResult,
  lines: readonly string[],
  hops: readonly string[],
  origin: string,
): Outcome {
  if (!result.ok) return lines.some((l) => l.includes("due to access control checks")) ? "blocked" : "network-error";
  const mode = scenario.request.api === "xhr" ? "cors" : (scenario.request.mode ?? "cors");
  if (mode === "no-cors" || result.type === "opaque" || result.type === "basic") return "not-cors";
  if (scenario.request.api === "xhr" && hops.length > 0 && hops.every((h) => new URL(h).origin === origin)) {
    return "not-cors";
  }
  return "allowed";
}

async function recordOne(
  browser: WebKitBrowser,
  lab: Lab,
  scenario: Scenario,
): Promise<{ truth: EngineTruthItem[]; userAgent: string; token: string }> {
  const token = makeToken(scenario.id, randomBytes(4).toString("hex"));
  const pattern = tokenPattern(token);
  const url = runnerUrl(scenario, lab.ports, token);
  const origin = pageOrigin(scenario, lab.ports);
  const events = browser.inspector.events;
  browser.inspector.clear();
  await browser.navigate(url);

  // The runner page publishes what its script saw; the check on the URL skips the previous page.
  const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
  let done: { result: RunnerResult; userAgent: string } | null = null;
  while (done === null) {
    if (Date.now() > deadline) throw new Error(`${scenario.id}: the runner page did not finish in WebKit`);
    await sleep(25);
    const value = await browser
      .evaluate(
        `location.href === ${JSON.stringify(url)} && window.__labDone !== undefined ? ` +
          "JSON.stringify({ result: window.__labDone, userAgent: navigator.userAgent }) : null",
        POLL_ANSWER_MS,
      )
      .catch(() => null);
    if (typeof value === "string") done = JSON.parse(value);
  }
  // Wait until WebKit has ended every request of the run, then for trailing console lines.
  for (;;) {
    const pending = [...requestsOf(events, pattern, url).values()].filter((r) => !r.done);
    if (pending.length === 0 || Date.now() > deadline) break;
    await sleep(25);
  }
  await sleep(SETTLE_MS);
  const lines = consoleLines(events);
  const requests = [...requestsOf(events, pattern, url).values()];
  const proxied = (u: string) => !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(u);
  const note = (hops: readonly string[]) =>
    // The closed port reached through the host proxy: the proxy resets, WebKit never sees a refusal.
    hops.some((h) => proxied(h) && new URL(h).port === String(lab.ports.closed))
      ? { note: "through the lab's host proxy: the refused port reaches WebKit as a reset connection" }
      : {};
  if (requests.length === 0) {
    // WebKit refused the request before the network (no Network event): the runner's own request,
    // its one hop the URL it asked for.
    const url = requestUrl(scenario, lab.ports, token);
    return {
      token,
      userAgent: done.userAgent,
      truth: [
        {
          url,
          method: scenario.request.method,
          outcome: outcomeOf(scenario, done.result, lines, [url], origin),
          console: lines,
        },
      ],
    };
  }
  return {
    token,
    userAgent: done.userAgent,
    truth: requests.map((r) => {
      const hops = r.hops.map((h) => h.url);
      const first = r.hops[0] as { url: string; method: string };
      return {
        url: first.url,
        method: first.method,
        outcome: outcomeOf(scenario, done.result, lines, hops, origin),
        console: lines,
        ...note(hops),
      };
    }),
  };
}

export interface WebKitRecording {
  readonly file: EngineTruthFile;
  readonly elapsedMs: number;
}

/** Records every scenario (in one browser) into an engine truth file. */
export async function recordWebKit(
  scenarios: readonly Scenario[],
  options: Omit<WebKitRecorderOptions, "scenarios"> = {},
): Promise<WebKitRecording> {
  const started = Date.now();
  const recorder = await openWebKitRecorder({ ...options, scenarios });
  const results: Record<string, EngineScenarioTruth> = {};
  try {
    for (const scenario of scenarios) {
      const truth = await recorder.record(scenario);
      results[scenario.id] = truth;
      options.log?.(
        `${scenario.id}: ${truth.status === "recorded" ? truth.truth.map((t) => `${t.outcome} ${t.console[0] ?? ""}`.trim()).join("; ") : `not run (${truth.reason})`}`,
      );
    }
  } finally {
    await recorder.close();
  }
  return {
    file: {
      engine: "webkit",
      userAgent: recorder.userAgent(),
      version: recorder.version(),
      recordedAt: new Date().toISOString(),
      labPorts: recorder.lab.ports,
      scenarios: results,
    },
    elapsedMs: Date.now() - started,
  };
}
