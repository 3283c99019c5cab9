/**
 * vitest global setup: says loudly, when the run starts and again when it ends (the teardown),
 * which suites are skipped because Debian packages are missing (test/system-deps.ts skips them),
 * with the command that installs them. Silent when nothing is missing, and under CI=true, where
 * those suites fail instead. A global setup rather than a custom reporter, so the test output is
 * vitest's own default reporter, unchanged, for whoever reads or parses it.
 */

import { inCI, missingSystemDeps, skipNotice, skippedSuites } from "../lab/system-deps.js";

export default function systemDepsNotice(): (() => void) | undefined {
  const missing = inCI() ? [] : missingSystemDeps();
  if (skippedSuites(missing).size === 0) return undefined;
  console.error(`\n${skipNotice(missing, "start", "not installed")}\n`);
  return () => console.error(`\n${skipNotice(missing, "end")}\n`);
}
