/**
 * The differential fuzzer: generated scenarios run in Debian's Chromium through the truth harness
 * (the built extension's `getHAR()` beside CDP's verdict); the engine judges each from the HAR
 * alone. A disagreement is re-run once, minimized, and reported as a pasteable lab scenario.
 */

import { type Fixture, openRecorder, type Recorder } from "../harness.js";
import type { LabPorts, Scenario } from "../scenario.js";
import { generateScenarios } from "./grammar.js";
import { disagreementKind, type Judgement, judge, type Verdict } from "./judge.js";
import { knownBug } from "./known.js";
import { minimize } from "./minimize.js";
import { appendSavedRun } from "./saved-runs.js";

export interface Disagreement {
  /** The minimized scenario, ready for lab/scenarios.json (`expect` holds Chromium's verdict). */
  readonly scenario: Scenario;
  /** The engine's verdict from the HAR; null when the HAR held no exchange for the request. */
  readonly engine: Verdict | null;
  /** Chromium's verdict (CDP); `error` when the harness could not run the scenario at all. */
  readonly chromium: Verdict | { readonly error: string };
}

export interface FuzzReport {
  readonly seed: number;
  readonly scenarios: number;
  readonly disagreements: Disagreement[];
}

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  /** Browser runs the minimizer may spend per disagreement (0: no minimizing). */
  readonly minimizeRuns?: number;
  /** Run these instead of generating (`--replay`). */
  readonly scenarios?: readonly Scenario[];
  readonly log?: (message: string) => void;
  /** Relaunch the browser after this many runs (default 500): long runs stay lean. */
  readonly recycleEvery?: number;
  /** Start no new scenario after this many seconds; the report counts the scenarios that ran. */
  readonly maxSeconds?: number;
  /**
   * Count the engine's `unknown` as a disagreement too. By default it is not one: the engine may
   * abstain when the HAR cannot tell (abstentions are counted on the log instead).
   */
  readonly strict?: boolean;
  /** Append every run's scenario, HAR and truth to this file (`--save`), to judge again later. */
  readonly savePath?: string;
}

type RunResult =
  | {
      readonly ok: true;
      readonly fixture: Fixture;
      readonly judgements: Judgement[];
      /** The harness's warnings for this run (HAR not settled, requests that never ended). */
      readonly warnings: string[];
    }
  | { readonly ok: false; readonly error: string };

/** One run; a harness failure (a timeout, a crashed page) gets one retry in a fresh browser. */
async function runScenario(recorder: Recorder, scenario: Scenario): Promise<RunResult> {
  let lastError = "";
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const before = recorder.warnings.length;
      const fixture = await recorder.record(scenario);
      recorder.lab.forget(fixture.lab.token);
      return { ok: true, fixture, judgements: judge(fixture), warnings: recorder.warnings.slice(before) };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      await recorder.restart();
    }
  }
  return { ok: false, error: lastError };
}

/** Replaces the run's port numbers and page origin with the lab's placeholders. */
function templatize(text: string, ports: LabPorts, origin: string): string {
  let result = text.split(origin).join("{origin}");
  const byLength = Object.entries(ports).sort(([, a], [, b]) => String(b).length - String(a).length);
  for (const [role, port] of byLength) result = result.replace(new RegExp(`:${port}(?![0-9])`, "g"), `:{${role}}`);
  return result;
}

function templatizeVerdict(verdict: Verdict | null, ports: LabPorts, origin: string): Verdict | null {
  if (!verdict || verdict.failedParameter === null) return verdict;
  return { ...verdict, failedParameter: templatize(verdict.failedParameter, ports, origin) };
}

