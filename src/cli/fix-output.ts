/** Fix output for the CLI: the change for one stack, the page-side changes, and the security lint. */

import pc from "picocolors";
import type { CapturedExchange } from "../capture/index.js";
import type { Diagnosis } from "../engine/index.js";
import { CLIENT_CHANGE_TEXT, explainLayerWhy, LAYER_LABEL, LINT_TEXT } from "../explain/index.js";
import { terminalSafe as t, terminalSafeLines } from "../explain/terminal-safe.js";
import {
  aimPlan,
  detectStacks,
  type FixLayer,
  generateFix,
  lintPolicy,
  planFix,
  STACK_IDS,
  type StackFix,
  type StackId,
} from "../fixes/index.js";

/** Which layer the fix is aimed at, and why (layer.ts), as the JSON output carries it. */
export interface LayerSummary {
  readonly layer: FixLayer["layer"];
  readonly component: string | null;
  readonly stack: StackId | null;
  readonly evidence: readonly string[];
  readonly why: FixLayer["why"] & { readonly text: string };
  readonly keepWildcard: boolean;
}

export interface FixSummary {
  readonly stack: StackId;
  readonly detected: boolean;
  readonly layer: LayerSummary | null;
  readonly fix: StackFix | null;
  readonly clientChanges: ReadonlyArray<{ code: string; title: string; text: string }>;
  readonly lint: ReadonlyArray<{ code: string; severity: string; title: string }>;
}

/**
 * `stack` is a stack id, or "auto" for the stack of the layer that lacks the headers (detection
 * aims at it; Express when nothing tells).
 */
export function fixFor(captured: CapturedExchange, diagnosis: Diagnosis, stack: StackId | "auto"): FixSummary | null {
  const planned = planFix(captured.exchange, diagnosis);
  if (!planned) return null;
  const guess = detectStacks(captured.exchange, new Set(STACK_IDS), diagnosis)[0];
  const layer = guess?.layer ?? null;
  const plan = aimPlan(planned, layer);
  const chosen = stack === "auto" ? (guess?.stack ?? "express") : stack;
  const ownErrorPage = layer?.layer === "cdn" && layer.stack === undefined;
  return {
    stack: chosen,
    detected: guess?.stack === chosen,
    layer: layer && {
      layer: layer.layer,
      component: layer.component,
      stack: layer.stack ?? null,
      evidence: layer.evidence,
      why: { ...layer.why, text: explainLayerWhy(layer.why) },
      keepWildcard: layer.keepWildcard,
    },
    // A CDN's own error page: the application's CORS is not what failed, so auto offers no snippet.
    fix: plan.serverChangeHelps && !(stack === "auto" && ownErrorPage) ? generateFix(plan, chosen) : null,
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
  const layer = summary.layer;
  if (layer) {
    const where = layer.component ? `${LAYER_LABEL[layer.layer]} (${layer.component})` : LAYER_LABEL[layer.layer];
    lines.push(`         ${pc.cyan("layer")} ${pc.bold(t(where))}: ${t(layer.why.text)}`);
    for (const line of layer.evidence) lines.push(pc.dim(`           ${t(line)}`));
  }
  if (fix) {
    const verified = fix.verified ? pc.green("verified on a real server") : pc.dim("not verified");
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
