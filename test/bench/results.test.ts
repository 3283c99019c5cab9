import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeMachine, machineAtEnd, machineAtStart } from "../../bench/machine.js";
import type { ResultsFile } from "../../bench/results.js";
import { resultsProblems } from "../../bench/validate.js";

const RESULTS = join(import.meta.dirname, "../../bench/results.json");
const read = (): ResultsFile => JSON.parse(readFileSync(RESULTS, "utf8")) as ResultsFile;

describe("bench/results.json", () => {
  it("keeps the format: each figure with its spread, baseline and suite run, each suite with its machine", () => {
    expect(resultsProblems(read())).toEqual([]);
  });

  it("records bundle sizes as deterministic and every other figure with a spread, measured or marked unknown", () => {
    const file = read();
    for (const r of file.results) {
      if (r.suite === "bundle") expect(r.spread.kind, r.name).toBe("deterministic");
      else expect(["measured", "unknown"], r.name).toContain(r.spread.kind);
    }
    expect(Object.keys(file.suites).sort()).toEqual(["bundle", "engine", "har", "overhead", "panel", "reports"]);
  });

  it("keeps the figures measured before the spread was recorded, with their same-run reference", () => {
    const byName = new Map(read().results.map((r) => [r.name, r]));
    const har = byName.get("HAR triage: cors-doctor har --json (× the floor)");
    // Issue 16 asks for new figures on a quiet machine; until then these are the old ones, marked so.
    if (har?.spread.kind === "unknown") {
      expect(har.value).toBe(2.02);
      expect(har.baseline).toMatchObject({ value: 1116, unit: "ms", spread: { kind: "unknown" } });
    }
  });

  it("finds what breaks the format", () => {
    const file = read();
    const [first, ...rest] = file.results;
    if (!first) throw new Error("no results");
    const broken: ResultsFile = {
      ...file,
      results: [
        { ...first, value: 3, spread: { kind: "measured", runs: 5, min: 4, median: 2, max: 1 } },
        { ...first, name: "no why", spread: { kind: "unknown", why: "" } },
        { ...first, name: "orphan", suite: "nowhere" },
        ...rest,
      ],
      suites: { ...file.suites, engine: { measuredAt: "yesterday", runs: 5, machine: {} as never } },
    };
    const problems = resultsProblems(broken).join("\n");
    expect(problems).toMatch(/min 4 ≤ median 2 ≤ max 1 does not hold/);
    expect(problems).toMatch(/value 3 is not the median 2/);
    expect(problems).toMatch(/"no why": an unknown spread needs a why/);
    expect(problems).toMatch(/"orphan": suite nowhere has no run recorded/);
    expect(problems).toMatch(/suite engine: measuredAt is not a date/);
    expect(problems).toMatch(/suite engine: machine.cpu missing/);
  });
});

describe("the machine block", () => {
  it("comes from node:os, with the load average at the start and the end", () => {
    const machine = machineAtEnd(machineAtStart());
    expect(machine.cores).toBe(cpus().length);
    expect(machine.node).toBe(process.version);
    expect(machine.ramGb).toBeGreaterThan(0);
    expect(machine.loadAtStart).toHaveLength(3);
    expect(machine.loadAtEnd).toHaveLength(3);
    expect(describeMachine(machine)).toMatch(/cores, [\d.]+ GB RAM, .*Node v\d+.*load average \(1\/5\/15 min\)/);
  });
});