function isDisagreement(judgement: Judgement, strict: boolean): boolean {
  return !judgement.agree && (strict || !judgement.abstained);
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const scenarios = options.scenarios ?? generateScenarios(options.seed, options.count);
  const minimizeRuns = options.minimizeRuns ?? 40;
  const recorder = await openRecorder({ ports: "ephemeral", recycleEvery: options.recycleEvery ?? 500 });
  const disagreements: Disagreement[] = [];
  const started = Date.now();
  // Each kind of disagreement is confirmed and minimized once; later ones are listed as found.
  const minimizedKinds = new Map<string, string>();
  const strict = options.strict ?? false;
  const abstentions = new Map<string, string[]>();
  let ran = 0;
  try {
    for (const [index, scenario] of scenarios.entries()) {
      if (options.maxSeconds !== undefined && Date.now() - started > options.maxSeconds * 1000) {
        log(`stopping after ${options.maxSeconds} s: ${ran} of ${scenarios.length} scenarios ran`);
        break;
      }
      ran++;
      let result = await runScenario(recorder, scenario);
      // A disagreement from a run the harness could not settle (a slow machine) must show again.
      if (result.ok && result.warnings.length > 0 && result.judgements.some((j) => isDisagreement(j, strict))) {
        const again = await runScenario(recorder, scenario);
        if (again.ok && !again.judgements.some((j) => isDisagreement(j, strict))) {
          log(`${scenario.id}: disagreed after "${result.warnings.join("; ")}", agreed on a re-run: not counted`);
        }
        result = again;
      }
      if (result.ok && options.savePath) appendSavedRun(options.savePath, scenario, result.fixture);
      if (!result.ok) {
        log(`${scenario.id}: the harness could not run it: ${result.error}`);
        disagreements.push({ scenario, engine: null, chromium: { error: result.error } });
        continue;
      }
      for (const j of result.judgements.filter((j) => j.abstained && !j.agree && !strict)) {
        const kind = disagreementKind(j);
        abstentions.set(kind, [...(abstentions.get(kind) ?? []), scenario.id]);
      }
      const found = result.judgements.find((j) => isDisagreement(j, strict));
      if (found) {
        const kind = disagreementKind(found);
        const first = minimizedKinds.get(kind);
        const known = knownBug(scenario, found.engine, found.chromium);
        log(
          `${scenario.id}: ${kind}${known ? ` [known: lab scenario ${known.scenario}]` : ""}` +
            (first ? ` (as ${first})` : "; re-running and minimizing"),
        );
        if (first) disagreements.push(asFound(scenario, found, first, recorder.lab.ports, result.fixture));
        else {
          minimizedKinds.set(kind, scenario.id);
          const from = options.scenarios ? () => `Replayed with truth:fuzz --replay (#${index})` : undefined;
          disagreements.push(await settle(recorder, scenario, found, options.seed, index, minimizeRuns, log, from));
        }
      }
      if ((index + 1) % 50 === 0 || index + 1 === scenarios.length) {
        const seconds = (Date.now() - started) / 1000;
        log(
          `${index + 1}/${scenarios.length} scenarios in ${seconds.toFixed(0)} s ` +
            `(${((index + 1) / seconds).toFixed(2)}/s), ${disagreements.length} disagreement(s), ` +
            `${[...abstentions.values()].flat().length} unknown`,
        );
      }
    }
    log(
      `${recorder.warnings.length} harness warning(s)${recorder.warnings.length > 0 ? `, e.g. ${recorder.warnings[0]}` : ""}`,
    );
    for (const [kind, ids] of abstentions) {
      log(
        `engine said unknown ${ids.length} time(s) for ${kind}: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}`,
      );
    }
  } finally {
    await recorder.close();
  }
  return { seed: options.seed, scenarios: ran, disagreements };
}

function pageOriginOf(fixture: Fixture): string {
  return new URL(fixture.lab.page).origin;
}

/** A disagreement of a kind already minimized: reported as generated, with the run's verdicts. */
function asFound(scenario: Scenario, found: Judgement, first: string, ports: LabPorts, fixture: Fixture): Disagreement {
  const origin = pageOriginOf(fixture);
  const chromium = templatizeVerdict(found.chromium, ports, origin) as Verdict;
  return {
    scenario: {
      ...scenario,
      notes: `${disagreementKind(found)}, as ${first} (not minimized again).`,
      expect: expectOf(chromium),
    },
    engine: templatizeVerdict(found.engine, ports, origin),
    chromium,
  };
}

function expectOf(chromium: Verdict): NonNullable<Scenario["expect"]> {
  return {
    outcome: chromium.verdict as NonNullable<Scenario["expect"]>["outcome"],
    corsError: chromium.corsError,
    failedParameter: chromium.failedParameter,
  };
}

/** Confirms a disagreement with a second run, minimizes it, and states it as a lab scenario. */
async function settle(
  recorder: Recorder,
  scenario: Scenario,
  found: Judgement,
  seed: number,
  index: number,
  minimizeRuns: number,
  log: (message: string) => void,
  describeSource?: () => string,
): Promise<Disagreement> {
  const source = (s: number, i: number) =>
    describeSource?.() ?? `Found by npm run truth:fuzz -- --seed ${s} (scenario #${i})`;
  const kind = disagreementKind(found);
  const ports = recorder.lab.ports;
  let last = found;
  let lastOrigin = "";
  const stillDisagrees = async (candidate: Scenario): Promise<boolean> => {
    const result = await runScenario(recorder, candidate);
    const judgement = result.ok ? result.judgements.find((j) => !j.agree && disagreementKind(j) === kind) : undefined;
    if (judgement && result.ok) {
      last = judgement;
      lastOrigin = pageOriginOf(result.fixture);
    }
    return judgement !== undefined;
  };
  const reproduced = await stillDisagrees(scenario);
  let minimized = scenario;
  let runs = 1;
  if (reproduced && minimizeRuns > 0) {
    const result = await minimize(scenario, stillDisagrees, minimizeRuns);
    minimized = result.scenario;
    runs += result.runs;
  }
  const origin = lastOrigin || new URL(scenario.page.replace(/\{[a-z]+\}/g, String(ports.page))).origin;
  const engine = templatizeVerdict(last.engine, ports, origin);
  const chromium = templatizeVerdict(last.chromium, ports, origin) as Verdict;
  log(`${scenario.id}: ${reproduced ? `minimized in ${runs} run(s)` : "not reproduced on a second run"}`);
  return {
    scenario: {
      ...minimized,
      notes:
        `${source(seed, index)}; ${kind}` +
        (reproduced ? `; minimized in ${runs} browser run(s).` : "; seen once, not reproduced on a second run."),
      expect: expectOf(chromium),
    },
    engine,
    chromium,
  };
}
