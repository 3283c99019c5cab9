/**
 * Turning a diagnosis context into the `Diagnosis` the engine returns, and the two diagnoses
 * that need no context (not CORS at all, or unknown before anything could be checked).
 */

import type { CurrentCorsErrorName } from "../fetch/cors-error.js";
import type {
  Diagnosis,
  DiagnosisAlternative,
  Exchange,
  Finding,
  FiveQuestions,
  Leg,
  ModeAnswer,
  Severity,
  Sourced,
  Verdict,
} from "../types.js";
import { CODE_INFO, type FindingArgsByCode, isUnknownReason } from "./codes.js";
import type { DiagnosisContext } from "./context.js";
import { fiveQuestions, modeAnswer } from "./five-questions.js";

export interface VerdictFacts {
  readonly verdict: Verdict;
  /** Chromium's CorsError for a `blocked` verdict, else null. */
  readonly corsError?: CurrentCorsErrorName | null;
  /** Chromium's failedParameter; "" when a corsError is set without one. */
  readonly failedParameter?: string | null;
  readonly leg: Leg | null;
  readonly hop: number;
  /** The other readings the capture cannot rule out (diagnosis/credentials.ts). */
  readonly alternatives?: readonly DiagnosisAlternative[];
}

export function assemble(ctx: DiagnosisContext, facts: VerdictFacts): Diagnosis {
  const { verdict, leg, hop } = facts;
  const corsError = facts.corsError ?? null;
  const credentials = ctx.credentials;
  const unknownReasons =
    verdict === "unknown" ? ctx.findings.filter((f) => isUnknownReason(f.code)).map((f) => f.code) : [];
  let questions: FiveQuestions | null = null;
  return {
    verdict,
    corsError,
    failedParameter: corsError === null ? null : (facts.failedParameter ?? ""),
    leg,
    hop,
    findings: sortFindings(ctx.findings),
    // Answered on first read: only explanations use the five answers, and a large capture's
    // summary never reads them. Like diagnose(), the answers never throw.
    get questions(): FiveQuestions {
      if (questions === null) {
        try {
          questions = fiveQuestions(ctx, credentials, leg, hop);
        } catch {
          questions = emptyQuestions(ctx.exchange, ctx.initiatorOrigin.value, ctx.initiatorOrigin.source);
        }
      }
      return questions;
    },
    unknownReasons,
    alternatives: facts.alternatives ?? [],
  };
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, cause: 1, warning: 2, info: 3 };

/** Most severe first; findings of one severity keep the order they were found in. */
function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

type UnknownCode = "UNKNOWN_MALFORMED_ENTRY" | "UNKNOWN_INITIATOR_ORIGIN";

/** `unknown` before any check could run: the input is malformed, or the page's origin is unknown. */
export function unknownDiagnosis<C extends UnknownCode>(
  code: C,
  args: FindingArgsByCode[C],
  exchange: Exchange | null,
): Diagnosis {
  const finding = { code, severity: CODE_INFO[code].severity, args, evidence: [] } as Finding;
  return {
    verdict: "unknown",
    corsError: null,
    failedParameter: null,
    leg: null,
    hop: 0,
    findings: [finding],
    questions: emptyQuestions(exchange, null, "unknown"),
    unknownReasons: [code],
    alternatives: [],
  };
}

type NotCorsCode =
  | "NOT_CORS_SAME_ORIGIN"
  | "NOT_CORS_NO_CORS_MODE"
  | "NOT_CORS_NAVIGATION"
  | "NOT_CORS_NON_HTTP_SCHEME"
  | "NOT_CORS_WEBSOCKET";

/** A request CORS does not apply to. The finding's `url` is the first hop's. */
export function notCorsDiagnosis<C extends NotCorsCode>(
  code: C,
  exchange: Exchange,
  origin: Sourced<string> | null,
  args: Omit<FindingArgsByCode[C], "url">,
): Diagnosis {
  const url = exchange.hops[0]?.request.url ?? "";
  // What the request's mode was inferred from (capture/mode.ts), for the codes it decides.
  const evidence =
    code === "NOT_CORS_SAME_ORIGIN" || code === "NOT_CORS_NON_HTTP_SCHEME" ? [] : (exchange.modeEvidence ?? []);
  const finding = { code, severity: CODE_INFO[code].severity, args: { url, ...args }, evidence } as Finding;
  return {
    verdict: "not-cors",
    corsError: null,
    failedParameter: null,
    leg: null,
    hop: 0,
    findings: [finding],
    questions: emptyQuestions(exchange, origin?.value ?? null, origin?.source ?? "unknown"),
    unknownReasons: [],
    alternatives: [],
  };
}

/** The five answers when there is nothing to answer from (but the request's mode, when known). */
export function emptyQuestions(exchange: Exchange | null, origin: string | null, source: string): FiveQuestions {
  return {
    mode: exchange ? safeModeAnswer(exchange) : UNREADABLE_MODE,
    origin: { value: origin, source, inferred: true, tainted: false, evidence: [] },
    allowedOrigin: { value: null, leg: null, hop: 0, evidence: [] },
    match: { result: "not-applicable", diff: null },
    preflight: {
      required: false,
      triggers: [],
      state: "not-needed",
      status: null,
      handled: null,
      producer: exchange?.producer ?? "unknown",
      evidence: [],
    },
    credentials: {
      mode: null,
      source: "unknown",
      inferred: true,
      cookieSent: false,
      authorizationSent: false,
      allowCredentials: null,
      serverAllows: null,
      evidence: [],
    },
  };
}

const UNREADABLE_MODE: ModeAnswer = {
  value: null,
  source: "unknown",
  inferred: true,
  evidence: [],
  unknownReason: "the capture could not be read",
};

/** An exchange that reached `unknown` as malformed may have any shape. */
function safeModeAnswer(exchange: Exchange): ModeAnswer {
  try {
    const answer = modeAnswer(exchange);
    return Array.isArray(answer.evidence) ? answer : { ...answer, evidence: [] };
  } catch {
    return UNREADABLE_MODE;
  }
}
