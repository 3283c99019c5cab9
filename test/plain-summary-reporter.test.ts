import { describe, expect, it } from "vitest";
import type { TestModule } from "vitest/node";
import { plainSummaryLine } from "./plain-summary-reporter.js";

// Just enough of vitest's TestModule for the counter: its state and its test cases' states.
function fakeModule(moduleState: string, testStates: string[]): TestModule {
  const tests = testStates.map((state) => ({ result: () => ({ state }) }));
  return {
    state: () => moduleState,
    children: { allTests: () => tests[Symbol.iterator]() },
  } as unknown as TestModule;
}

describe("the plain closing line CI reads", () => {
  it("counts passed, failed and skipped tests across files, in CI's 'N passed, N failed' form", () => {
    const line = plainSummaryLine([
      fakeModule("passed", ["passed", "passed", "skipped"]),
      fakeModule("failed", ["failed", "passed", "pending"]),
    ]);
    expect(line).toBe("Tests: 3 passed, 1 failed, 2 skipped");
    expect(line).toMatch(/^\w+: \d+ passed, \d+ failed(, \d+ skipped)?$/);
  });

  it("counts a file that failed to load as a failure, so a broken import never reads as green", () => {
    expect(plainSummaryLine([fakeModule("failed", [])])).toBe("Tests: 0 passed, 1 failed, 0 skipped");
  });
});
