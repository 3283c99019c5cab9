/**
 * Records test/fixtures/har/firefox-153-getHAR.har: what `chrome.devtools.network.getHAR()` returns
 * inside the CORS panel in Debian's Firefox ESR, for a set of CORS Lab scenarios run from one page
 * (so one log, one page). Run with `npx tsx scripts/record-firefox-har.ts` after
 * `npm run build:firefox`; the lab runs on its fixed ports and run tokens are fixed, so a re-recording
 * differs only where Firefox does. The expected diagnoses sit beside it in
 * firefox-153-getHAR.expected.json (checked by test/capture/har-variants.test.ts); review them by
 * hand after re-recording.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fetchFromPage } from "../lab/browser.js";
import { runnerRequest } from "../lab/pages.js";
import { loadScenarios, makeToken, runnerUrl, type Scenario, scenarioById } from "../lab/scenario.js";
import { start } from "../lab/server.js";
import { launchFirefoxLab, REPO_ROOT } from "./firefox-lab.js";

/** The first one is loaded as the page; the others are fetched from it, in this order. */
const SCENARIOS = [
  "acao-missing",
  "acao-trailing-slash",
  "credentials-wildcard",
  "preflight-404-without-cors",
  "header-authorization-not-listed",
  "redirect-target-missing-acao",
  "network-connection-refused",
  "no-cors-opaque",
  "allowed-preflight-200",
  "allowed-wildcard-without-credentials",
  "same-origin-get",
];
const OUTPUT = join(REPO_ROOT, "test", "fixtures", "har", "firefox-153-getHAR.har");
const TIMEOUT_MS = 20_000;
const SETTLE_MS = 1_000;

const all = loadScenarios();
const scenarios = SCENARIOS.map((id) => scenarioById(all, id));
const token = (s: Scenario) => makeToken(s.id, "firefox");

const lab = await start(all);
const firefox = await launchFirefoxLab();
try {
  await firefox.openToolbox();
  await firefox.showPanel();
  const [first, ...rest] = scenarios as [Scenario, ...Scenario[]];
  await firefox.page.goto(runnerUrl(first, lab.ports, token(first)), {
    waitUntil: "domcontentloaded",
    timeout: TIMEOUT_MS,
  });
  await firefox.page.waitForFunction("window.__labDone !== undefined", { timeout: TIMEOUT_MS, polling: 50 });
  for (const scenario of rest) {
    const outcome = await fetchFromPage(firefox.page, runnerRequest(scenario, lab.ports, token(scenario)));
    const result = outcome.ok ? `${outcome.status} ${outcome.type}` : outcome.error;
    console.log(`${scenario.id}: ${result}`);
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const log = await firefox.getHar();
  writeFileSync(OUTPUT, `${JSON.stringify(log, null, 1)}\n`);
  console.log(`${firefox.version}: wrote ${OUTPUT}`);
} finally {
  await firefox.close();
  await lab.close();
}
