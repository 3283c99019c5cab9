/**
 * The reports' "Fixes, one per server": one merged change per server origin, the same shape as
 * `har --fix --json`'s `fixes`, in every format; the per-request sections keep only the request's
 * own part; nothing secret reaches a snippet.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Window } from "happy-dom";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { serverFixesJson } from "../../src/cli/fix-output.js";
import { diagnose } from "../../src/engine/index.js";
import { serverFixes } from "../../src/fixes/index.js";
import { redactCaptured } from "../../src/redact/index.js";
import { buildReport, RENDERERS, type ReportOptions } from "../../src/report/index.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/har");
const ENV = { browser: "Chrome/156", tool: "test", captureMode: "HAR file", generatedAt: "2026-01-01T00:00:00.000Z" };

function itemsOf(file: string) {
  const read = readHar(JSON.parse(readFileSync(join(FIXTURES, file), "utf8")));
  if (!read.ok) throw new Error(read.message);
  return read.exchanges.map((captured) => ({ captured, diagnosis: diagnose(captured.exchange) }));
}

const OPTIONS: ReportOptions = { includeSecrets: false, includeBodies: false, stack: "express" };

describe("report: Fixes, one per server", () => {
  // edge.har: three requests to one API (a GET and a PATCH blocked, one allowed).
  const items = itemsOf("edge.har");

  it("holds one fix per server, exactly what har --fix --json prints", () => {
    const report = buildReport(items, ENV, OPTIONS);
    const diagnosed = items.map(({ captured }) => {
      const redacted = redactCaptured(captured, { includeSecrets: false });
      return { exchange: redacted.exchange, diagnosis: diagnose(redacted.exchange) };
    });
    const cli = serverFixesJson(serverFixes(diagnosed, "express").filter((f) => f.plan || f.targeted.length > 0));
    expect(report.fixes).toEqual(cli);
    expect(report.fixes).toHaveLength(1);
    const [fix] = report.fixes;
    expect(fix?.server).toBe("https://api.example.net");
    expect(fix?.covers).toHaveLength(3);
    expect(fix?.stack).toBe("express");
    expect(fix?.snippet).toContain("cors(");
    expect(fix?.policy?.methods).toEqual(expect.arrayContaining(["GET", "PATCH"]));
  });

  it("JSON carries fixes before the exchanges; Markdown and HTML render it once, at the top", () => {
    const report = buildReport(items, ENV, OPTIONS);
    const json = JSON.parse(RENDERERS.json.render(report)) as Record<string, unknown>;
    expect(Object.keys(json).slice(-2)).toEqual(["fixes", "exchanges"]);
    expect(json.fixes).toEqual(report.fixes);

    const md = RENDERERS.md.render(report);
    const snippet = report.fixes[0]?.snippet ?? "";
    expect(md.split(snippet).length - 1, "the snippet appears once").toBe(1);
    expect(md.indexOf("## Fixes, one per server (1)")).toBeLessThan(md.indexOf("## 1. "));
    expect(md).toContain("Covers 3 requests:");
    expect(md).not.toContain("### Suggested fix");

    const html = RENDERERS.html.render(report);
    const window = new Window();
    window.document.write(html);
    const sections = window.document.querySelectorAll("section.server-fix");
    expect(sections.length).toBe(1);
    // The snippet is text in a <pre>, byte for byte.
    expect(sections[0]?.querySelector("pre")?.textContent).toBe(snippet);
    window.close();
  });

  it("leads with the stack-neutral headers when no stack is recognised", () => {
    const report = buildReport(items, ENV, { ...OPTIONS, stack: "auto" });
    const [fix] = report.fixes;
    expect(fix?.stack).toBeNull();
    expect(fix?.snippet).toBeNull();
    expect(fix?.headerLines?.actual).toContain("Access-Control-Allow-Origin: https://portal.example");
    const md = RENDERERS.md.render(report);
    expect(md).toContain("The server's stack was not recognised");
    expect(md).toContain("Access-Control-Allow-Origin: https://portal.example");
  });

  it("says which layer and why (API Gateway in front of a Lambda function)", () => {
    const report = buildReport(itemsOf("aws-apigw-lambda-400.har"), ENV, { ...OPTIONS, stack: "auto" });
    const [fix] = report.fixes;
    expect(fix?.layer).toBe("function");
    expect(fix?.stack).toBe("aws-lambda");
    expect(RENDERERS.md.render(report)).toContain(`**Layer: ${fix?.layerLabel}`);
  });

  it("carries no secret in any format (canaries.har), unless secrets are asked for", () => {
    const canaries = itemsOf("canaries.har");
    const report = buildReport(canaries, ENV, OPTIONS);
    expect(report.fixes.length).toBeGreaterThan(0);
    const fixesText = JSON.stringify(report.fixes);
    for (const format of ["md", "html", "json"] as const) {
      const text = RENDERERS[format].render(report);
      expect(text, format).not.toMatch(/CANARY_/);
    }
    expect(fixesText).not.toMatch(/CANARY_/);
  });
});
