import type { StackId } from "./registry.js";

/**
 * Stacks whose generated fixes CI applies to a real server and replays in Chromium
 * (test/e2e/fixes-verify.test.ts): the failing request must pass, and the same request from an
 * origin that was never allowed must stay blocked. The test fails if this list and the suite's
 * runners ever disagree. Everything else is labelled "not verified" in the panel and the CLI.
 */
export const VERIFIED_STACKS: ReadonlySet<StackId> = new Set<StackId>([
  "express",
  "nginx",
  "fastify",
  "koa",
  "hono",
  "fastapi",
  "php",
  "flask",
  "django",
  "go",
  "rails",
  "apache",
  "caddy",
  "nextjs",
  "vite-proxy",
  "webpack-proxy",
  "backend-proxy",
]);
