/**
 * What one diagnosis is built from, and the one way to record a finding in it.
 */

import type {
  CredentialsMode,
  Evidence,
  Exchange,
  Finding,
  FindingOf,
  Hop,
  RequestMode,
  Severity,
  Sourced,
} from "../types.js";
import { CODE_INFO, type DiagnosisCode, type FindingArgsByCode } from "./codes.js";
import type { HopPlan } from "./simulate.js";

export interface DiagnosisContext {
  readonly exchange: Exchange;
  readonly hops: readonly Hop[];
  readonly initiatorOrigin: Sourced<string>;
  readonly mode: RequestMode;
  /** Per hop: the serialized origin and whether (and why) a preflight is needed. */
  readonly plans: readonly HopPlan[];
  /** The credentials mode the verdict rests on; the verdict path may replace an inferred one. */
  credentials: Sourced<CredentialsMode>;
  readonly findings: Finding[];
}

export function createContext(
  exchange: Exchange,
  initiatorOrigin: Sourced<string>,
  plans: readonly HopPlan[],
  credentials: Sourced<CredentialsMode>,
): DiagnosisContext {
  return {
    exchange,
    hops: exchange.hops,
    initiatorOrigin,
    mode: exchange.mode?.value ?? "cors",
    plans,
    credentials,
    findings: [],
  };
}

/** Records a finding once: a second one with the same code and arguments is dropped. */
export function addFinding<C extends DiagnosisCode>(
  ctx: DiagnosisContext,
  code: C,
  args: FindingArgsByCode[C],
  evidence: readonly Evidence[] = [],
  severity: Severity = CODE_INFO[code].severity,
): void {
  if (ctx.findings.some((f) => f.code === code && JSON.stringify(f.args) === JSON.stringify(args))) return;
  const finding: FindingOf<C> = { code, severity, args, evidence };
  // FindingOf<C> is one member of the Finding union; TypeScript cannot see that for a generic C.
  ctx.findings.push(finding as Finding);
}
