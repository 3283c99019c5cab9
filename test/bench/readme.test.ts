import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  README_PATH,
  readResults,
  renderBenchTable,
  TABLE_END,
  TABLE_START,
  withBenchTable,
} from "../../bench/readme.js";

describe("the README's benchmark table", () => {
  it("is the one bench/results.json gives (npm run bench:readme regenerates it)", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(readme).toContain(TABLE_START);
    expect(withBenchTable(readme, readResults())).toBe(readme);
  });

  it("shows each figure's median and spread, its reference and the machine", () => {
    const table = renderBenchTable(readResults());
    const file = readResults();
    expect(table.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Benchmark"))).toHaveLength(
      file.results.length,
    );
    expect(table).toMatch(/Machines:/);
    expect(table).toMatch(/AMD EPYC|cores/);
  });

  it("differs as soon as a figure changes", () => {
    const file = readResults();
    const [first, ...rest] = file.results;
    if (!first) throw new Error("no results");
    const readme = readFileSync(README_PATH, "utf8");
    const changed = { ...file, results: [{ ...first, value: first.value + 1 }, ...rest] };
    expect(withBenchTable(readme, changed)).not.toBe(readme);
  });

  it("needs its markers", () => {
    expect(() => withBenchTable("# no table\n", readResults())).toThrow(/no benchmark table markers/);
    expect(TABLE_END).toMatch(/^<!--/);
  });
});
