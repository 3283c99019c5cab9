/** The words of `cors-doctor check` and `har --emit-policy`: each rule and each outcome. */

import type { PolicyRequest, RuleKind, RuleOutcome } from "../policy/index.js";

/** "POST /items from https://app.example with content-type, x-request-id, with credentials". */
export function describePolicyRequest(rule: PolicyRequest): string {
  const headers = rule.headers.length > 0 ? ` with ${rule.headers.join(", ")}` : "";
  const credentials = rule.credentials ? ", with credentials" : "";
  return `${rule.method} ${rule.path} from ${rule.origin}${headers}${credentials}`;
}

export const RULE_KIND_TEXT: Readonly<Record<RuleKind, string>> = {
  allow: "must be allowed",
  block: "must stay blocked",
};

export const RULE_OUTCOME_TEXT: Readonly<Record<RuleOutcome, string>> = {
  holds: "holds",
  "needed-but-blocked": "needed, but the browser would block it",
  "must-be-blocked-but-allowed": "must stay blocked, but the browser lets this origin read the response",
  undecided: "undecided: the answers do not settle what the browser would do",
  "no-answer": "no answer from the server",
};

/** A rule not sent because its server already failed to answer. */
export const RULE_SKIPPED_TEXT = "not sent: the server did not answer an earlier request";

export function policyCheckSummary(totals: {
  readonly rules: number;
  readonly violations: number;
  readonly noAnswer: number;
}): string {
  if (totals.noAnswer > 0)
    return `Could not check the policy: ${totals.noAnswer} of ${totals.rules} rules got no answer${totals.violations > 0 ? `, and ${totals.violations} ${totals.violations === 1 ? "violation" : "violations"} found` : ""}.`;
  return totals.violations === 0
    ? `The policy holds: ${totals.rules} ${totals.rules === 1 ? "rule" : "rules"} checked.`
    : `${totals.violations} of ${totals.rules} rules violated.`;
}

export function emittedPolicySummary(servers: number, allow: number, block: number, file: string): string {
  return `Wrote ${file}: ${servers} ${servers === 1 ? "server" : "servers"}, ${allow} ${allow === 1 ? "request" : "requests"} to allow, ${block} ${block === 1 ? "origin" : "origins"} to keep blocked.`;
}

/** `har --emit-policy` on a capture without a cross-origin request from a known page. */
export const EMPTY_POLICY_NOTE =
  "the capture has no cross-origin request from a known page origin: the policy has no rules (`check` refuses it)";
