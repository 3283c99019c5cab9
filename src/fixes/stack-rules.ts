/**
 * Every stack's detection rules in one ordered table, and the matches of one response's headers
 * against it: shared by stack detection (detect.ts) and by the layer inference (layer.ts), which
 * reads each response on its own.
 */

import type { HeaderLine } from "../engine/types.js";
import { STACK_GENERATORS, STACK_IDS, type StackId } from "./registry.js";
import type { Confidence, DetectionRule } from "./types.js";

export interface StackRule extends DetectionRule {
  readonly stack: StackId;
  readonly precedence: number;
}

/**
 * Every stack's rules, most specific stack first (its `precedence`): a framework header beats the
 * proxy in front of it. Each stack's own rules keep their order.
 */
export const STACK_RULES: readonly StackRule[] = STACK_IDS.flatMap((stack) => {
  const detect = STACK_GENERATORS[stack].detect;
  return detect ? [{ stack, precedence: detect.precedence, rules: detect.rules }] : [];
})
  .sort((a, b) => a.precedence - b.precedence)
  .flatMap(({ stack, precedence, rules }) => rules.map((rule) => ({ stack, precedence, ...rule })));

export const CONFIDENCE_ORDER: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };

export interface StackMatch {
  readonly stack: StackId;
  readonly precedence: number;
  readonly confidence: Confidence;
  readonly evidence: string;
}

/** The rules one response's headers match, in table order (one entry per matching rule). */
export function matchStackRules(headers: readonly HeaderLine[]): StackMatch[] {
  const matches: StackMatch[] = [];
  for (const rule of STACK_RULES) {
    const evidence = rule.match(headers);
    if (evidence !== null)
      matches.push({ stack: rule.stack, precedence: rule.precedence, confidence: rule.confidence, evidence });
  }
  return matches;
}
