/** The CORS contract: extracted from a capture, validated on read, judged rule by rule. */

export { type DiagnosedForPolicy, extractPolicy, type ForbiddenOrigins } from "./extract.js";
export { isViolation, judgeRule, type RuleKind, type RuleOutcome } from "./judge.js";
export { type ParsePolicyResult, parsePolicy } from "./schema.js";
export * from "./types.js";
