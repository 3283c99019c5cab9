/**
 * vitest reporter that closes the run with one plain line, `Tests: N passed, N failed, N skipped`,
 * after vitest's own (coloured) summary. CI's log readers know pytest, go test, node's runner and
 * the like, not vitest, and read this plain closing line instead; without it a green run of 3,500
 * tests was logged as having run none. Counts come from the same modules vitest summarises.
 */

import type { Reporter, TestModule } from "vitest/node";

export function plainSummaryLine(testModules: ReadonlyArray<TestModule>): string {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const testModule of testModules) {
    for (const testCase of testModule.children.allTests()) {
      const state = testCase.result().state;
      if (state === "passed") passed++;
      else if (state === "failed") failed++;
      else skipped++;
    }
    // A file that failed to load has no tests to count, yet the run failed.
    if (testModule.state() === "failed" && !hasTests(testModule)) failed++;
  }
  return `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function hasTests(testModule: TestModule): boolean {
  for (const _ of testModule.children.allTests()) return true;
  return false;
}

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    process.stdout.write(`\n${plainSummaryLine(testModules)}\n`);
  }
}
