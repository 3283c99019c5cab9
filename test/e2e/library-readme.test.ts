/**
 * The README's Playwright example ("Use the engine as a library"), run in real Chromium through
 * playwright-core: a page fetches with an `x-request-id` header that the API's preflight does not
 * allow, the example's console handler collects the failure, and its words are the README's.
 */

import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, chromiumLabArgs } from "../../lab/browser.js";
import { explainCorsError, parseConsoleMessages } from "../../src/lib/index.js";

const servers: Server[] = [];

function listen(server: Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

let pageOrigin = "";
let apiOrigin = "";

beforeAll(async () => {
  // The API answers its preflight without x-request-id in Access-Control-Allow-Headers.
  apiOrigin = await listen(
    createServer((request, response) => {
      response.setHeader("Access-Control-Allow-Origin", pageOrigin);
      if (request.method === "OPTIONS") {
        response.setHeader("Access-Control-Allow-Methods", "GET");
        response.setHeader("Access-Control-Allow-Headers", "content-type");
        response.writeHead(204).end();
      } else response.writeHead(200, { "Content-Type": "application/json" }).end("[]");
    }),
  );
  pageOrigin = await listen(
    createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><title>orders</title><script>
        fetch(${JSON.stringify(`${apiOrigin}/orders`)}, { headers: { "x-request-id": "42" } })
          .then(() => { window.__done = "loaded"; }, (error) => { window.__done = error.message; });
      </script>`);
    }),
  );
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("the README's library example in Chromium", () => {
  it("names the header the preflight did not allow, in the README's words", { timeout: 120_000 }, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumLabArgs(), headless: true });
    try {
      const page = await browser.newPage();
      // The README's handler, verbatim.
      const corsFailures: string[] = [];
      page.on("console", (message) => {
        for (const error of parseConsoleMessages(message.text()))
          corsFailures.push(
            error.corsError ? `blocked: ${explainCorsError(error.corsError, error.failedParameter).text}` : error.text,
          );
      });
      // Chromium's console line may arrive just after the page's rejection.
      const corsLine = page.waitForEvent("console", {
        predicate: (message) => parseConsoleMessages(message.text()).length > 0,
        timeout: 30_000,
      });
      await page.goto(`${pageOrigin}/orders`, { waitUntil: "load", timeout: 30_000 });
      await page.waitForFunction("window.__done !== undefined", undefined, { timeout: 30_000, polling: 50 });
      // What the page itself learns: nothing but "Failed to fetch".
      expect(await page.evaluate("window.__done")).toBe("Failed to fetch");
      await corsLine;
      expect(corsFailures).toEqual([
        `blocked: ${explainCorsError("HeaderDisallowedByPreflightResponse", "x-request-id").text}`,
      ]);
      const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
      expect(readme).toContain(`\n${corsFailures[0]}\n`);
      // …and the README's handler is the one run here.
      expect(readme).toContain("explainCorsError(error.corsError, error.failedParameter).text}` : error.text,");
    } finally {
      await browser.close();
    }
  });
});
