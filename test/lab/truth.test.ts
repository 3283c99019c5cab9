/**
 * The engine against real Chromium: every lab fixture (test/fixtures/lab, recorded by
 * `npm run lab:record`) is read with readHar() and diagnosed; for every request Chromium made, the
 * engine's verdict and CorsError must equal what Chromium itself decided (CDP).
 *
 * lab/expectations.json lists the only exceptions: requests whose outcome HAR cannot show, where
 * the engine must answer `unknown` (or where Chromium wrote no HAR entry at all), and known engine
 * bugs (`disagrees`, found by `npm run truth:fuzz`), which must still disagree until fixed; each is
 * asserted.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { agrees, alternativeVerdicts, engineVerdict } from "../../lab/fuzz/judge.js";
import { EXPECTATIONS_PATH, FIXTURE_DIR, loadScenarios } from "../../lab/scenario.js";
import { type CapturedExchange, readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import { PRODUCIBLE_CORS_ERRORS } from "../engine/case-coverage.js";

interface TruthItem {
  readonly url: string;
  readonly method: string;
  readonly outcome: string;
  readonly corsError: string | null;
  readonly failedParameter: string | null;
  readonly errorText: string | null;
}

interface Fixture {
  readonly id: string;
  readonly har: { readonly log: unknown };
  readonly truth: readonly TruthItem[];
}

interface Expectation {
  /**
   * `unknown`: the engine must say it cannot tell; `no-exchange`: Chromium recorded no HAR entry;
   * `disagrees`: a known engine bug, asserted to still be there (remove the entry once fixed).
   */
  readonly verdict: "unknown" | "no-exchange" | "disagrees";
  readonly reason: string;
}

const fixtures: Fixture[] = readdirSync(FIXTURE_DIR)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(FIXTURE_DIR, file), "utf8")) as Fixture);

const expectations = (
  JSON.parse(readFileSync(EXPECTATIONS_PATH, "utf8")) as { expectations: Record<string, Expectation> }
).expectations;

/** One line per HAR hop/preflight, for failure messages. */
function describeExchange(exchange: CapturedExchange): string {
  return exchange.exchange.hops
    .map((hop, index) => {
      const pre = hop.preflight
        ? `OPTIONS ${hop.preflight.response.status} ${hop.preflight.response.outcome.errorText ?? "ok"} -> `
        : "";
      return `hop ${index}: ${pre}${hop.request.method} ${hop.response.status} ${hop.response.outcome.errorText ?? "ok"}`;
    })
    .join("; ");
}

function findExchange(exchanges: readonly CapturedExchange[], item: TruthItem): CapturedExchange | undefined {
  const matching = exchanges.filter(
    (e) => e.hopEntries[0]?.url === item.url && e.hopEntries[0]?.method === item.method,
  );
  return matching.find((e) => e.actualRecorded) ?? matching[0];
}

describe("lab catalogue", () => {
  it("has a fixture with at least one truth item for every scenario", () => {
    const ids = loadScenarios().map((s) => s.id);
    expect(fixtures.map((f) => f.id).sort()).toEqual([...ids].sort());
    for (const fixture of fixtures) expect(fixture.truth.length, fixture.id).toBeGreaterThan(0);
  });

  it("covers every CorsError Chromium produces on loopback, network errors, not-CORS and allowed look-alikes", () => {
    const truth = fixtures.flatMap((f) => f.truth);
    const corsErrors = new Set(truth.map((t) => t.corsError));
    // Every error the engine can name, Local Network Access included: the lab's LNA scenarios make
    // a loopback page count as public with --ip-address-space-overrides. InvalidLocalNetworkAccess
    // is recorded too, though the engine cannot name it (HAR lacks fetch()'s targetAddressSpace).
    for (const name of [...PRODUCIBLE_CORS_ERRORS, "InvalidLocalNetworkAccess"]) {
      expect(corsErrors.has(name), name).toBe(true);
    }
    expect(fixtures.length).toBeGreaterThanOrEqual(55);
    expect(truth.filter((t) => t.outcome === "allowed").length).toBeGreaterThanOrEqual(10);
    expect(truth.some((t) => t.outcome === "network-error")).toBe(true);
    expect(truth.some((t) => t.outcome === "not-cors")).toBe(true);
  });

  it("lists expectations only for known scenarios, each with a reason", () => {
    for (const [id, expectation] of Object.entries(expectations)) {
      expect(
        fixtures.some((f) => f.id === id),
        `lab/expectations.json names unknown scenario ${id}`,
      ).toBe(true);
      expect(["unknown", "no-exchange", "disagrees"]).toContain(expectation.verdict);
      expect(expectation.reason.length, id).toBeGreaterThan(10);
    }
  });
});

describe("engine verdicts equal Chromium's (lab fixtures)", () => {
  const cases = fixtures.flatMap((fixture) =>
    fixture.truth.map((item, index) => ({
      name: fixture.truth.length > 1 ? `${fixture.id} #${index}` : fixture.id,
      fixture,
      item,
    })),
  );

  it.each(cases)("$name", ({ fixture, item }) => {
    const read = readHar(fixture.har);
    if (!read.ok) throw new Error(`${fixture.id}: readHar failed: ${read.message}`);
    const exchange = findExchange(read.exchanges, item);
    const expectation = expectations[fixture.id];

    if (expectation?.verdict === "no-exchange") {
      expect(exchange, `${fixture.id}: expected no HAR exchange (${expectation.reason})`).toBeUndefined();
      return;
    }
    if (!exchange) {
      throw new Error(`${fixture.id}: no exchange in the HAR starts with ${item.method} ${item.url}`);
    }
    const diagnosis = diagnose(exchange.exchange);
    const context = `${fixture.id}: HAR ${describeExchange(exchange)}; engine findings ${diagnosis.findings
      .map((f) => f.code)
      .join(", ")}`;

    if (expectation?.verdict === "unknown") {
      expect({ verdict: diagnosis.verdict, corsError: diagnosis.corsError }, context).toEqual({
        verdict: "unknown",
        corsError: null,
      });
      return;
    }
    const engine = engineVerdict(diagnosis);
    const alternatives = alternativeVerdicts(diagnosis);
    const chromium = {
      verdict: item.outcome,
      corsError: item.corsError,
      // Chromium's failedParameter, as DevTools' Issues panel shows it ("" when it sends none).
      failedParameter: item.corsError === null ? null : item.failedParameter,
    };
    // Agreement as the fuzz judge counts it: Chromium's answer is the engine's primary one or an
    // alternative the engine states (a reading the HAR cannot rule out, e.g. credentials included).
    const agreed = agrees(engine, alternatives, chromium);
    if (expectation?.verdict === "disagrees") {
      expect(
        agreed,
        `${context}: the engine now agrees with Chromium; remove ${fixture.id} from lab/expectations.json`,
      ).toBe(false);
      return;
    }
    expect(
      agreed,
      `${context}: engine ${JSON.stringify(engine)}, alternatives ${JSON.stringify(alternatives)}, Chromium ${JSON.stringify(chromium)}`,
    ).toBe(true);
  });
});
