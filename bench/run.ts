/**
 * `npm run bench`: runs every benchmark, prints a table and writes bench/results.json.
 * Benchmarks measure; tests never assert on time.
 */

import { writeFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { join } from "node:path";
import { benchEngine } from "./engine.js";
import type { BenchResult } from "./results.js";

const selected = new Set(process.argv.slice(2));
const suites: Array<[string, () => Promise<BenchResult[]>]> = [["engine", benchEngine]];

const results: BenchResult[] = [];
for (const [name, run] of suites) {
  if (selected.size > 0 && !selected.has(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  results.push(...(await run()));
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
  measuredAt: new Date().toISOString(),
  machine: {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "",
  },
  results,
};
writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(output, null, 2)}\n`);
