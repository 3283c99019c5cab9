/** What `cors-doctor check` prints: text (violations in detail), JSON, and the words of each result. */

import pc from "picocolors";
import type { Diagnosis } from "../engine/index.js";
import {
  AUDIT_TEXT,
  describePolicyRequest,
  explainCorsError,
  headline,
  policyCheckSummary,
  RULE_KIND_TEXT,
  RULE_OUTCOME_TEXT,
  RULE_SKIPPED_TEXT,
} from "../explain/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import {
  type BlockRule,
  isViolation,
  type PolicyFile,
  type PolicyRequest,
  type RuleKind,
  type RuleOutcome,
} from "../policy/index.js";
import type { AuditSeverity } from "./audit.js";

export interface CheckResult {
  /** The server as captured (the policy's name for it). */
  readonly server: string;
  /** Where the request went (after --base-url). */
  readonly url: string;
  readonly kind: RuleKind;
  readonly rule: PolicyRequest | BlockRule;
  readonly outcome: RuleOutcome | "skipped";
  /** The engine's diagnosis of the answers; null when the rule was not sent. */
  readonly diagnosis: Diagnosis | null;
  /** For a block rule let through: the audit's severity. */
  readonly severity: AuditSeverity | null;
}

export interface CheckTotals {
  readonly rules: number;
  readonly holds: number;
  readonly violations: number;
  readonly noAnswer: number;
}

export function checkTotals(results: readonly CheckResult[]): CheckTotals {
  return {
    rules: results.length,
    holds: results.filter((r) => r.outcome === "holds").length,
    violations: results.filter((r) => r.outcome !== "skipped" && isViolation(r.outcome)).length,
    noAnswer: results.filter((r) => r.outcome === "no-answer" || r.outcome === "skipped").length,
  };
}

/** One line naming the rule: "must stay blocked: GET /items from null, with credentials". */
export function ruleTitle(result: CheckResult): string {
  return `${RULE_KIND_TEXT[result.kind]}: ${describePolicyRequest(result.rule)}`;
}

/** Why a result is not "holds", in the engine's words; empty when it holds. */
export function resultWords(result: CheckResult): { readonly headline: string; readonly explanation: string } {
  const { diagnosis } = result;
  if (result.outcome === "skipped") return { headline: RULE_SKIPPED_TEXT, explanation: "" };
  if (result.outcome === "holds" || !diagnosis) return { headline: "", explanation: "" };
  if (result.outcome === "must-be-blocked-but-allowed") {
    const text = AUDIT_TEXT[(result.rule as BlockRule).class];
    return { headline: `${RULE_OUTCOME_TEXT[result.outcome]}: ${text.title}`, explanation: text.explain };
  }
  const cors = diagnosis.corsError ? explainCorsError(diagnosis.corsError, diagnosis.failedParameter) : null;
  return {
    headline: `${RULE_OUTCOME_TEXT[result.outcome]}: ${headline(diagnosis)}`,
    explanation: cors ? `${diagnosis.corsError}: ${cors.text}` : "",
  };
}

export function renderCheckJson(path: string, policy: PolicyFile, results: readonly CheckResult[]): string {
  const totals = checkTotals(results);
  return JSON.stringify(
    {
      policy: path,
      capture: policy.capture,
      holds: totals.violations === 0 && totals.noAnswer === 0,
      totals,
      results: results.map((result) => {
        const words = resultWords(result);
        return {
          server: result.server,
          url: result.url,
          kind: result.kind,
          rule: result.rule,
          outcome: result.outcome,
          verdict: result.diagnosis?.verdict ?? null,
          corsError: result.diagnosis?.corsError ?? null,
          failedParameter: result.diagnosis?.failedParameter ?? null,
          leg: result.diagnosis?.leg ?? null,
          severity: result.severity,
          headline: words.headline || null,
          explanation: words.explanation || null,
        };
      }),
    },
    null,
    2,
  );
}

const SEVERITY_COLOR = { high: pc.red, medium: pc.yellow, low: pc.cyan, info: pc.dim } as const;

function badge(result: CheckResult): string {
  if (result.severity) return SEVERITY_COLOR[result.severity](result.severity.toUpperCase().padEnd(6));
  if (result.outcome === "holds") return pc.green("ok    ");
  if (result.outcome === "no-answer" || result.outcome === "skipped") return pc.yellow("ERROR ");
  return pc.red("FAIL  ");
}

export function renderCheckText(
  path: string,
  policy: PolicyFile,
  results: readonly CheckResult[],
  targets: ReadonlyMap<string, string>,
): string {
  const lines = [
    `Checking ${terminalSafe(path)} (from the capture ${terminalSafe(policy.capture.file)}): ${policy.servers.length} ${policy.servers.length === 1 ? "server" : "servers"}, ${results.length} rules.`,
  ];
  for (const server of policy.servers) {
    const own = results.filter((r) => r.server === server.server);
    const target = targets.get(server.server);
    lines.push("", pc.bold(terminalSafe(target ? `${server.server} → ${target}` : server.server)));
    for (const result of own) {
      if (result.outcome === "holds") continue;
      const words = resultWords(result);
      lines.push(`  ${badge(result)}${terminalSafe(ruleTitle(result))}`);
      lines.push(`        ${terminalSafe(words.headline)}`);
      if (words.explanation) lines.push(pc.dim(`        ${terminalSafe(words.explanation)}`));
    }
    const holding = own.filter((r) => r.outcome === "holds").length;
    lines.push(`  ${holding} of ${own.length} rules hold.`);
  }
  const totals = checkTotals(results);
  lines.push("", policyCheckSummary(totals));
  return lines.join("\n");
}
