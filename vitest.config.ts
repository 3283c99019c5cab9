import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

// Kept apart from vite.config.ts so the crx() plugin never loads into the test runner.
export default defineConfig({
  test: {
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
          include: ["test/e2e/**/*.test.ts"],
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
