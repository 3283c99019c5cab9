/**
 * The README's benchmark table, generated from bench/results.json so the two cannot drift:
 * `npm run bench` rewrites it after a run, `npm run bench:readme` rewrites it from the file, and
 * `npm run bench:readme -- --check` (and test/bench/readme.test.ts) fails when they differ.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describeMachine } from "./machine.js";
import type { ResultsFile } from "./results.js";
import { formatFigure, formatTarget } from "./table.js";

export const README_PATH = join(import.meta.dirname, "../README.md");
export const RESULTS_PATH = join(import.meta.dirname, "results.json");
export const TABLE_START =
  "<!-- bench:table:start — generated from bench/results.json by `npm run bench:readme`; do not edit -->";
export const TABLE_END = "<!-- bench:table:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The Markdown between the markers: one row a figure, then the machine of each run. */
export function renderBenchTable(file: ResultsFile): string {
  const lines = [
    "| Benchmark | Median (min – max, runs) | Same-run reference: median (min – max) | Target | Measured |",
    "|---|---|---|---|---|",
  ];
  for (const r of file.results) {
    const reference = r.baseline
      ? `${r.baseline.label}: ${formatFigure(r.baseline.value, r.baseline.unit, r.baseline.spread)}`
      : "";
    lines.push(
      `| ${cell(r.name)} | ${cell(formatFigure(r.value, r.unit, r.spread))} | ${cell(reference)} | ${cell(formatTarget(r.target, r.value))} | ${r.measuredAt.slice(0, 10)} |`,
    );
  }
  // One line per run: suites measured together share a date and a machine.
  const byRun = new Map<string, string[]>();
  for (const [suite, run] of Object.entries(file.suites)) {
    const key = `${run.measuredAt.slice(0, 16).replace("T", " ")} UTC: ${describeMachine(run.machine)}${run.note ? ` (${run.note})` : ""}`;
    byRun.set(key, [...(byRun.get(key) ?? []), suite]);
  }
  lines.push(
    "",
    "How each figure was measured (percentiles, p-values, the times behind a ratio) is its `reference` in bench/results.json.",
    "",
    "Machines:",
    "",
  );
  for (const [run, names] of byRun) lines.push(`- ${names.join(", ")} — ${cell(run)}`);
  return lines.join("\n");
}

/** `readme` with the text between the markers replaced by the table for `file`. */
export function withBenchTable(readme: string, file: ResultsFile): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no benchmark table markers (${TABLE_START} … ${TABLE_END})`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${renderBenchTable(file)}\n${readme.slice(end)}`;
}

export function readResults(path = RESULTS_PATH): ResultsFile {
  return JSON.parse(readFileSync(path, "utf8")) as ResultsFile;
}

export function updateReadme(file: ResultsFile = readResults()): void {
  const readme = readFileSync(README_PATH, "utf8");
  const updated = withBenchTable(readme, file);
  if (updated !== readme) writeFileSync(README_PATH, updated);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (process.argv.includes("--check")) {
      const readme = readFileSync(README_PATH, "utf8");
      if (withBenchTable(readme, readResults()) !== readme) {
        process.stderr.write("README.md's benchmark table differs from bench/results.json: run npm run bench:readme\n");
        process.exit(1);
      }
    } else updateReadme();
  } catch (error) {
    process.stderr.write(`bench:readme: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
