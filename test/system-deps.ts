/**
 * A test suite that needs Debian packages (scripts/system-deps.txt names them under `suite`):
 * runs where they are installed; where one is missing it is skipped with the package named and
 * the install command (the global setup test/system-deps-notice.ts repeats it at the end), except
 * under CI=true, where the suite fails with that message.
 */

import { beforeAll, describe } from "vitest";
import { suiteGate } from "../lab/system-deps.js";

export function describeNeeding(suite: string, name: string, body: () => void): void {
  const gate = suiteGate(suite);
  if (gate.reason === null) {
    describe(name, body);
  } else if (gate.skip) {
    console.warn(`SKIPPED ${name}: ${gate.reason}`);
    describe.skip(`${name} (SKIPPED: ${gate.missing.join(", ")} not installed)`, body);
  } else {
    const reason = gate.reason;
    describe(name, () => {
      beforeAll(() => {
        throw new Error(reason);
      });
      body();
    });
  }
}
