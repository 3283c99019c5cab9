/**
 * The per-browser answers against the browsers themselves: for every lab scenario Firefox and
 * WebKit ran (test/fixtures/engines/<engine>.json, recorded by their lab harnesses), the answer
 * CORS Doctor predicts from Chromium's HAR must be the outcome the engine recorded, and the message
 * it words must be the line the engine printed. `unknown` is allowed only with its reason, and only
 * where the capture cannot show what the engine would have met (each one is listed here).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EngineTruthFile, OTHER_ENGINES, type OtherEngine, readEngineTruth } from "../../lab/engine-truth.js";
import { FIXTURE_DIR } from "../../lab/scenario.js";
import { type CapturedExchange, readHar } from "../../src/capture/index.js";
import { answerInBrowsers, type BrowserAnswer, type BrowserUnknownCode, diagnose } from "../../src/engine/index.js";
import { browserMessage } from "../../src/explain/browser-texts.js";

interface LabFixture {
  readonly id: string;
  readonly har: { readonly log: unknown };
  readonly truth: readonly { readonly url: string; readonly method: string; readonly outcome: string }[];
}

const fixtures = new Map(
  readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => {
      const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, file), "utf8")) as LabFixture;
      return [fixture.id, fixture] as const;
    }),
);

/** The URL without the run's token (`lab=<id>.<random>`): each recording has its own. */
const untokened = (text: string) => text.replaceAll(/([?&]lab=[a-z0-9-]+)\.[0-9a-f]+/g, "$1");

/** The unknown reasons an answer may give for a scenario an engine ran: the capture cannot show it. */
const UNKNOWN_ALLOWED: ReadonlySet<BrowserUnknownCode> = new Set(["CHROMIUM_UNKNOWN", "PREFLIGHT_ONLY_CHROMIUM_SKIPS"]);

const BROWSER_OF: Record<OtherEngine, "firefox" | "safari"> = { firefox: "firefox", webkit: "safari" };

function findExchange(exchanges: readonly CapturedExchange[], url: string, method: string) {
  const matching = exchanges.filter(
    (e) => untokened(e.hopEntries[0]?.url ?? "") === untokened(url) && e.hopEntries[0]?.method === method,
  );
  return matching.find((e) => e.actualRecorded) ?? matching[0];
}

for (const engine of OTHER_ENGINES) {
  const truth: EngineTruthFile | null = readEngineTruth(engine);
  describe.skipIf(truth === null)(`${engine}: the predicted answer is the recorded one`, () => {
    const cases = Object.entries(truth?.scenarios ?? {}).flatMap(([id, scenario]) =>
      scenario.status === "recorded"
        ? scenario.truth.map((item, index) => ({ name: scenario.truth.length > 1 ? `${id} #${index}` : id, id, item }))
        : [],
    );

    it("covers every lab scenario, each either recorded or not run with a reason", () => {
      expect(Object.keys(truth?.scenarios ?? {}).sort()).toEqual([...fixtures.keys()].sort());
      for (const [id, scenario] of Object.entries(truth?.scenarios ?? {})) {
        if (scenario.status === "not-run") expect(scenario.reason.length, id).toBeGreaterThan(10);
      }
    });

    it.each(cases)("$name", ({ id, item }) => {
      const fixture = fixtures.get(id);
      if (!fixture) throw new Error(`no lab fixture ${id}`);
      const read = readHar(fixture.har);
      if (!read.ok) throw new Error(read.message);
      const captured = findExchange(read.exchanges, item.url, item.method);
      if (!captured) {
        // Chromium sent nothing (same-origin-mode-cross-origin): no HAR, so nothing to predict from.
        expect(
          fixture.truth.some((t) => untokened(t.url) === untokened(item.url)),
          id,
        ).toBe(true);
        return;
      }
      const diagnosis = diagnose(captured.exchange);
      const answer: BrowserAnswer = answerInBrowsers(captured.exchange, diagnosis)[BROWSER_OF[engine]];
      const context = `${id}: predicted ${JSON.stringify(answer)}; recorded ${item.outcome} ${JSON.stringify(item.console)}`;
      // As the Chromium truth test counts it: the answer, or one under a reading the capture
      // cannot rule out (sent with or without credentials), is the engine's.
      const readings = [answer, ...answer.alternatives];
      const matching = readings.find((reading) => reading.verdict === item.outcome);
      if (!matching) {
        const unknown = readings.find((reading) => reading.verdict === "unknown");
        expect(unknown?.unknownReason && UNKNOWN_ALLOWED.has(unknown.unknownReason), context).toBe(true);
        return;
      }
      // The message it words is a line the engine printed (for a failure it prints one).
      if (matching.failure) {
        const printed = item.console.map(untokened);
        const words = readings.flatMap((reading) =>
          reading.verdict === item.outcome && reading.failure ? [untokened(browserMessage(reading.failure))] : [],
        );
        expect(
          words.some((line) => printed.includes(line)),
          `${context}; words ${JSON.stringify(words)}`,
        ).toBe(true);
      }
    });
  });
}
