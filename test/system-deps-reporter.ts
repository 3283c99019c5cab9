/**
 * Says loudly, when the run starts and again when it ends, which suites are skipped because
 * Debian packages are missing (test/system-deps.ts skips them), with the command that installs
 * them. Silent when nothing is missing, and under CI=true, where those suites fail instead.
 */

import type { Reporter } from "vitest/node";
import { inCI, missingSystemDeps, skipNotice, skippedSuites } from "../lab/system-deps.js";

export default class SystemDepsReporter implements Reporter {
  private readonly missing = inCI() ? [] : missingSystemDeps();
  private readonly loud = skippedSuites(this.missing).size > 0;

  onInit(): void {
    if (this.loud) console.error(`\n${skipNotice(this.missing, "start", "not installed")}\n`);
  }

  onTestRunEnd(): void {
    if (this.loud) console.error(`\n${skipNotice(this.missing, "end")}\n`);
  }
}
