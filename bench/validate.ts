/** The shape bench/results.json must keep: what run.ts checks before writing and the unit tests hold it to. */

import type { Baseline, Machine, ResultsFile, Spread } from "./results.js";

function spreadProblems(spread: Spread | undefined, where: string, value: number): string[] {
  if (!spread || typeof spread !== "object") return [`${where}: no spread`];
  switch (spread.kind) {
    case "measured": {
      const problems: string[] = [];
      if (!Number.isInteger(spread.runs) || spread.runs < 1) problems.push(`${where}: runs ${spread.runs}`);
      if (![spread.min, spread.median, spread.max].every(Number.isFinite))
        problems.push(`${where}: a bound is not a number`);
      if (!(spread.min <= spread.median && spread.median <= spread.max)) {
        problems.push(`${where}: min ${spread.min} ≤ median ${spread.median} ≤ max ${spread.max} does not hold`);
      }
      if (spread.median !== value) problems.push(`${where}: value ${value} is not the median ${spread.median}`);
      return problems;
    }
    case "deterministic":
      return [];
    case "unknown":
      return spread.why ? [] : [`${where}: an unknown spread needs a why`];
    default:
      return [`${where}: spread kind ${(spread as { kind: unknown }).kind}`];
  }
}

function machineProblems(machine: Machine | undefined, where: string): string[] {
  if (!machine) return [`${where}: no machine`];
  const keys: Array<keyof Machine> = ["cpu", "cores", "ramGb", "node", "chromium", "os", "loadAtStart", "loadAtEnd"];
  return keys
    .filter((key) => !(key in machine))
    .map((key) => `${where}: machine.${key} missing (null if not recorded)`);
}

/** Every way `file` breaks the format (empty when it is sound). */
export function resultsProblems(file: ResultsFile): string[] {
  const problems: string[] = [];
  if (file.format !== 2) problems.push(`format ${String(file.format)}, expected 2`);
  if (Number.isNaN(Date.parse(file.measuredAt))) problems.push("measuredAt is not a date");
  for (const [name, run] of Object.entries(file.suites ?? {})) {
    if (Number.isNaN(Date.parse(run.measuredAt))) problems.push(`suite ${name}: measuredAt is not a date`);
    problems.push(...machineProblems(run.machine, `suite ${name}`));
  }
  for (const r of file.results ?? []) {
    const where = `"${r.name}"`;
    if (!r.name || !r.unit || typeof r.reference !== "string")
      problems.push(`${where}: name, unit and reference needed`);
    if (!Number.isFinite(r.value)) problems.push(`${where}: value ${r.value}`);
    if (!file.suites?.[r.suite]) problems.push(`${where}: suite ${r.suite} has no run recorded`);
    problems.push(...spreadProblems(r.spread, where, r.value));
    const baseline: Baseline | undefined = r.baseline;
    if (baseline) {
      if (!baseline.label || !baseline.unit) problems.push(`${where}: baseline needs a label and a unit`);
      problems.push(...spreadProblems(baseline.spread, `${where} baseline`, baseline.value));
    }
  }
  if ((file.results ?? []).length === 0) problems.push("no results");
  return problems;
}
