/** Human output for the terminal. Colour comes from picocolors, which honours NO_COLOR. */

import pc from "picocolors";
import type { Diagnosis } from "../engine/index.js";
import {
  answerQuestions,
  describeMode,
  explainDiagnosis,
  headline,
  VERDICT_TAG,
  VERDICT_TOTAL,
} from "../explain/index.js";
import { terminalSafe as t } from "../explain/terminal-safe.js";
import type { ExchangeSummary } from "../report/summary.js";

const BADGE: Record<Diagnosis["verdict"], (s: string) => string> = {
  blocked: (s) => pc.bold(pc.red(s)),
  allowed: (s) => pc.green(s),
  "not-cors": (s) => pc.dim(s),
  "network-error": (s) => pc.yellow(s),
  unknown: (s) => pc.magenta(s),
};

export interface TextOptions {
  readonly explain: boolean;
  readonly all: boolean;
  /** Lines about the other browsers (`--browser`), printed after the summary line. */
  readonly browsers?: readonly string[];
}

/** Every string from the capture or the server goes through `t` (terminalSafe) before it is printed. */
export function renderExchange(summary: ExchangeSummary, diagnosis: Diagnosis, options: TextOptions): string {
  const lines: string[] = [];
  const badge = BADGE[summary.verdict](VERDICT_TAG[summary.verdict].padEnd(8));
  const error = summary.corsError
    ? `  ${pc.bold(t(summary.corsError))}${summary.failedParameter ? ` (${t(summary.failedParameter)})` : ""}`
    : "";
  lines.push(`${badge} ${t(summary.method)} ${t(summary.url)}${error}`);
  if (summary.hop > 0 && summary.redirects[summary.hop - 1]) {
    lines.push(pc.dim(`         after a redirect to ${t(summary.redirects[summary.hop - 1] ?? "")}`));
  }
  lines.push(...(options.browsers ?? []));
  if (summary.verdict === "not-cors" && !options.all) return lines.join("\n");
  lines.push(`         ${t(headline(diagnosis))}`);
  for (const item of explainDiagnosis(diagnosis)) {
    if (item.severity === "info" && !options.explain) continue;
    if (item.code === diagnosis.corsError) {
      // The headline already names the error; say what it means.
      lines.push(`         ${t(item.text)}`);
      continue;
    }
    const tag =
      item.severity === "warning"
        ? pc.yellow("warning")
        : item.severity === "info"
          ? pc.dim("note")
          : item.severity === "cause"
            ? pc.cyan("cause")
            : pc.red("error");
    lines.push(`         ${tag} ${pc.bold(t(item.title))}: ${t(item.text)}`);
    if (options.explain) for (const line of item.evidence) lines.push(pc.dim(`                 ${t(line)}`));
  }
  if (options.explain) {
    // The premise of the five questions: why the request was (or was not) checked as CORS.
    lines.push(`         ${pc.dim("·")} ${t(describeMode(diagnosis))}`);
    for (const answer of answerQuestions(diagnosis)) {
      const mark = answer.ok === true ? pc.green("✓") : answer.ok === false ? pc.red("✗") : pc.dim("·");
      lines.push(`         ${mark} ${t(answer.question)} ${t(answer.answer)}`);
      for (const line of answer.evidence) lines.push(pc.dim(`             ${t(line)}`));
    }
  }
  return lines.join("\n");
}

/** The last line: how many requests, by verdict. */
export function renderTotals(verdicts: readonly Diagnosis["verdict"][]): string {
  const count = (verdict: Diagnosis["verdict"]) => verdicts.filter((v) => v === verdict).length;
  const parts = Object.entries(VERDICT_TOTAL).map(
    ([verdict, words]) => `${count(verdict as Diagnosis["verdict"])} ${words}`,
  );
  return `${verdicts.length} requests: ${parts.join(", ")}`;
}
