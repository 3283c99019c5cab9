/**
 * Where another engine's recorded truth differs from Chromium's, scenario by scenario: the verdict
 * (`outcome`), or, with the same verdict, the failure the engine's console line names (read with
 * the console-paste parser, src/console, in Chromium's CorsError vocabulary).
 *
 * `npx tsx lab/engine-differences.ts firefox` prints the Markdown table.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseConsoleMessages } from "../src/console/index.js";
import { type EngineTruthItem, type OtherEngine, readEngineTruth } from "./engine-truth.js";
import type { TruthItem } from "./harness.js";
import { FIXTURE_DIR } from "./scenario.js";

export interface EngineDifference {
  readonly id: string;
  /**
   * `outcome`: the verdicts differ; `failure`: both blocked, but the engine names another failure;
   * `parameter`: the same failure, but the engine names another value (e.g. another header).
   */
  readonly kind: "outcome" | "failure" | "parameter";
  readonly chromium: {
    readonly outcome: string;
    readonly corsError: string | null;
    readonly failedParameter: string | null;
  };
  readonly engine: {
    readonly outcome: string;
    /** The CorsError names the engine's naming line stands for (the console parser's reading). */
    readonly means: readonly string[];
    /** The value the naming line names (a header, a method, the ACAO value), when it names one. */
    readonly failedParameter: string | null;
    readonly consoleKey: string | null;
    /** The engine's line that names the failure (the first line the parser reads a CORS error from), verbatim. */
    readonly message: string | null;
  };
}

/** Chromium's truth for a scenario (test/fixtures/lab/<id>.json). */
export function chromiumTruth(id: string, dir: string = FIXTURE_DIR): readonly TruthItem[] {
  return (JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8")) as { truth: TruthItem[] }).truth;
}

/** The CorsError names one console line stands for, per the console-paste parser. */
export function lineMeans(line: string): { means: string[]; failedParameter: string | null } {
  const parsed = parseConsoleMessages(line)[0];
  if (!parsed) return { means: [], failedParameter: null };
  const means = parsed.candidates.length > 0 ? [...parsed.candidates] : parsed.corsError ? [parsed.corsError] : [];
  return { means, failedParameter: parsed.failedParameter };
}

/** The line that names the failure and what it means; null when no line names a CORS error. */
export function namingLine(
  item: EngineTruthItem,
): { line: string; means: string[]; failedParameter: string | null } | null {
  for (const line of item.console) {
    const meaning = lineMeans(line);
    if (meaning.means.length > 0) return { line, ...meaning };
  }
  return null;
}

/** How one request's engine truth differs from Chromium's; null when it does not. */
export function compareWithChromium(
  theirs: EngineTruthItem,
  ours: Pick<TruthItem, "outcome" | "corsError" | "failedParameter">,
): { kind: EngineDifference["kind"]; engine: EngineDifference["engine"] } | null {
  const named = namingLine(theirs);
  const means = named?.means ?? [];
  const failedParameter = named?.failedParameter ?? null;
  const kind =
    theirs.outcome !== ours.outcome
      ? "outcome"
      : ours.corsError !== null && means.length > 0 && !means.includes(ours.corsError)
        ? "failure"
        : ours.failedParameter && failedParameter !== null && failedParameter !== ours.failedParameter
          ? "parameter"
          : null;
  if (kind === null) return null;
  return {
    kind,
    engine: {
      outcome: theirs.outcome,
      means,
      failedParameter,
      consoleKey: theirs.consoleKey ?? null,
      message: named?.line ?? theirs.console[0] ?? null,
    },
  };
}

export function engineDifferences(engine: OtherEngine): EngineDifference[] {
  const file = readEngineTruth(engine);
  if (!file) throw new Error(`no recorded truth for ${engine} (npm run lab:record -- --engine ${engine})`);
  const differences: EngineDifference[] = [];
  for (const [id, truth] of Object.entries(file.scenarios)) {
    if (truth.status !== "recorded") continue;
    const theirs = truth.truth[0];
    const ours = chromiumTruth(id)[0];
    if (!theirs || !ours) continue;
    const difference = compareWithChromium(theirs, ours);
    if (!difference) continue;
    differences.push({
      id,
      kind: difference.kind,
      chromium: { outcome: ours.outcome, corsError: ours.corsError, failedParameter: ours.failedParameter },
      engine: difference.engine,
    });
  }
  return differences;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function differencesMarkdown(engine: OtherEngine, differences: readonly EngineDifference[]): string {
  const rows = (kind: EngineDifference["kind"]) =>
    differences
      .filter((d) => d.kind === kind)
      .map(
        (d) =>
          `| ${d.id} | ${d.chromium.outcome}${d.chromium.corsError ? ` ${d.chromium.corsError}` : ""}${
            kind === "parameter" ? ` \`${cell(d.chromium.failedParameter ?? "")}\`` : ""
          } | ` +
          `${d.engine.outcome}${d.engine.consoleKey ? ` (${d.engine.consoleKey})` : ""}${
            d.engine.means.length > 0 ? `, means ${d.engine.means.join(" or ")}` : ""
          }${kind === "parameter" ? ` \`${cell(d.engine.failedParameter ?? "")}\`` : ""} | ${cell(
            d.engine.message ?? "(no console line)",
          )} |`,
      );
  const head = `| scenario | Chromium | ${engine} | ${engine}'s message |\n|---|---|---|---|`;
  return [
    `### Verdict differs (${rows("outcome").length})`,
    "",
    head,
    ...rows("outcome"),
    "",
    `### Same verdict, another failure named (${rows("failure").length})`,
    "",
    head,
    ...rows("failure"),
    "",
    `### Same failure, another value named (${rows("parameter").length})`,
    "",
    head,
    ...rows("parameter"),
    "",
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const engine = (process.argv[2] ?? "firefox") as OtherEngine;
  process.stdout.write(differencesMarkdown(engine, engineDifferences(engine)));
}
