/**
 * The fix for one blocked exchange as data: the change for one stack (or the stack-neutral
 * headers), the layer it is aimed at, the page-side changes and the security lint, with their
 * words. `har --fix` (per request), `probe --fix` and the library's `generateFix` share it.
 */

import type { Diagnosis, Exchange } from "../engine/index.js";
import { CLIENT_CHANGE_TEXT, explainLayerWhy, LINT_TEXT } from "../explain/index.js";
import {
  aimPlan,
  detectStacks,
  type FixLayer,
  generateFix,
  lintPolicy,
  type NeutralFix,
  neutralFix,
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

export function layerSummary(layer: FixLayer | null | undefined): LayerSummary | null {
  if (!layer) return null;
  return {
    layer: layer.layer,
    component: layer.component,
    stack: layer.stack ?? null,
    evidence: layer.evidence,
    why: { ...layer.why, text: explainLayerWhy(layer.why) },
    keepWildcard: layer.keepWildcard,
  };
}

export interface FixSummary {
  /** Null when "auto" recognised no stack: the neutral headers are the fix. */
  readonly stack: StackId | null;
  readonly detected: boolean;
  readonly layer: LayerSummary | null;
  readonly fix: StackFix | null;
  readonly neutral: NeutralFix | null;
  readonly clientChanges: ReadonlyArray<{ code: string; title: string; text: string }>;
  readonly lint: ReadonlyArray<{ code: string; severity: string; title: string }>;
}

/**
 * `stack` is a stack id, or "auto" for the stack of the layer that lacks the headers (layer.ts aims
 * detection at it); none when nothing tells: never a default.
 */
export function fixFor(
  captured: { readonly exchange: Exchange },
  diagnosis: Diagnosis,
  stack: StackId | "auto",
): FixSummary | null {
  const planned = planFix(captured.exchange, diagnosis);
  if (!planned) return null;
  const guess = detectStacks(captured.exchange, new Set(STACK_IDS), diagnosis)[0];
  const layer = guess?.layer ?? null;
  const plan = aimPlan(planned, layer);
  const chosen = stack === "auto" ? (guess?.stack ?? null) : stack;
  // A CDN's own error page: the application's CORS is not what failed, so auto offers no snippet.
  const ownErrorPage = stack === "auto" && layer?.layer === "cdn" && layer.stack === undefined;
  const helps = plan.serverChangeHelps && !ownErrorPage;
  return {
    stack: chosen,
    detected: chosen !== null && guess?.stack === chosen,
    layer: layerSummary(layer),
    fix: helps && chosen ? generateFix(plan, chosen) : null,
    neutral: helps ? neutralFix(plan) : null,
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
