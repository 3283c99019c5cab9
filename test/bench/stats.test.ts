import { describe, expect, it } from "vitest";
import { measured, median, spreadOf } from "../../bench/stats.js";
import { formatFigure, formatTarget } from "../../bench/table.js";

describe("spreadOf: min / median / max of a figure's runs", () => {
  it("takes the middle run of an odd count, whatever the order", () => {
    expect(spreadOf([5, 1, 4, 2, 3])).toEqual({ kind: "measured", runs: 5, min: 1, median: 3, max: 5 });
  });

  it("takes the mean of the middle two of an even count", () => {
    expect(spreadOf([10, 40, 20, 30])).toEqual({ kind: "measured", runs: 4, min: 10, median: 25, max: 40 });
    expect(median([1, 2])).toBe(1.5);
  });

  it("a single run is its own min, median and max", () => {
    expect(spreadOf([7.5])).toEqual({ kind: "measured", runs: 1, min: 7.5, median: 7.5, max: 7.5 });
  });

  it("rounds to the digits asked for, and counts only the runs that gave a number", () => {
    expect(spreadOf([1.234, Number.NaN, 1.236, 1.235], 2)).toEqual({
      kind: "measured",
      runs: 3,
      min: 1.23,
      median: 1.24,
      max: 1.24,
    });
    expect(spreadOf([1116.4, 1200.6], 0)).toMatchObject({ min: 1116, median: 1159, max: 1201 });
  });

  it("refuses a figure with no run", () => {
    expect(() => spreadOf([])).toThrow(/no finite values/);
    expect(() => spreadOf([Number.NaN])).toThrow(/no finite values/);
  });

  it("measured() gives the median as the value, beside its spread", () => {
    const figure = measured([3, 9, 6]);
    expect(figure.value).toBe(6);
    expect(figure.spread).toMatchObject({ min: 3, median: 6, max: 9, runs: 3 });
  });
});

describe("how a figure reads", () => {
  it("shows the median, then the min and max of the runs", () => {
    expect(formatFigure(1.87, "×", { kind: "measured", runs: 5, min: 1.8, median: 1.87, max: 1.95 })).toBe(
      "1.87× (1.8 – 1.95, 5 runs)",
    );
    expect(formatFigure(1116, "ms", { kind: "measured", runs: 5, min: 1090, median: 1116, max: 1302 })).toBe(
      "1,116 ms (1,090 – 1,302, 5 runs)",
    );
  });

  it("counts one run as one", () => {
    expect(formatFigure(24.1, "ms", { kind: "measured", runs: 1, min: 24.1, median: 24.1, max: 24.1 })).toBe(
      "24.1 ms (24.1 – 24.1, 1 run)",
    );
  });

  it("says when a figure is deterministic or its spread was not recorded", () => {
    expect(formatFigure(49.1, "KB", { kind: "deterministic" })).toBe("49.1 KB (deterministic: measured once)");
    expect(formatFigure(2.98, "µs", { kind: "unknown", why: "old" })).toBe("2.98 µs (spread not recorded)");
  });

  it("holds the median to a ≤ target and leaves other targets as they are", () => {
    expect(formatTarget("≤ 1.5×", 1.87)).toBe("≤ 1.5× — missed");
    expect(formatTarget("≤ 50 KB", 49.1)).toBe("≤ 50 KB — met");
    expect(formatTarget("≤ 50 KB", 50)).toBe("≤ 50 KB — met");
    expect(formatTarget("no measurable difference", 105)).toBe("no measurable difference");
    expect(formatTarget(undefined, 1)).toBe("");
  });
});
