/**
 * Every surface diagnoses the redacted exchange, so redaction must never change what the engine
 * concludes: the verdict, Chromium's error and failed parameter, the leg, the hop and the codes.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHar } from "../../src/capture/index.js";
import { diagnose, type Exchange } from "../../src/engine/index.js";
import { redactExchange } from "../../src/redact/index.js";
import { buildExchange, loadCaseFiles } from "../engine/case-builder.js";
import { canaryHar } from "./canary-har.js";

function conclusion(exchange: Exchange) {
  const d = diagnose(exchange);
  return {
    verdict: d.verdict,
    corsError: d.corsError,
    failedParameter: d.failedParameter,
    leg: d.leg,
    hop: d.hop,
    codes: d.findings.map((f) => `${f.severity}:${f.code}`),
    unknownReasons: d.unknownReasons,
    questions: {
      origin: d.questions.origin.value,
      allowedOrigin: d.questions.allowedOrigin.value,
      match: d.questions.match.result,
      preflight: d.questions.preflight.required,
      triggers: d.questions.preflight.triggers.map((t) => t.kind),
      cookieSent: d.questions.credentials.cookieSent,
      authorizationSent: d.questions.credentials.authorizationSent,
      credentials: d.questions.credentials.mode,
    },
  };
}

const HAR_DIR = join(import.meta.dirname, "../fixtures/har");

function harExchanges(json: unknown): Exchange[] {
  const read = readHar(json);
  if (!read.ok) throw new Error(read.message);
  return read.exchanges.map((x) => x.exchange);
}

describe("redaction keeps the diagnosis", () => {
  it.each(loadCaseFiles().flatMap((file) => file.cases.map((c) => [`${file.file}: ${c.name}`, c] as const)))(
    "engine case %s",
    (_name, c) => {
      const exchange = buildExchange(c);
      expect(conclusion(redactExchange(exchange))).toEqual(conclusion(exchange));
    },
  );

  it.each(readdirSync(HAR_DIR).filter((f) => f.endsWith(".har")))("HAR fixture %s", (file) => {
    for (const exchange of harExchanges(JSON.parse(readFileSync(join(HAR_DIR, file), "utf8")))) {
      expect(conclusion(redactExchange(exchange))).toEqual(conclusion(exchange));
    }
  });

  it("the canary capture", () => {
    const exchanges = harExchanges(canaryHar());
    expect(exchanges.length).toBe(4);
    for (const exchange of exchanges) expect(conclusion(redactExchange(exchange))).toEqual(conclusion(exchange));
  });
});
