/**
 * Firefox's truth for lab scenarios: each scenario's runner page loaded in Firefox ESR (headless),
 * the verdict read from what the page's script saw, and Firefox's console lines for the request
 * read from its console service (lab/firefox-browser.ts), each with its message key.
 *
 * The verdict, in Chromium truth's vocabulary (lab/harness.ts):
 * - the request succeeded: `not-cors` for no-cors (an opaque response) and same-origin requests,
 *   else `allowed`;
 * - it failed (fetch rejected, XHR's error event) with a CORS line that names a CORS check:
 *   `blocked`;
 * - it failed with no such line: `network-error`. Firefox prints "CORS request did not succeed"
 *   (CORSDidNotSucceed2) for any cross-origin request that failed below CORS (connection refused,
 *   a failed preflight's request), so that key alone is not a CORS check failing.
 *
 * One browser for every scenario, one tab navigated to a fresh runner URL (fresh token) each time;
 * every wait is bounded.
 */

import { randomBytes } from "node:crypto";
import {
  chromiumOnlySetup,
  type EngineScenarioTruth,
  type EngineTruthFile,
  type EngineTruthItem,
} from "./engine-truth.js";
import { type FirefoxConsoleMessage, type FirefoxTruthBrowser, launchFirefoxTruthBrowser } from "./firefox-browser.js";
import {
  LAB_PREFIX,
  type LabPorts,
  makeToken,
  type Outcome,
  pageOrigin,
  requestUrl,
  runnerUrl,
  type Scenario,
} from "./scenario.js";
import { type Lab, start } from "./server.js";

const PAGE_TIMEOUT_MS = 15_000;
/** A failed request's CORS line can trail the rejection a little: wait this long for it at most. */
const CONSOLE_WAIT_MS = 2_000;
/** Then this long for any further line (the generic line after a specific one, a warning). */
const CONSOLE_SETTLE_MS = 150;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keys that say the request failed below CORS, not that a CORS check failed. */
const NOT_A_CORS_CHECK = new Set(["CORSDidNotSucceed", "CORSDidNotSucceed2"]);

/** Why Firefox cannot run a scenario, or null when it can. */
export function firefoxCannotRun(scenario: Scenario): string | null {
  switch (chromiumOnlySetup(scenario)) {
    case "local-network-access":
      return "Local Network Access as the scenario sets it up (targetAddressSpace, --ip-address-space-overrides) is Chromium's";
    case "browser-setup":
      return `needs Chromium's browser setup (${[...(scenario.browser?.args ?? []), ...(scenario.browser?.permissions ?? [])].join(", ")})`;
    case null:
      return null;
  }
}

/** What the runner page's script published (`window.__labDone`, lab/pages.ts). */
interface PageResult {
  readonly ok: boolean;
  readonly type?: string;
  readonly error?: string;
}

/** A line that reports a CORS check failing (not a warning, not "CORS request did not succeed"). */
function isCorsCheckFailure(message: FirefoxConsoleMessage): boolean {
  const key = message.category ?? "";
  return key.startsWith("CORS") && !message.warning && !NOT_A_CORS_CHECK.has(key);
}

export function firefoxOutcome(
  scenario: Scenario,
  page: PageResult,
  messages: readonly FirefoxConsoleMessage[],
  sameOrigin: boolean,
): Outcome {
  const mode = scenario.request.api === "xhr" ? "cors" : (scenario.request.mode ?? "cors");
  if (page.ok) return mode === "no-cors" || sameOrigin ? "not-cors" : "allowed";
  return messages.some(isCorsCheckFailure) ? "blocked" : "network-error";
}

/** The key of the line that names the failure: the first CORS-check line, else the first keyed line. */
export function firefoxConsoleKey(messages: readonly FirefoxConsoleMessage[]): string | null {
  return (messages.find(isCorsCheckFailure) ?? messages.find((m) => m.category?.startsWith("CORS")))?.category ?? null;
}

/** A lab and one Firefox that record one scenario at a time (the recorder, and the fuzzer's). */
export interface FirefoxRecorder {
  readonly lab: Lab;
  /** `153.8.0`, once Firefox has been launched. */
  version(): string;
  userAgent(): string;
  record(scenario: Scenario): Promise<EngineScenarioTruth>;
  /** Closes Firefox; the next `record()` launches a fresh one. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface FirefoxRecorderOptions {
  readonly scenarios?: readonly Scenario[];
  readonly ports?: LabPorts | "ephemeral";
  /** A lab already running (the fuzzer shares Chromium's, so both browsers see the same ports); not closed here. */
  readonly lab?: Lab;
  readonly log?: (message: string) => void;
}

