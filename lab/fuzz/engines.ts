/**
 * The fuzzer against another engine (`truth:fuzz -- --engine firefox`): each generated scenario
 * runs in Chromium (the truth harness: CDP's verdict, the engine judging the run's HAR) and in
 * Firefox (lab/firefox-truth.ts: the page's outcome and Firefox's console lines). Reported per
 * engine: where Firefox and Chromium disagree (the verdict, the failure Firefox's line names, or
 * the value it names: lab/engine-differences.ts), and where the engine's Chromium verdict does.
 * Nothing is minimized: Firefox's differences are findings about Firefox, not engine bugs.
 */

import { compareWithChromium, type EngineDifference } from "../engine-differences.js";
import type { EngineScenarioTruth } from "../engine-truth.js";
import { openFirefoxRecorder } from "../firefox-truth.js";
import { type Fixture, openRecorder } from "../harness.js";
import type { Scenario } from "../scenario.js";
import { generateScenarios } from "./grammar.js";
import { chromiumVerdict, judge, type Verdict } from "./judge.js";
import { knownBug } from "./known.js";

export interface FirefoxDisagreement {
  readonly scenario: Scenario;
  readonly kind: EngineDifference["kind"];
  readonly chromium: Verdict;
  /** Firefox's outcome, key, what its naming line means in Chromium's words, and that line. */
  readonly firefox: EngineDifference["engine"];
  /** The engine's verdict from Chromium's HAR (null: no exchange). */
  readonly engine: Verdict | null;
}

export interface EngineVsChromium {
  readonly scenario: Scenario;
  readonly engine: Verdict | null;
  readonly chromium: Verdict;
  /** The lab scenario of a known engine bug that explains it, if one does. */
  readonly known: string | null;
}

export interface EnginesFuzzReport {
  readonly seed: number;
  readonly engine: "firefox";
  readonly scenarios: number;
  /** Scenarios a browser could not run (a harness error), with the error. */
  readonly errors: readonly { readonly id: string; readonly browser: string; readonly error: string }[];
  readonly disagreements: {
    /** Firefox against Chromium. */
    readonly firefox: readonly FirefoxDisagreement[];
    /** The engine (from Chromium's HAR) against Chromium, as `truth:fuzz` judges it; `unknown` is not counted. */
    readonly engine: readonly EngineVsChromium[];
  };
}

export interface EnginesFuzzOptions {
  readonly seed: number;
  readonly count: number;
  readonly scenarios?: readonly Scenario[];
  readonly maxSeconds?: number;
  readonly log?: (message: string) => void;
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** One attempt, then one more in a fresh browser (a timeout, a crashed page). */
async function twice<T>(run: () => Promise<T>, restart: () => Promise<void>): Promise<Attempt<T>> {
  let error = "";
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return { ok: true, value: await run() };
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      await restart();
    }
  }
  return { ok: false, error };
}

export async function fuzzFirefox(options: EnginesFuzzOptions): Promise<EnginesFuzzReport> {
  const log = options.log ?? (() => {});
  const scenarios = options.scenarios ?? generateScenarios(options.seed, options.count);
  const chromium = await openRecorder({ ports: "ephemeral" });
  // One lab for both browsers: the same ports, so values that hold a port compare.
  const firefox = await openFirefoxRecorder({ lab: chromium.lab, log });
  const errors: { id: string; browser: string; error: string }[] = [];
  const firefoxDisagreements: FirefoxDisagreement[] = [];
  const engineDisagreements: EngineVsChromium[] = [];
  const started = Date.now();
  let ran = 0;
  try {
    for (const scenario of scenarios) {
      if (options.maxSeconds !== undefined && Date.now() - started > options.maxSeconds * 1000) {
        log(`stopping after ${options.maxSeconds} s: ${ran} of ${scenarios.length} scenarios ran`);
        break;
      }
      ran++;
      const recorded = await twice<Fixture>(() => chromium.record(scenario), chromium.restart);
      const recordedThere = await twice<EngineScenarioTruth>(() => firefox.record(scenario), firefox.restart);
      if (!recorded.ok) errors.push({ id: scenario.id, browser: "chromium", error: recorded.error });
      if (!recordedThere.ok) errors.push({ id: scenario.id, browser: "firefox", error: recordedThere.error });
      if (!recorded.ok) continue;
      const fixture = recorded.value;
      chromium.lab.forget(fixture.lab.token);

      const judgement = judge(fixture)[0];
      if (judgement && !judgement.agree && !judgement.abstained) {
        const known = knownBug(scenario, judgement.engine, judgement.chromium)?.scenario ?? null;
        engineDisagreements.push({ scenario, engine: judgement.engine, chromium: judgement.chromium, known });
      }
      const ours = fixture.truth[0];
      const theirs = recordedThere.ok ? recordedThere.value : null;
      if (theirs?.status !== "recorded" || !ours) continue;
      const item = theirs.truth[0];
      const difference = item ? compareWithChromium(item, ours) : null;
      if (difference) {
        const firefoxDisagreement: FirefoxDisagreement = {
          scenario,
          kind: difference.kind,
          chromium: chromiumVerdict(ours),
          firefox: difference.engine,
          engine: judgement?.engine ?? null,
        };
        firefoxDisagreements.push(firefoxDisagreement);
        log(
          `${scenario.id}: Firefox ${difference.engine.outcome} ${difference.engine.consoleKey ?? ""}, ` +
            `Chromium ${ours.outcome} ${ours.corsError ?? ""} (${difference.kind})`,
        );
      }
    }
    log(
      `${ran} scenario(s) in ${((Date.now() - started) / 1000).toFixed(0)} s with Firefox ${firefox.version()} and ${chromium.chromium()}: ` +
        `${firefoxDisagreements.length} Firefox/Chromium, ${engineDisagreements.length} engine/Chromium disagreement(s)`,
    );
  } finally {
    await firefox.close();
    await chromium.close();
  }
  return {
    seed: options.seed,
    engine: "firefox",
    scenarios: ran,
    errors,
    disagreements: { firefox: firefoxDisagreements, engine: engineDisagreements },
  };
}
