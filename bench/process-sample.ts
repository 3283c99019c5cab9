/**
 * A whole Node process, timed from spawn to exit, with its peak RSS: how the HAR triage and the
 * report suites measure the CLI (and the triage's floor) the way a user's shell runs it.
 */

import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** The bundled CLI (`npm run build:cli`). */
export const CLI = join(import.meta.dirname, "..", "build/cli/cors-doctor.mjs");

/** Prints the process's peak RSS (KB) on stderr at exit, for any script it is preloaded into. */
export const RSS_REPORTER = `process.on("exit", () => process.stderr.write("\\npeak-rss-kb=" + process.resourceUsage().maxRSS + "\\n"));`;

export interface ProcessSample {
  readonly ms: number;
  readonly rssMb: number;
}

/** Runs `node --require <reporter> ...args`; exit 0 or 1 ("something is blocked") are both a run. */
export function timedProcess(args: readonly string[], reporter: string): ProcessSample {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--require", reporter, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const rss = /peak-rss-kb=(\d+)/.exec(result.stderr ?? "");
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${args.join(" ")} exited ${result.status}: ${(result.stderr ?? "").slice(-500)}`);
  }
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
}
