/**
 * The reports say what the other browsers decide where their verdicts differ: "In other browsers:
 * …" in Markdown and HTML (escaped like every string from a capture), and each browser's answer in
 * JSON.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CapturedExchange, readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import { buildReport, RENDERERS } from "../../src/report/index.js";

function labItems(id: string) {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, `../fixtures/lab/${id}.json`), "utf8")) as {
    har: unknown;
  };
  const read = readHar(fixture.har);
  if (!read.ok) throw new Error(read.message);
  return read.exchanges
    .filter((c: CapturedExchange) => c.actualRecorded)
    .map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }));
}

const ENVIRONMENT = { browser: null, tool: "test", captureMode: "lab", generatedAt: "2026-12-07T00:00:00Z" };

describe("per-browser answers in the reports", () => {
  const report = buildReport(labItems("redirect-contains-credentials"), ENVIRONMENT);
  const exchange = report.exchanges.find((x) => x.summary.verdict === "blocked");

  it("the model holds each browser's answer and the line about the others", () => {
    expect(exchange?.browsers?.firefox).toMatchObject({ verdict: "network-error", error: "CORSDidNotSucceed2" });
    expect(exchange?.browsers?.safari).toMatchObject({ verdict: "blocked", error: "redirect-has-credentials" });
    expect(exchange?.otherBrowsers).toMatch(
      /^network-error in Firefox: Cross-Origin Request Blocked: .*\(Reason: CORS request did not succeed\)\. Status code: \(null\)\.; blocked in Chrome and Safari$/,
    );
  });

  it("Markdown, HTML and JSON show it", () => {
    expect(RENDERERS.md.render(report)).toContain("**In other browsers:** network-error in Firefox:");
    expect(RENDERERS.html.render(report)).toContain(
      '<p class="other-browsers"><strong>In other browsers:</strong> network-error in Firefox:',
    );
    const json = JSON.parse(RENDERERS.json.render(report)) as typeof report;
    expect(json.exchanges.find((x) => x.otherBrowsers)?.browsers?.firefox.verdict).toBe("network-error");
  });

  it("says nothing more where every browser decides alike", () => {
    const same = buildReport(labItems("acao-missing"), ENVIRONMENT);
    expect(same.exchanges.every((x) => x.otherBrowsers === null && x.browsers === null)).toBe(true);
    expect(RENDERERS.md.render(same)).not.toContain("In other browsers");
  });
});
