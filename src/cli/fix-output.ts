/** Fix output for the CLI: the change for one stack, the page-side changes, and the security lint. */

import pc from "picocolors";
import type { CapturedExchange } from "../capture/index.js";
import type { Diagnosis } from "../engine/index.js";
import { CLIENT_CHANGE_TEXT, LINT_TEXT } from "../explain/index.js";
import { terminalSafe as t, terminalSafeLines } from "../explain/terminal-safe.js";
import {
  detectStacks,
  generateFix,
  lintPolicy,
  planFix,
  STACK_IDS,
  type StackFix,
  type StackId,
} from "../fixes/index.js";

export interface FixSummary {
  readonly stack: StackId;
  readonly detected: boolean;
  readonly fix: StackFix | null;
  readonly clientChanges: ReadonlyArray<{ code: string; title: string; text: string }>;
  readonly lint: ReadonlyArray<{ code: string; severity: string; title: string }>;
}

/** `stack` is a stack id, or "auto" for the detected stack (Express when nothing tells). */
export function fixFor(captured: CapturedExchange, diagnosis: Diagnosis, stack: StackId | "auto"): FixSummary | null {
  const plan = planFix(captured.exchange, diagnosis);
  if (!plan) return null;
  const guess = detectStacks(captured.exchange, new Set(STACK_IDS))[0];
  const chosen = stack === "auto" ? (guess?.stack ?? "express") : stack;
  return {
    stack: chosen,
    detected: guess?.stack === chosen,
    fix: plan.serverChangeHelps ? generateFix(plan, chosen) : null,
    clientChanges: plan.clientChanges.map((c) => ({
      code: c.code,
      title: CLIENT_CHANGE_TEXT[c.code].title,
      text: CLIENT_CHANGE_TEXT[c.code].explain(c.args),
    })),
    lint: lintPolicy(captured.exchange, diagnosis).map((l) => ({
      code: l.code,
      severity: l.severity,
      title: LINT_TEXT[l.code].title,
    })),
  };
}

export function renderFix(summary: FixSummary): string {
  const lines: string[] = [];
  for (const change of summary.clientChanges)
    lines.push(`         ${pc.cyan("page")} ${pc.bold(t(change.title))}: ${t(change.text)}`);
  const fix = summary.fix;
  if (fix) {
    const verified =
      fix.verified === true
        ? pc.green("verified on a real server")
        : fix.verified === "emulator"
          ? pc.yellow("verified on an emulator")
          : pc.dim("not verified");
    lines.push(
      `         ${pc.cyan("fix")} ${pc.bold(t(fix.label))}${summary.detected ? " (detected)" : ""}, ${verified}`,
    );
    lines.push(`         ${t(fix.where)}`);
    for (const line of fix.snippet.split("\n")) lines.push(`           ${terminalSafeLines(line)}`);
    for (const trap of fix.traps) lines.push(pc.dim(`         trap: ${t(trap)}`));
  }
  for (const item of summary.lint) lines.push(`         ${pc.yellow(`lint ${item.severity}`)} ${t(item.title)}`);
  return lines.join("\n");
}
