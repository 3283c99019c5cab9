/**
 * `npm run bench`: runs every benchmark, prints each figure's min / median / max over its runs with
 * its same-run reference and the machine, writes bench/results.json, and regenerates the README's
 * benchmark table from it (bench/readme.ts).
 *
 *   npm run bench -- har panel        only those suites; the others keep their last figures
 *   npm run bench -- --runs 7         runs of every timed figure (default 5)
 *   npm run bench -- har --har-entries 5000 --runs 2 --out /tmp/r.json
 *                                     a quick check of the plumbing, written elsewhere
 *
 * Benchmarks measure; tests never assert on time.
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchBundle } from "./bundle.js";
import { benchEngine } from "./engine.js";
import { benchHar } from "./har.js";
import { describeMachine, machineAtEnd, machineAtStart } from "./machine.js";
import { benchOverhead } from "./overhead.js";
import { benchPanel } from "./panel.js";
import { README_PATH, updateReadme } from "./readme.js";
import { benchReports } from "./reports.js";
import type { BenchOptions, BenchResult, ResultsFile, StoredResult, SuiteRun } from "./results.js";
import { formatFigure, formatTarget } from "./table.js";
import { upgradeResults } from "./upgrade.js";
import { resultsProblems } from "./validate.js";

const DEFAULT_RUNS = 5;
const RESULTS_PATH = join(import.meta.dirname, "results.json");

type Suite = (options: BenchOptions) => Promise<BenchResult[]>;
const suites: Array<[string, Suite]> = [
  ["engine", benchEngine],
  ["har", benchHar],
  ["reports", benchReports],
  ["bundle", benchBundle],
  ["panel", benchPanel],
  ["overhead", benchOverhead],
];

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function positiveInteger(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} needs a whole number ≥ 1, not "${text}"`);
  return n;
}

const parsed = (() => {
  try {
    return parseArgs({
      options: { runs: { type: "string" }, "har-entries": { type: "string" }, out: { type: "string" } },
      allowPositionals: true,
    });
  } catch (error) {
    return fail(`${(error as Error).message} (options: --runs N, --har-entries N, --out FILE)`);
  }
})();
const options: BenchOptions = {
  runs: positiveInteger(parsed.values.runs, DEFAULT_RUNS, "--runs"),
  harEntries: positiveInteger(
    parsed.values["har-entries"] ?? process.env.CORS_DOCTOR_BENCH_HAR_ENTRIES,
    100_000,
    "--har-entries",
  ),
};
const outPath = parsed.values.out ? resolve(parsed.values.out) : RESULTS_PATH;
const selected = new Set(parsed.positionals);
const unknown = [...selected].filter((name) => !suites.some(([suite]) => suite === name));
if (unknown.length > 0) fail(`no suite ${unknown.join(", ")} (suites: ${suites.map(([n]) => n).join(", ")})`);
if (options.runs < DEFAULT_RUNS) {
  process.stderr.write(`bench: --runs ${options.runs}: fewer than ${DEFAULT_RUNS} runs, a check, not a figure\n`);
}

function readPrevious(path: string): ResultsFile | null {
  if (!existsSync(path)) return null;
  try {
    return upgradeResults(JSON.parse(readFileSync(path, "utf8")) as ResultsFile);
  } catch (error) {
    return fail(`cannot read ${path} (its suites' last figures are kept from it): ${(error as Error).message}`);
  }
}
const previous = readPrevious(outPath);

const measuredAt = new Date().toISOString();
const results: StoredResult[] = [];
const suiteRuns: Record<string, SuiteRun> = {};
for (const [name, run] of suites) {
  if (selected.size > 0 && !selected.has(name)) {
    // Not run this time: keep its last figures, with the date and machine they were measured on.
    results.push(...(previous?.results ?? []).filter((r) => r.suite === name));
    const last = previous?.suites?.[name];
    if (last) suiteRuns[name] = last;
    continue;
  }
  process.stderr.write(`bench: ${name}...\n`);
  const start = machineAtStart();
  const figures = await run(options);
  // Bundle sizes are deterministic: one build, one measurement.
  const runs = name === "bundle" ? null : options.runs;
  suiteRuns[name] = { measuredAt, runs, machine: machineAtEnd(start) };
  for (const result of figures) results.push({ ...result, suite: name, measuredAt });
}

const output: ResultsFile = { format: 2, measuredAt, suites: suiteRuns, results };
console.table(
  results.map((r) => ({
    benchmark: r.name,
    "median (min – max, runs)": formatFigure(r.value, r.unit, r.spread),
    "same-run reference": r.baseline
      ? `${r.baseline.label}: ${formatFigure(r.baseline.value, r.baseline.unit, r.baseline.spread)}`
      : "",
    target: formatTarget(r.target, r.value),
  })),
);
for (const [name, suite] of Object.entries(suiteRuns)) {
  console.log(`${name} (${suite.measuredAt}): ${describeMachine(suite.machine)}`);
}
const problems = resultsProblems(output);
if (problems.length > 0) {
  // Keep the figures of a long run for a look, but out of the way.
  writeFileSync(`${outPath}.invalid.json`, `${JSON.stringify(output, null, 2)}\n`);
  fail(`the results break the format; written to ${outPath}.invalid.json only:\n  ${problems.join("\n  ")}`);
}
writeFileSync(outPath, `${JSON.stringify(output, null, 2)}\n`);
process.stderr.write(`bench: wrote ${outPath}\n`);
if (outPath === RESULTS_PATH) {
  updateReadme(output);
  process.stderr.write(`bench: README.md's benchmark table regenerated (${README_PATH})\n`);
}
