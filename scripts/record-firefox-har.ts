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
import { runnerRequest } from "../lab/pages.js";
import { loadScenarios, makeToken, runnerUrl, type Scenario } from "../lab/scenario.js";
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
const scenarios = SCENARIOS.map((id) => {
  const found = all.find((s) => s.id === id);
  if (!found) throw new Error(`lab/scenarios.json has no scenario ${id}`);
  return found;
});
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
    const request = runnerRequest(scenario, lab.ports, token(scenario));
    const result = await firefox.page.evaluate(async (r) => {
      const headers = new Headers();
      for (const [name, value] of r.headers) headers.append(name as string, value as string);
      const init: RequestInit = {
        method: r.method,
        headers,
        credentials: r.credentials as RequestCredentials,
        mode: r.mode as RequestMode,
        redirect: r.redirect as RequestRedirect,
      };
      if (r.body !== null) init.body = r.body;
      try {
        const response = await fetch(r.url, init);
        return `${response.status} ${response.type}`;
      } catch (error) {
        return String(error);
      }
    }, request);
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
