/**
 * Which diagnosis codes and Chromium `CorsError` names the table-driven cases cover.
 *
 * A code counts as covered when a case lists it in `expect.codes` (or `expect.unknownReasons`)
 * **and** `diagnose` really produces it for that case; likewise a `CorsError` when a case expects
 * it and the diagnosis names it. Declared-but-not-produced items are reported separately, so a
 * coverage failure says whether a case is missing or the engine never emits the code.
 */

import type { DiagnosisCode } from "../../src/engine/diagnosis/codes.js";
import type { CorsErrorName } from "../../src/engine/fetch/cors-error.js";
import { diagnose } from "../../src/engine/index.js";
import { buildExchange, type CaseFile, loadCaseFiles } from "./case-builder.js";

/** The Chromium CorsError names the engine can produce (the ones it has a rule for). */
export const PRODUCIBLE_CORS_ERRORS = [
  "MissingAllowOriginHeader",
  "MultipleAllowOriginValues",
  "InvalidAllowOriginValue",
  "AllowOriginMismatch",
  "WildcardOriginNotAllowed",
  "InvalidAllowCredentials",
  "PreflightMissingAllowOriginHeader",
  "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue",
  "PreflightAllowOriginMismatch",
  "PreflightWildcardOriginNotAllowed",
  "PreflightInvalidAllowCredentials",
  "PreflightInvalidStatus",
  "PreflightDisallowedRedirect",
  "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "RedirectContainsCredentials",
  "InsecureLocalNetwork",
  "LocalNetworkAccessPermissionDenied",
] as const;

export interface CaseCoverage {
  /** Codes some case expects and the engine produced for it. */
  readonly codes: ReadonlySet<DiagnosisCode>;
  /** CorsError names some case expects and the engine produced for it. */
  readonly corsErrors: ReadonlySet<CorsErrorName>;
  /** Codes some case expects that the engine did not produce for that case (engine bugs or bad cases). */
  readonly declaredOnlyCodes: ReadonlySet<DiagnosisCode>;
  readonly declaredOnlyCorsErrors: ReadonlySet<CorsErrorName>;
}

export function caseCoverage(files: readonly CaseFile[] = loadCaseFiles()): CaseCoverage {
  const codes = new Set<DiagnosisCode>();
  const corsErrors = new Set<CorsErrorName>();
  const declaredCodes = new Set<DiagnosisCode>();
  const declaredCorsErrors = new Set<CorsErrorName>();
  for (const file of files) {
    for (const c of file.cases) {
      const diagnosis = diagnose(buildExchange(c));
      const produced = new Set<string>(diagnosis.findings.map((f) => f.code));
      for (const code of [...(c.expect.codes ?? []), ...(c.expect.unknownReasons ?? [])]) {
        declaredCodes.add(code);
        if (produced.has(code)) codes.add(code);
      }
      const want = c.expect.corsError;
      if (want) {
        declaredCorsErrors.add(want);
        if (diagnosis.corsError === want) corsErrors.add(want);
      }
    }
  }
  return {
    codes,
    corsErrors,
    declaredOnlyCodes: new Set([...declaredCodes].filter((code) => !codes.has(code))),
    declaredOnlyCorsErrors: new Set([...declaredCorsErrors].filter((name) => !corsErrors.has(name))),
  };
}
