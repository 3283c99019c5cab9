/** Whether one probed rule holds: the browser's verdict (the engine's) against what the rule wants. */

import type { Diagnosis } from "../engine/index.js";

export type RuleKind = "allow" | "block";

export type RuleOutcome =
  /** The browser does what the rule wants. */
  | "holds"
  /** An allow rule the browser would block. */
  | "needed-but-blocked"
  /** A block rule the browser would let through: that origin can read the responses. */
  | "must-be-blocked-but-allowed"
  /** The engine cannot decide from the answers (its reasons are in the diagnosis). */
  | "undecided"
  /** The server did not answer (a network error, a timeout). */
  | "no-answer";

export function judgeRule(kind: RuleKind, diagnosis: Diagnosis): RuleOutcome {
  switch (diagnosis.verdict) {
    case "network-error":
      return "no-answer";
    case "unknown":
      return "undecided";
    case "allowed":
    // A probe is always cross-origin; "not-cors" would mean the page reads the answer as its own.
    case "not-cors":
      return kind === "allow" ? "holds" : "must-be-blocked-but-allowed";
    case "blocked":
      return kind === "allow" ? "needed-but-blocked" : "holds";
  }
}

/** Outcomes that make `check` exit 1. */
export function isViolation(outcome: RuleOutcome): boolean {
  return outcome === "needed-but-blocked" || outcome === "must-be-blocked-but-allowed" || outcome === "undecided";
}
