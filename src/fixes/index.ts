/** Fix suggestions: the smallest safe change for the server's stack, with the real values filled in. */

import { STACK_GENERATORS, STACK_IDS, type StackId } from "./registry.js";
import type { FixPlan, SnippetLanguage } from "./types.js";
import { type Verification, verificationOf } from "./verified.js";

export { detectStacks, proxyHints, type StackGuess } from "./detect.js";
export {
  aimPlan,
  type BodyLookup,
  type FixLayer,
  identifyResponders,
  inferFixLayer,
  LAYER_WHY_CODES,
  type Layer,
  type LayerWhy,
  type LayerWhyArgsByCode,
  type LayerWhyCode,
  type Responder,
} from "./layer.js";
export { LINT_CODES, type LintCode, type LintFinding, type LintSeverity, lintPolicy } from "./lint.js";
export { planFix, SAFE_MAX_AGE } from "./plan.js";
export { STACK_GENERATORS, STACK_IDS, type StackId } from "./registry.js";
export * from "./types.js";
export {
  NOT_VERIFIED_REASONS,
  VERIFIED_STACKS,
  type Verification,
  verificationOf,
} from "./verified.js";

/** One stack's change. */
export interface StackFix {
  readonly stack: StackId;
  readonly label: string;
  readonly language: SnippetLanguage;
  /** Where the change goes (file, order relative to auth/routing), one or two sentences. */
  readonly where: string;
  readonly snippet: string;
  /** Known traps of this stack relevant to this failure. */
  readonly traps: readonly string[];
  /** True when CI applies this generator's output to a real server and replays the failure; "emulator" when to an emulator of the service. */
  readonly verified: Verification;
  /** Only for the proxy alternatives: the API belongs to someone else. */
  readonly alternative: boolean;
}

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
    verified: verificationOf(stack),
    alternative: generator.alternative === true,
  };
}

/** The fix for every stack, in the registry's order. */
export function generateFixes(plan: FixPlan): StackFix[] {
  return STACK_IDS.map((stack) => generateFix(plan, stack));
}
export {
  type DiagnosedExchange,
  mergeServerPolicies,
  type ServerPlan,
  type ServerRequest,
  type TargetedChange,
  type TargetedChangeCode,
  targetedFix,
} from "./merge.js";
export { type NeutralFix, type NeutralHeader, neutralFix } from "./neutral.js";
export { type ServerFix, ServerFixAccumulator, serverFixes } from "./server-fix.js";
