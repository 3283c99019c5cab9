import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";
import { suiteGate } from "./lab/system-deps.js";

/**
 * The browser project needs Debian's Chromium (scripts/system-deps.txt, suite `browser`). Where it
 * is missing and cannot be installed, the project runs no file (outside CI) and the system-deps
 * reporter says so at the start and the end of the run; under CI=true its files run and fail.
 */
const browserGate = suiteGate("browser");

// Kept apart from vite.config.ts so the crx() plugin never loads into the test runner.
export default defineConfig({
  test: {
    globalSetup: ["./test/system-deps-notice.ts"],
    // vitest's own summary, then one plain "Tests: N passed, N failed, N skipped" line for CI's log.
    reporters: ["default", "./test/plain-summary-reporter.ts"],
    passWithNoTests: browserGate.skip,
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**", "test/panel/**", "node_modules/**"],
        },
      },
      {
        plugins: [preact()],
        test: {
          name: "panel",
          environment: "happy-dom",
          include: ["test/panel/**/*.test.{ts,tsx}"],
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: browserGate.skip ? [] : ["test/e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Real Chromium and real servers: one file at a time, never retried.
          retry: 0,
        },
      },
    ],
  },
});
