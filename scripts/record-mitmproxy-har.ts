/**
 * Records test/fixtures/har/mitmproxy-8.1-har_dump.har: Debian's mitmproxy (mitmdump with the
 * har_dump.py example it ships, `--set hardump=...`) proxying Debian's Chromium through the lab
 * scenarios of scripts/har-producers.ts. Run with `npx tsx scripts/record-mitmproxy-har.ts`; needs
 * /usr/bin/chromium, /usr/bin/mitmdump (Debian package mitmproxy) and the lab's fixed ports free.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { CHROMIUM_PATH, chromiumLabArgs, pageFetch } from "../lab/browser.js";
import { runScenarios, startLab, TIMEOUT_MS, tidyHar, writeFixture } from "./har-producers.js";

const HAR_DUMP = "/usr/share/doc/mitmproxy/examples/contrib/har_dump.py";
const HOSTS_ADDON = join(import.meta.dirname, "mitmproxy-lab-hosts.py");
/** Next to the lab's ports (47811-47819). */
const PROXY_PORT = 47830;

if (!existsSync(HAR_DUMP)) throw new Error(`${HAR_DUMP} is missing: apt-get install mitmproxy`);

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-mitmproxy-"));
const harPath = join(dir, "dump.har");

/** Resolves once something listens on the port (bounded: 150 tries, 200 ms apart; the first start makes a CA). */
async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`mitmdump did not listen on ${port}`);
}

/** Stops mitmdump with SIGINT (har_dump writes the file on shutdown) and waits for it to exit. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGINT");
  });
}

const lab = await startLab();
const mitmdump = spawn(
  "mitmdump",
  [
    "--listen-host=127.0.0.1",
    `--listen-port=${PROXY_PORT}`,
    "--set",
    `confdir=${join(dir, "conf")}`,
    "-s",
    HOSTS_ADDON,
    "-s",
    HAR_DUMP,
    "--set",
    `hardump=${harPath}`,
    "--quiet",
  ],
  { stdio: ["ignore", "inherit", "inherit"] },
);
try {
  await waitForPort(PROXY_PORT);
  const args = chromiumLabArgs().filter((arg) => arg !== "--no-proxy-server");
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Chromium bypasses a proxy for loopback unless told not to ("<-loopback>").
    args: [...args, `--proxy-server=http://127.0.0.1:${PROXY_PORT}`, "--proxy-bypass-list=<-loopback>"],
  });
  try {
    const page = await browser.newPage();
    await runScenarios(
      {
        async open(url) {
          await page.goto(url, { waitUntil: "domcontentloaded", timeout: TIMEOUT_MS });
          await page.waitForFunction("window.__labDone !== undefined", { timeout: TIMEOUT_MS, polling: 50 });
        },
        fetch: (request) => page.evaluate(pageFetch, request),
      },
      lab.scenarios,
      "mitmproxy",
    );
    console.log(`Chromium ${await browser.version()}`);
  } finally {
    await browser.close();
  }
  await stop(mitmdump);
  const raw = JSON.parse(readFileSync(harPath, "utf8"));
  console.log(`mitmdump wrote ${raw.log.entries.length} entries`);
  const har = tidyHar(raw);
  console.log(`wrote ${writeFixture("mitmproxy-8.1-har_dump.har", har)}`);
} finally {
  await stop(mitmdump);
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
}
