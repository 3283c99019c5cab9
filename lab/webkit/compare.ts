/**
 * WebKit's recorded truth beside Chromium's, scenario by scenario: the outcome each engine gave and
 * the line WebKit's console names the failure with. Used by the Safari console-paste test and by
 * `tsx lab/webkit/compare.ts` (prints the table as Markdown: differing outcomes first).
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConsoleMessages } from "../../src/console/index.js";
import type { EngineTruthFile } from "../engine-truth.js";
import type { TruthItem } from "../harness.js";
import { FIXTURE_DIR } from "../scenario.js";

export interface EngineComparison {
  readonly id: string;
  /** Chromium's first truth item (the scenario's request). */
  readonly chromium: TruthItem;
  readonly webkitOutcome: string;
  /** WebKit's own reason: its first line that is not the generic "Fetch API cannot load …"/"Failed to load resource" one. */
  readonly webkitReason: string | null;
  readonly webkitConsole: readonly string[];
  /** The CorsError names the Safari console parser reads in WebKit's lines (most likely first). */
  readonly safariReads: readonly string[];
}

const GENERIC = /^(Fetch API|XMLHttpRequest) cannot load .* due to access control checks\.$|^Failed to load resource: /;

/** WebKit's reason line among its console lines for a request. */
export function webkitReason(lines: readonly string[]): string | null {
  return lines.find((l) => !GENERIC.test(l)) ?? lines[0] ?? null;
}

/** The CorsError names the Safari console parser (src/console) reads in WebKit's lines. */
export function safariReads(lines: readonly string[]): string[] {
  return parseConsoleMessages(lines.join("\n")).flatMap((e) =>
    e.corsError ? [e.corsError, ...e.candidates] : e.candidates,
  );
}

/** Both blocked, and WebKit's lines cannot mean Chromium's CorsError (the Safari parser reads others). */
export function blockedForAnotherReason(chromiumCorsError: string | null, webkitLines: readonly string[]): boolean {
  if (chromiumCorsError === null) return false;
  const names = safariReads(webkitLines);
  return names.length > 0 && !names.includes(chromiumCorsError);
}

export function compareWithChromium(file: EngineTruthFile, fixtureDir: string = FIXTURE_DIR): EngineComparison[] {
  const rows: EngineComparison[] = [];
  for (const [id, entry] of Object.entries(file.scenarios)) {
    const path = join(fixtureDir, `${id}.json`);
    if (entry.status !== "recorded" || !existsSync(path)) continue;
    const chromium = (JSON.parse(readFileSync(path, "utf8")) as { truth: TruthItem[] }).truth[0];
    const webkit = entry.truth[0];
    if (!chromium || !webkit) continue;
    rows.push({
      id,
      chromium,
      webkitOutcome: webkit.outcome,
      webkitReason: webkitReason(webkit.console),
      webkitConsole: webkit.console,
      safariReads: safariReads(webkit.console),
    });
  }
  return rows;
}

function cell(text: string | null): string {
  return text === null || text === "" ? "—" : `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

function reasonDiffers(row: EngineComparison): boolean {
  return (
    row.chromium.outcome === row.webkitOutcome && blockedForAnotherReason(row.chromium.corsError, row.webkitConsole)
  );
}

export function differencesMarkdown(file: EngineTruthFile): string {
  const rows = compareWithChromium(file);
  const differ = (r: EngineComparison) => r.chromium.outcome !== r.webkitOutcome;
  const sorted = [
    ...rows.filter(differ),
    ...rows.filter(reasonDiffers),
    ...rows.filter((r) => !differ(r) && !reasonDiffers(r)),
  ];
  const notRun = Object.entries(file.scenarios).filter(([, e]) => e.status === "not-run");
  const lines = [
    `WebKitGTK ${file.version} (Safari's engine, not Safari), recorded ${file.recordedAt}: ` +
      `${rows.length} scenarios compared, ${rows.filter(differ).length} with another outcome than Chromium's ` +
      `(listed first), ${rows.filter(reasonDiffers).length} blocked in both for another reason (next), ` +
      `${notRun.length} not run. "Safari parser reads": what src/console makes of WebKit's lines.`,
    "",
    "| id | Chromium outcome / CorsError | WebKit outcome | WebKit's reason line | Safari parser reads |",
    "|---|---|---|---|---|",
    ...sorted.map(
      (r) =>
        `| ${r.id}${differ(r) ? " **(outcome differs)**" : reasonDiffers(r) ? " **(reason differs)**" : ""} ` +
        `| ${r.chromium.outcome}${r.chromium.corsError ? ` / ${r.chromium.corsError}` : ""} ` +
        `| ${r.webkitOutcome} | ${cell(r.webkitReason)} | ${r.safariReads.join(", ") || "—"} |`,
    ),
    "",
    "Not run in WebKit:",
    "",
    ...notRun.map(([id, e]) => `- ${id}: ${e.status === "not-run" ? e.reason : ""}`),
  ];
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { readEngineTruth } = await import("../engine-truth.js");
  const file = readEngineTruth("webkit");
  if (!file) {
    console.error("no WebKit truth yet: npm run lab:record -- --engine webkit");
    process.exit(2);
  }
  process.stdout.write(differencesMarkdown(file));
}
