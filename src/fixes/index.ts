/** Fix suggestions: the smallest safe change for the server's stack, with the real values filled in. */

import { STACK_GENERATORS } from "./registry.js";
import { type FixPlan, STACK_IDS, type StackFix, type StackId } from "./types.js";
import { VERIFIED_STACKS } from "./verified.js";

export { type Confidence, detectStacks, proxyHints, type StackGuess } from "./detect.js";
export { LINT_CODES, type LintCode, type LintFinding, type LintSeverity, lintPolicy } from "./lint.js";
export { planFix, SAFE_MAX_AGE } from "./plan.js";
export { STACK_GENERATORS } from "./registry.js";
export * from "./types.js";
export { VERIFIED_STACKS } from "./verified.js";

/** The fix for one stack. */
export function generateFix(plan: FixPlan, stack: StackId): StackFix {
  const generator = STACK_GENERATORS[stack];
  const { where, snippet, traps } = generator.generate(plan);
  return {
    stack,
    label: generator.label,
    language: generator.language,
    where,
    snippet,
    traps,
    verified: VERIFIED_STACKS.has(stack),
    alternative: generator.alternative === true,
  };
}

/** The fix for every stack, in the registry's order. */
export function generateFixes(plan: FixPlan): StackFix[] {
  return STACK_IDS.map((stack) => generateFix(plan, stack));
}
