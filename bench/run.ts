/**
 * `npm run bench`: runs every benchmark, prints a table and writes bench/results.json.
 * `npm run bench -- har panel` runs only those suites and keeps the others' last figures.
 * Benchmarks measure; tests never assert on time.
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { join } from "node:path";
import { benchBundle } from "./bundle.js";
import { benchEngine } from "./engine.js";
import { benchHar } from "./har.js";
import { benchOverhead } from "./overhead.js";
import { benchPanel } from "./panel.js";
import { benchReports } from "./reports.js";
import type { BenchResult } from "./results.js";

const selected = new Set(process.argv.slice(2));
const suites: Array<[string, () => Promise<BenchResult[]>]> = [
  ["engine", benchEngine],
  ["har", benchHar],
  ["reports", benchReports],
  ["bundle", benchBundle],
  ["panel", benchPanel],
  ["overhead", benchOverhead],
];

const unknown = [...selected].filter((name) => !suites.some(([suite]) => suite === name));
if (unknown.length > 0) {
  process.stderr.write(`bench: no suite ${unknown.join(", ")} (suites: ${suites.map(([n]) => n).join(", ")})\n`);
  process.exit(2);
}

const RESULTS_PATH = join(import.meta.dirname, "results.json");
type Stored = BenchResult & { readonly suite: string; readonly measuredAt: string };
const previous: Stored[] = existsSync(RESULTS_PATH)
  ? ((JSON.parse(readFileSync(RESULTS_PATH, "utf8")) as { results?: Stored[] }).results ?? [])
  : [];

const measuredAt = new Date().toISOString();
const results: Stored[] = [];
for (const [name, run] of suites) {
  if (selected.size > 0 && !selected.has(name)) {
    // Not run this time: keep its last figures, with the date they were measured.
    results.push(...previous.filter((r) => r.suite === name));
    continue;
  }
  process.stderr.write(`bench: ${name}...\n`);
  for (const result of await run()) results.push({ ...result, suite: name, measuredAt });
}

console.table(
  results.map((r) => ({
    benchmark: r.name,
    value: r.value,
    unit: r.unit,
    reference: r.reference,
    target: r.target ?? "",
  })),
);
const output = {
  measuredAt,
  machine: {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "",
  },
  results,
};
writeFileSync(RESULTS_PATH, `${JSON.stringify(output, null, 2)}\n`);
