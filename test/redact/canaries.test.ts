/**
 * Planted canaries through every surface: each CLI mode (the real CLI), each report format, the
 * curl and fetch() copies in every flavour, and the panel's copies and exports. By default no
 * canary may appear anywhere; with `--include-secrets` (the panel's checkbox) they do, which
 * proves the test can fail.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CapturedExchange, readHar } from "../../src/capture/index.js";
import { actualSpec, preflightSpec, SHELL_FLAVORS, toCurl, toFetchSnippet } from "../../src/curl/index.js";
import { diagnose } from "../../src/engine/index.js";
import { copyCommands } from "../../src/panel/components/copy-commands.js";
import { reportText } from "../../src/panel/components/share-report.js";
import type { PanelServices } from "../../src/panel/services.js";
import type { PanelState, Row } from "../../src/panel/state/panel-state.js";
import { buildReport, RENDERERS, type ReportFormat } from "../../src/report/index.js";
import { runCliSync } from "../cli/run-cli.js";
import { CANARY_VALUES, canaryHar } from "./canary-har.js";

const FORMATS = Object.keys(RENDERERS) as ReportFormat[];

function leaked(text: string): string[] {
  return CANARY_VALUES.filter((canary) => text.includes(canary));
}

function captured(): CapturedExchange[] {
  const read = readHar(canaryHar());
  if (!read.ok) throw new Error(read.message);
  return read.exchanges;
}

const rows = () => captured().map((c) => ({ captured: c, diagnosis: diagnose(c.exchange) }));

/** Every surface's text, by name, with or without secrets. */
type Surfaces = Record<string, string>;

function pureSurfaces(includeSecrets: boolean): Surfaces {
  const options = { includeSecrets };
  const surfaces: Surfaces = {};
  const env = { browser: "Chrome/156", tool: "test", captureMode: "HAR file canaries.har", generatedAt: "now" };
  for (const format of FORMATS) {
    surfaces[`report ${format}`] = RENDERERS[format].render(
      buildReport(rows(), env, { includeSecrets, includeBodies: false, stack: "auto" }),
    );
  }
  const state = {
    importedFrom: { value: "canaries.har" },
    precise: { value: { kind: "off" } },
  } as unknown as PanelState;
  const services = { about: { browser: "Chrome/156", extensionVersion: "0.0.0" } } as unknown as PanelServices;
  for (const format of FORMATS) {
    surfaces[`panel export ${format}`] = reportText(rows() as Row[], state, services, format, includeSecrets);
  }
  for (const flavor of SHELL_FLAVORS) {
    const parts: string[] = [];
    for (const row of rows()) {
      const commands = copyCommands(row, flavor, options);
      if (commands) parts.push(commands.preflight, commands.actual, commands.fetch, commands.consoleLine ?? "");
      // Every hop, not only the one the verdict is about.
      for (const hop of row.captured.exchange.hops) {
        parts.push(toCurl(preflightSpec(hop, "https://app.test", options), flavor));
        parts.push(toCurl(actualSpec(hop, "https://app.test", options), flavor));
        parts.push(toFetchSnippet(hop, "include", options));
      }
    }
    surfaces[`panel copy ${flavor}`] = parts.join("\n");
  }
  return surfaces;
}

const CLI_MODES: Record<string, readonly string[]> = {
  text: [],
  "text --all": ["--all"],
  "--explain": ["--explain", "--all"],
  "--json": ["--json", "--all"],
  "--fix auto": ["--fix", "auto", "--all"],
  "--fix express --explain": ["--fix", "express", "--explain"],
  "--json --fix nginx": ["--json", "--fix", "nginx"],
  "--report md": ["--report", "md", "--all"],
  "--report html": ["--report", "html", "--all"],
  "--report json": ["--report", "json", "--all"],
  "--threads 2": ["--threads", "2", "--explain", "--fix", "auto", "--all"],
};

let harFile = "";

function cliSurfaces(includeSecrets: boolean): Surfaces {
  const surfaces: Surfaces = {};
  for (const [name, args] of Object.entries(CLI_MODES)) {
    const result = runCliSync(["har", harFile, ...args, ...(includeSecrets ? ["--include-secrets"] : [])]);
    expect(result.code, `${name}: ${result.stderr}`).toBe(1);
    surfaces[`cli har ${name}`] = result.stdout + result.stderr;
  }
  const output = join(mkdtempSync(join(tmpdir(), "cors-doctor-canaries-")), "report.md");
  const written = runCliSync([
    "har",
    harFile,
    "--report",
    "md",
    "-o",
    output,
    ...(includeSecrets ? ["--include-secrets"] : []),
  ]);
  surfaces["cli har --report md -o"] = written.stdout + written.stderr + readFileSync(output, "utf8");
  return surfaces;
}

describe("planted canaries", () => {
  beforeAll(() => {
    harFile = join(mkdtempSync(join(tmpdir(), "cors-doctor-canaries-")), "canaries.har");
    writeFileSync(harFile, JSON.stringify(canaryHar(), null, 1));
  });

  it("the capture plants over 40 distinct canaries", () => {
    expect(new Set(CANARY_VALUES).size).toBe(CANARY_VALUES.length);
    expect(CANARY_VALUES.length).toBeGreaterThanOrEqual(40);
    const raw = JSON.stringify(canaryHar());
    expect(leaked(raw)).toEqual(CANARY_VALUES);
  });

  it("no surface shows a canary by default; with secrets included every canary shows somewhere", () => {
    const redacted = { ...pureSurfaces(false), ...cliSurfaces(false) };
    const included = { ...pureSurfaces(true), ...cliSurfaces(true) };
    for (const [surface, text] of Object.entries(redacted)) {
      expect(leaked(text), surface).toEqual([]);
      expect(text, surface).toContain("[redacted]");
    }
    for (const [surface, text] of Object.entries(included)) {
      expect(leaked(text).length, `${surface} shows secrets when asked`).toBeGreaterThan(0);
    }
    const shownSomewhere = new Set(Object.values(included).flatMap(leaked));
    expect(CANARY_VALUES.filter((canary) => !shownSomewhere.has(canary))).toEqual([]);
    // The reports quote every header and URL: each one shows every canary when asked.
    for (const format of FORMATS) expect(leaked(included[`report ${format}`] ?? "")).toEqual(CANARY_VALUES);
  }, 120_000);

  it("keeps the CORS evidence readable", () => {
    const report = pureSurfaces(false)["report md"] ?? "";
    expect(report).toContain("WildcardOriginNotAllowed");
    expect(report).toContain("Access-Control-Allow-Origin: https://app.test");
    expect(report).toContain("Origin: https://app.test");
    expect(report).toContain("Vary: Origin");
    expect(report).toContain("Content-Type: application/json");
    expect(report).toContain("Authorization: Bearer [redacted]");
    expect(report).toContain("sid=[redacted]");
  });
});
