/**
 * Meta-test: every diagnosis code the engine defines, and every CorsError name it can produce,
 * is exercised by at least one table-driven case in test/fixtures/engine-cases.
 */

import { describe, expect, it } from "vitest";
import { DIAGNOSIS_CODES } from "../../src/engine/index.js";
import { caseCoverage, PRODUCIBLE_CORS_ERRORS } from "./case-coverage.js";

describe("case coverage", () => {
  const coverage = caseCoverage();

  it("every DIAGNOSIS_CODE is produced by at least one case", () => {
    const missing = DIAGNOSIS_CODES.filter((code) => !coverage.codes.has(code));
    const declaredOnly = missing.filter((code) => coverage.declaredOnlyCodes.has(code));
    expect(
      missing,
      `not produced by any case: ${missing.join(", ")}` +
        (declaredOnly.length > 0 ? ` (expected by a case but not produced: ${declaredOnly.join(", ")})` : ""),
    ).toEqual([]);
  });

  it("every producible CorsError is produced by at least one case", () => {
    const missing = PRODUCIBLE_CORS_ERRORS.filter((name) => !coverage.corsErrors.has(name));
    expect(missing, `not produced by any case: ${missing.join(", ")}`).toEqual([]);
  });
});
