/**
 * What the producer recordings share (scripts/record-*-har.ts): the lab scenarios each HAR holds,
 * run from one page in one browser session, and the tidy-up that keeps a fixture small and free of
 * machine-specific noise. Each recording's expected diagnoses sit beside it in
 * test/fixtures/har/<name>.expected.json (checked by test/capture/har-variants.test.ts); review them
 * by hand after re-recording.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";

import type { PageFetchResult } from "../lab/browser.js";
import { runnerRequest } from "../lab/pages.js";
import { DEFAULT_PORTS, loadScenarios, makeToken, runnerUrl, type Scenario, scenarioById } from "../lab/scenario.js";
import { start } from "../lab/server.js";

export const FIXTURE_DIR = join(import.meta.dirname, "..", "test", "fixtures", "har");

/** The first one is loaded as the page; the others are fetched from it, in this order. */
export const PRODUCER_SCENARIOS = [
  "acao-missing",
  "credentials-wildcard",
  "preflight-404-without-cors",
  "header-authorization-not-listed",
  "redirect-target-missing-acao",
  "actual-500-without-cors",
  "no-cors-opaque",
  "allowed-preflight-200",
  "same-origin-get",
] as const;

/** Loaded last, as a second page: it sets a cookie and sends it (what a sanitized export drops). */
export const SECOND_PAGE_SCENARIO = "credentials-cookie-acac-missing";

export const TIMEOUT_MS = 20_000;

/** A page of the browser being recorded, whatever drives it. */
export interface ScenarioPage {
  /** Navigates to the runner and waits until its request is done. */
  open(url: string): Promise<void>;
  /** Makes a scenario's request with fetch() from the page (see lab/browser.ts fetchFromPage). */
  fetch(request: ReturnType<typeof runnerRequest>): Promise<PageFetchResult>;
}

/** Starts the lab on its fixed ports (so a re-recording differs only where the tool does). */
export async function startLab(): Promise<{ close(): Promise<void>; scenarios: Scenario[] }> {
  const all = loadScenarios();
  const lab = await start(all, { ports: DEFAULT_PORTS });
  return { close: () => lab.close(), scenarios: all };
}

/**
 * Runs the scenarios in `page`, then opens SECOND_PAGE_SCENARIO's runner; `nonce` makes the run's
 * tokens (fixed, so URLs are stable).
 */
export async function runScenarios(page: ScenarioPage, all: readonly Scenario[], nonce: string): Promise<void> {
  const scenarios = PRODUCER_SCENARIOS.map((id) => scenarioById(all, id));
  const [first, ...rest] = scenarios as [Scenario, ...Scenario[]];
  await page.open(runnerUrl(first, DEFAULT_PORTS, makeToken(first.id, nonce)));
  for (const scenario of rest) {
    const outcome = await page.fetch(runnerRequest(scenario, DEFAULT_PORTS, makeToken(scenario.id, nonce)));
    console.log(`${scenario.id}: ${outcome.ok ? `${outcome.status} ${outcome.type}` : outcome.error}`);
  }
  const second = scenarioById(all, SECOND_PAGE_SCENARIO);
  await page.open(runnerUrl(second, DEFAULT_PORTS, makeToken(second.id, nonce)));
}

type Json = Record<string, unknown>;

/**
 * Keeps a recorded HAR small and stable: response bodies and the page's favicon dropped, header
 * values the machine chose (User-Agent's build, Date) kept as recorded. Only entries of the lab's
 * hosts stay.
 */
export function tidyHar(har: Json): Json {
  const log = (har.log ?? har) as Json;
  const entries = (log.entries as Json[]).filter((entry) => {
    const url = String((entry.request as Json).url);
    return !url.endsWith("/favicon.ico") && /^https?:\/\/(?:[a-z.]*\.test|localhost|127\.0\.0\.1)[:/]/.test(url);
  });
  for (const entry of entries) {
    const content = (entry.response as Json).content as Json | undefined;
    if (content) {
      delete content.text;
      delete content.encoding;
    }
    const request = entry.request as Json;
    if (request.postData) delete (request.postData as Json).text;
  }
  return { log: { ...log, entries } };
}

export function writeFixture(name: string, har: Json): string {
  const path = join(FIXTURE_DIR, name);
  writeFileSync(path, `${JSON.stringify(har, null, 1)}\n`);
  return path;
}
