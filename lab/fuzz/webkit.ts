/**
 * The fuzzer against WebKit (`truth:fuzz -- --engine webkit`): each generated scenario runs in
 * Debian's Chromium (the truth harness, CDP) and in WebKitGTK's MiniBrowser (lab/webkit/), and
 * every scenario where their outcomes differ is reported, grouped by kind, with WebKit's reason
 * line. Where both block, WebKit's lines are read with the Safari console parser (src/console): when
 * they cannot mean Chromium's CorsError, the reasons differ, and that is reported too. No minimizing: WebKit differs from Chromium by design in places (the order of its checks,
 * which headers it safelists); the report says where, so the differences can be named, or a lab
 * scenario added for a new one.
 */

import { openRecorder } from "../harness.js";
import type { Scenario } from "../scenario.js";
import { blockedForAnotherReason, safariReads, webkitReason } from "../webkit/compare.js";
import { openWebKitRecorder } from "../webkit/recorder.js";
import { generateScenarios } from "./grammar.js";
import { knownWebKitDifference } from "./webkit-known.js";

export interface EngineSide {
  readonly outcome: string;
  /** Chromium: its CorsError; WebKit: null (it names none). */
  readonly corsError: string | null;
  /** Chromium: its console line; WebKit: its reason line. */
  readonly message: string | null;
}

export interface EngineDisagreement {
  /** `<chromium outcome/CorsError> vs webkit <outcome>`: what the difference is about. */
  readonly kind: string;
  readonly scenario: Scenario;
  readonly chromium: EngineSide;
  readonly webkit: EngineSide;
  /** The lab scenario that already shows this difference (lab/fuzz/webkit-known.ts), or null: a new one. */
  readonly known: string | null;
}

export interface EngineFuzzReport {
  readonly engine: "webkit";
  readonly seed: number;
  readonly scenarios: number;
  /** Scenarios a browser could not run (the harness failed twice), with the error. */
  readonly errors: readonly { readonly id: string; readonly error: string }[];
  readonly disagreements: EngineDisagreement[];
}

export interface EngineFuzzOptions {
  readonly seed: number;
  readonly count: number;
  readonly scenarios?: readonly Scenario[];
  readonly maxSeconds?: number;
  readonly log?: (message: string) => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function safariReading(lines: readonly string[]): string {
  const names = safariReads(lines);
  return names.length === 0 ? "none" : names.length > 2 ? `${names[0]}…` : names.join(" or ");
}

export async function fuzzWebKit(options: EngineFuzzOptions): Promise<EngineFuzzReport> {
  const log = options.log ?? (() => {});
  const scenarios = options.scenarios ?? generateScenarios(options.seed, options.count);
  const chromium = await openRecorder({ ports: "ephemeral" });
  const webkit = await openWebKitRecorder({ ports: "ephemeral", log }).catch(async (error) => {
    await chromium.close();
    throw error;
  });
  const started = Date.now();
  const disagreements: EngineDisagreement[] = [];
  const errors: { id: string; error: string }[] = [];
  const kinds = new Map<string, number>();
  let ran = 0;
  try {
    for (const [index, scenario] of scenarios.entries()) {
      if (options.maxSeconds !== undefined && Date.now() - started > options.maxSeconds * 1000) {
        log(`stopping after ${options.maxSeconds} s: ${ran} of ${scenarios.length} scenarios ran`);
        break;
      }
      ran++;
      let chromiumItem: Awaited<ReturnType<typeof chromium.record>>["truth"][number] | undefined;
      let webkitTruth: Awaited<ReturnType<typeof webkit.record>>;
      try {
        const fixture = await chromium.record(scenario);
        chromium.lab.forget(fixture.lab.token);
        chromiumItem = fixture.truth[0];
        webkitTruth = await webkit.record(scenario);
      } catch (error) {
        errors.push({ id: scenario.id, error: message(error) });
        log(`${scenario.id} (#${index}): a browser could not run it: ${message(error)}`);
        await chromium.restart();
        continue;
      }
      if (webkitTruth.status === "not-run" || !chromiumItem) continue;
      const webkitItem = webkitTruth.truth[0];
      if (!webkitItem) continue;
      const sameOutcome = webkitItem.outcome === chromiumItem.outcome;
      if (sameOutcome && !blockedForAnotherReason(chromiumItem.corsError, webkitItem.console)) continue;
      const kind =
        `${chromiumItem.outcome}/${chromiumItem.corsError ?? "-"} vs webkit ${webkitItem.outcome}` +
        (sameOutcome ? ` (reason: ${safariReading(webkitItem.console)})` : "");
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const known = knownWebKitDifference(scenario, chromiumItem.corsError, webkitItem.console)?.scenario ?? null;
      log(
        `${scenario.id} (#${index}): ${kind}${known ? ` [known: lab scenario ${known}]` : ""}: ` +
          (webkitReason(webkitItem.console) ?? "(no console line)"),
      );
      disagreements.push({
        kind,
        scenario: {
          ...scenario,
          notes: `Found by npm run truth:fuzz -- --engine webkit --seed ${options.seed} (scenario #${index}); ${kind}`,
        },
        chromium: { outcome: chromiumItem.outcome, corsError: chromiumItem.corsError, message: chromiumItem.console },
        webkit: { outcome: webkitItem.outcome, corsError: null, message: webkitReason(webkitItem.console) },
        known,
      });
    }
  } finally {
    await webkit.close();
    await chromium.close();
  }
  const seconds = (Date.now() - started) / 1000;
  log(`${ran} scenario(s) in ${seconds.toFixed(0)} s, ${disagreements.length} disagreement(s) with WebKit`);
  for (const [kind, count] of kinds) log(`  ${count} × ${kind}`);
  return { engine: "webkit", seed: options.seed, scenarios: ran, errors, disagreements };
}