export async function openFirefoxRecorder(options: FirefoxRecorderOptions = {}): Promise<FirefoxRecorder> {
  const log = options.log ?? (() => {});
  const lab = options.lab ?? (await start(options.scenarios ?? [], { ports: options.ports }));
  let firefox: FirefoxTruthBrowser | null = null;
  let version = "";
  let userAgent = "";
  const stop = async () => {
    const closing = firefox;
    firefox = null;
    await closing?.close().catch(() => {});
  };
  return {
    lab,
    version: () => version,
    userAgent: () => userAgent,
    record: async (scenario) => {
      const reason = firefoxCannotRun(scenario);
      if (reason !== null) return { status: "not-run", reason };
      lab.add(scenario);
      if (!firefox) {
        firefox = await launchFirefoxTruthBrowser();
        version = firefox.version;
        userAgent = firefox.userAgent;
        log(`Firefox ${version}, lab ports ${JSON.stringify(lab.ports)}`);
      }
      const item = await recordOne(firefox, lab, scenario);
      return { status: "recorded", truth: [item] };
    },
    restart: stop,
    close: async () => {
      await stop();
      if (!options.lab) await lab.close();
    },
  };
}

async function recordOne(firefox: FirefoxTruthBrowser, lab: Lab, scenario: Scenario): Promise<EngineTruthItem> {
  const token = makeToken(scenario.id, randomBytes(4).toString("hex"));
  const { page } = firefox;
  await firefox.clearConsole();
  await page.goto(runnerUrl(scenario, lab.ports, token), { waitUntil: "domcontentloaded", timeout: PAGE_TIMEOUT_MS });
  await page.waitForFunction("window.__labDone !== undefined", { timeout: PAGE_TIMEOUT_MS, polling: 25 });
  const result = (await page.evaluate("window.__labDone")) as PageResult;

  // Lines about this run's requests (every hop carries the token), not about the runner page.
  const runner = `${LAB_PREFIX}/run?lab=${token}`;
  const read = async () => (await firefox.consoleMessages(`lab=${token}`)).filter((m) => !m.text.includes(runner));
  const deadline = Date.now() + (result.ok ? 0 : CONSOLE_WAIT_MS);
  while (Date.now() < deadline && !(await read()).some(isCorsCheckFailure)) await sleep(50);
  await sleep(CONSOLE_SETTLE_MS);
  const messages = await read();

  const origin = pageOrigin(scenario, lab.ports);
  const requests = lab.received(token).filter((r) => !new URL(r.url).pathname.startsWith(LAB_PREFIX));
  const sameOrigin =
    result.type === "basic" ||
    (requests.length > 0 && requests.every((r) => r.method === "OPTIONS" || new URL(r.url).origin === origin));
  lab.forget(token);
  return {
    url: requestUrl(scenario, lab.ports, token),
    method: scenario.request.method,
    outcome: firefoxOutcome(scenario, result, messages, sameOrigin),
    console: messages.map((m) => m.text),
    consoleKey: firefoxConsoleKey(messages),
    consoleKeys: messages.map((m) => m.category),
  };
}

/** One run; a failure (a timeout, a crashed tab) gets one more in a fresh Firefox, then is thrown. */
async function recordWithRetry(
  recorder: FirefoxRecorder,
  scenario: Scenario,
  log: (message: string) => void,
): Promise<EngineScenarioTruth> {
  try {
    return await recorder.record(scenario);
  } catch (error) {
    log(`${scenario.id}: ${error instanceof Error ? error.message : String(error)}; again in a fresh Firefox`);
    await recorder.restart();
    try {
      return await recorder.record(scenario);
    } catch (again) {
      throw new Error(
        `${scenario.id}: Firefox could not run it: ${again instanceof Error ? again.message : String(again)}`,
      );
    }
  }
}

/** Records every scenario in one Firefox; the file's scenarios come in the catalogue's order. */
export async function recordFirefoxTruth(options: {
  readonly scenarios: readonly Scenario[];
  readonly ports?: LabPorts | "ephemeral";
  readonly log?: (message: string) => void;
}): Promise<EngineTruthFile> {
  const log = options.log ?? (() => {});
  const recorder = await openFirefoxRecorder({ scenarios: options.scenarios, ports: options.ports, log });
  const scenarios: Record<string, EngineScenarioTruth> = {};
  try {
    for (const scenario of options.scenarios) {
      const truth = await recordWithRetry(recorder, scenario, log);
      scenarios[scenario.id] = truth;
      log(
        `${scenario.id}: ${
          truth.status === "not-run"
            ? `not run (${truth.reason})`
            : truth.truth.map((t) => `${t.outcome} ${t.consoleKey ?? ""}`.trim()).join("; ")
        }`,
      );
    }
    return {
      engine: "firefox",
      userAgent: recorder.userAgent(),
      version: recorder.version(),
      recordedAt: new Date().toISOString(),
      scenarios,
    };
  } finally {
    await recorder.close();
  }
}
