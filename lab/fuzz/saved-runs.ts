/**
 * Saved fuzz runs: `truth:fuzz --save <file>` appends each run's scenario, HAR and CDP truth as one
 * JSON line; `truth:fuzz --judge <file>` judges them again with the current engine, without a
 * browser. A long run records once (an hour of Chromium), and an engine change is re-judged on the
 * same evidence in seconds, so "before" and "after" compare the same runs.
 */

import { appendFileSync, createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Fixture } from "../harness.js";
import type { Scenario } from "../scenario.js";
import { disagreementKind, judge } from "./judge.js";
import { knownBug } from "./known.js";
import type { Disagreement, FuzzReport } from "./run.js";

/** One line of a saved-runs file. */
export interface SavedRun {
  readonly scenario: Scenario;
  readonly fixture: Pick<Fixture, "har" | "truth" | "lab">;
}

export function appendSavedRun(path: string, scenario: Scenario, fixture: Fixture): void {
  const run: SavedRun = { scenario, fixture: { har: fixture.har, truth: fixture.truth, lab: fixture.lab } };
  appendFileSync(path, `${JSON.stringify(run)}\n`);
}

export interface JudgeSavedOptions {
  readonly strict?: boolean;
  readonly log?: (message: string) => void;
}

/** Judges every saved run; a line that is not a saved run is reported with its line number. */
export async function judgeSavedRuns(path: string, options: JudgeSavedOptions = {}): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const strict = options.strict ?? false;
  const disagreements: Disagreement[] = [];
  const kinds = new Map<string, { count: number; known: string | undefined; first: string }>();
  let abstained = 0;
  let runs = 0;
  let seed = -1;
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    const run = parseSavedRun(line);
    if (!run) throw new Error(`${path}:${lineNumber}: not a saved fuzz run`);
    runs++;
    if (seed === -1) seed = seedOf(run.scenario.id);
    for (const judgement of judge(run.fixture)) {
      if (judgement.agree) continue;
      if (judgement.abstained) abstained++;
      if (judgement.abstained && !strict) continue;
      const kind = disagreementKind(judgement);
      const known = knownBug(run.scenario, judgement.engine, judgement.chromium)?.scenario;
      const entry = kinds.get(kind) ?? { count: 0, known, first: run.scenario.id };
      entry.count++;
      kinds.set(kind, entry);
      disagreements.push({
        scenario: { ...run.scenario, notes: `${kind}; judged again from a saved run (${path}:${lineNumber})` },
        engine: judgement.engine,
        chromium: judgement.chromium,
      });
      break;
    }
  }
  log(`${runs} saved run(s) judged: ${disagreements.length} disagreement(s), ${abstained} unknown`);
  for (const [kind, { count, known, first }] of [...kinds].sort((a, b) => b[1].count - a[1].count)) {
    log(`  ${count} × ${kind}${known ? ` [known: lab scenario ${known}]` : ""} (first: ${first})`);
  }
  return { seed: Math.max(seed, 0), scenarios: runs, disagreements };
}

function parseSavedRun(line: string): SavedRun | null {
  try {
    const value = JSON.parse(line) as Partial<SavedRun>;
    const fixture = value.fixture as Partial<SavedRun["fixture"]> | undefined;
    if (!value.scenario || !fixture?.har?.log || !Array.isArray(fixture.truth)) return null;
    return value as SavedRun;
  } catch {
    return null;
  }
}

/** Generated ids read `fuzz-<seed>-<index>`. */
function seedOf(id: string): number {
  const match = /^fuzz-(\d+)-\d+$/.exec(id);
  return match ? Number(match[1]) : 0;
}
