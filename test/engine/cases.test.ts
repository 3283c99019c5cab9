/**
 * Runs every table-driven case in test/fixtures/engine-cases/*.json through `diagnose`.
 * The cases are data; this file only knows how to compare a diagnosis with an expectation.
 */

import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/engine/index.js";
import type { Diagnosis } from "../../src/engine/types.js";
import { buildExchange, type CaseExpectation, loadCaseFiles } from "./case-builder.js";

const files = loadCaseFiles();

function checkExpectation(diagnosis: Diagnosis, want: CaseExpectation): void {
  const codes = diagnosis.findings.map((f) => f.code);
  const summary = `verdict=${diagnosis.verdict} corsError=${diagnosis.corsError} failedParameter=${JSON.stringify(
    diagnosis.failedParameter,
  )} leg=${diagnosis.leg} hop=${diagnosis.hop} codes=${codes.join(",")}`;

  expect(diagnosis.verdict, summary).toBe(want.verdict);
  expect(diagnosis.corsError, summary).toBe(want.corsError ?? null);
  if (want.failedParameter !== undefined) expect(diagnosis.failedParameter, summary).toBe(want.failedParameter);
  else if ((want.corsError ?? null) === null) expect(diagnosis.failedParameter, summary).toBeNull();
  if (want.leg !== undefined) expect(diagnosis.leg, summary).toBe(want.leg);
  if (want.hop !== undefined) expect(diagnosis.hop, summary).toBe(want.hop);
  for (const code of want.codes ?? []) expect(codes, summary).toContain(code);
  for (const code of want.absentCodes ?? []) expect(codes, summary).not.toContain(code);
  if (want.unknownReasons !== undefined) expect(diagnosis.unknownReasons, summary).toEqual(want.unknownReasons);
  for (const [code, severity] of Object.entries(want.severities ?? {})) {
    const finding = diagnosis.findings.find((f) => f.code === code);
    expect(finding, `${code} missing; ${summary}`).toBeDefined();
    expect(finding?.severity, code).toBe(severity);
  }
  for (const [code, args] of Object.entries(want.findingArgs ?? {})) {
    const matching = diagnosis.findings.filter((f) => f.code === code);
    expect(matching.length, `${code} missing; ${summary}`).toBeGreaterThan(0);
    expect(
      matching.map((f) => f.args),
      `${code} args`,
    ).toContainEqual(expect.objectContaining(args));
  }
  if (want.questions !== undefined) expect(diagnosis.questions).toMatchObject(want.questions);
  if (want.alternatives !== undefined) expect(diagnosis.alternatives, summary).toEqual(want.alternatives);
}

describe("engine case files", () => {
  it("there are case files, and case names are unique", () => {
    expect(files.length).toBeGreaterThan(0);
    const names = files.flatMap((f) => f.cases.map((c) => c.name));
    expect(names.length).toBeGreaterThan(0);
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    expect(duplicates).toEqual([]);
  });

  it("every blocked case with a corsError names its failedParameter", () => {
    const missing = files.flatMap((f) =>
      f.cases
        .filter((c) => c.expect.corsError != null && c.expect.failedParameter === undefined)
        .map((c) => `${f.file}: ${c.name}`),
    );
    expect(missing).toEqual([]);
  });
});

for (const file of files) {
  describe(file.file, () => {
    for (const c of file.cases) {
      it(c.name, () => {
        const diagnosis = diagnose(buildExchange(c));
        checkExpectation(diagnosis, c.expect);
        // Invariants that hold for every diagnosis.
        expect(diagnosis.failedParameter === null).toBe(diagnosis.corsError === null);
        if (diagnosis.verdict === "allowed") {
          expect(diagnosis.findings.filter((f) => f.severity === "error")).toEqual([]);
        }
        if (diagnosis.verdict !== "unknown") expect(diagnosis.unknownReasons).toEqual([]);
      });
    }
  });
}
