/**
 * Chrome's own report (precise mode) against the engine's diagnosis: naming the error of a
 * reading the engine states (credentials included, which HAR does not record) is agreement.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import type { ChromeCorsReport } from "../../src/panel/services.js";
import { agrees } from "../../src/panel/state/chrome-reports.js";

function labDiagnosis(id: string) {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, `../fixtures/lab/${id}.json`), "utf8"));
  const read = readHar(fixture.har);
  if (!read.ok) throw new Error(read.message);
  const exchange = read.exchanges.find((e) => e.exchange.hops[0]?.request.url.includes("/v1/items"));
  if (!exchange) throw new Error(`${id}: no API exchange`);
  return diagnose(exchange.exchange);
}

const report = (corsError: string | null): ChromeCorsReport => ({
  id: "1",
  url: "http://127.0.0.1/v1/items",
  method: "CUSTOM",
  corsError,
  failedParameter: "",
  errorText: "net::ERR_FAILED",
  consoleText: null,
  timeMs: null,
});

describe("Chrome's report agrees with the engine", () => {
  const diagnosis = labDiagnosis("fuzz-preflight-credentials-before-method");

  it("when it names the verdict's error or the stated credentials reading's error", () => {
    expect(diagnosis.corsError).toBe("MethodDisallowedByPreflightResponse");
    expect(agrees(report("MethodDisallowedByPreflightResponse"), diagnosis)).toBe(true);
    expect(agrees(report("PreflightInvalidAllowCredentials"), diagnosis)).toBe(true);
  });

  it("not when it names any other error", () => {
    expect(agrees(report("PreflightMissingAllowOriginHeader"), diagnosis)).toBe(false);
  });
});
