/**
 * Warnings: things that work today but are wrong or fragile. One rule per code, run in table
 * order for every hop that went through CORS.
 */

import { isRedirectStatus } from "../fetch/cors-check.js";
import { getHeader, headerListHas } from "../fetch/header-list.js";
import { PREFLIGHT_CACHE_CAPS, type PreflightCheckResult } from "../fetch/preflight.js";
import type { Evidence, Hop, Leg, Severity } from "../types.js";
import type { DiagnosisCode, FindingArgsByCode } from "./codes.js";
import { addFinding, type DiagnosisContext } from "./context.js";
import { requestEvidence, responseEvidence } from "./evidence.js";
import { type HopPlan, responseMissing } from "./simulate.js";

/** What a rule looks at: one hop that went through CORS, and its preflight's result if any. */
interface HopUnderCheck {
  readonly ctx: DiagnosisContext;
  readonly plan: HopPlan;
  readonly hop: Hop;
  readonly preflight: PreflightCheckResult | undefined;
}

interface Found<C extends DiagnosisCode> {
  readonly args: FindingArgsByCode[C];
  readonly evidence: readonly Evidence[];
  readonly severity?: Severity;
}

interface WarningRule {
  readonly code: DiagnosisCode;
  readonly apply: (input: HopUnderCheck) => void;
}

function rule<C extends DiagnosisCode>(code: C, find: (input: HopUnderCheck) => readonly Found<C>[]): WarningRule {
  return {
    code,
    apply: (input) => {
      for (const found of find(input)) addFinding(input.ctx, code, found.args, found.evidence, found.severity);
    },
  };
}

/** The responses of a hop that were recorded, preflight first. */
function recordedResponses(plan: HopPlan, hop: Hop): Array<[Leg, Hop["response"]]> {
  const responses: Array<[Leg, Hop["response"]]> = [];
  if (hop.preflight && hop.preflight.response.status !== 0) responses.push(["preflight", hop.preflight.response]);
  if (!responseMissing(hop)) responses.push([plan.leg, hop.response]);
  return responses;
}

/** `Vary: Origin` (or `Vary: *`) on a response whose ACAO depends on the request. */
function varyCoversOrigin(headers: Hop["response"]["headers"]): boolean {
  return headerListHas(headers, "Vary", "origin") || headerListHas(headers, "Vary", "*");
}

export const WARNING_RULES: readonly WarningRule[] = [
  // https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name: `*` never covers it.
  rule("AUTHORIZATION_COVERED_BY_WILDCARD_ONLY", ({ ctx, plan, preflight }) =>
    preflight?.ok && preflight.authorizationCoveredByWildcardOnly
      ? [{ args: {}, evidence: responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Allow-Headers") }]
      : [],
  ),

  rule("MAX_AGE_ABOVE_CAP", ({ ctx, plan, preflight }) => {
    if (!preflight?.ok) return [];
    const requested = preflight.maxAge.requested;
    if (requested === null || requested <= PREFLIGHT_CACHE_CAPS.chromium) return [];
    const args = {
      requested,
      chromium: PREFLIGHT_CACHE_CAPS.chromium,
      firefox: preflight.maxAge.effective.firefox,
      safari: PREFLIGHT_CACHE_CAPS.safari,
    };
    return [{ args, evidence: responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Max-Age") }];
  }),

  rule("WILDCARD_WITH_ALLOW_CREDENTIALS", ({ ctx, plan, hop }) =>
    recordedResponses(plan, hop)
      .filter(
        ([, response]) =>
          getHeader(response.headers, "Access-Control-Allow-Origin") === "*" &&
          getHeader(response.headers, "Access-Control-Allow-Credentials") === "true",
      )
      .map(([leg]) => ({
        args: { leg },
        evidence: [
          ...responseEvidence(ctx.hops, plan.index, leg, "Access-Control-Allow-Origin"),
          ...responseEvidence(ctx.hops, plan.index, leg, "Access-Control-Allow-Credentials"),
        ],
      })),
  ),

  // A response whose ACAO names one origin must say it varies by Origin, or shared caches will
  // hand it to other origins.
  rule("VARY_ORIGIN_MISSING", ({ ctx, plan, hop }) => {
    const legs: Leg[] = [];
    let evidence: Evidence[] = [];
    let allowOrigin = "";
    for (const [leg, response] of recordedResponses(plan, hop)) {
      const acao = getHeader(response.headers, "Access-Control-Allow-Origin");
      if (acao === null || acao === "*" || varyCoversOrigin(response.headers) || isRedirectStatus(response.status)) {
        continue;
      }
      legs.push(leg);
      allowOrigin = acao;
      evidence = [
        ...evidence,
        ...responseEvidence(ctx.hops, plan.index, leg, "Access-Control-Allow-Origin"),
        ...responseEvidence(ctx.hops, plan.index, leg, "Vary"),
      ];
    }
    return legs.length > 0 ? [{ args: { legs, allowOrigin }, evidence }] : [];
  }),

  // Reflection of any origin with credentials: the preflight echoes every requested header and
  // method and allows the (possibly "null") origin with credentials.
  rule("CREDENTIALED_REFLECTION_SUSPECTED", ({ ctx, plan, hop }) => {
    const pre = hop.preflight;
    if (ctx.credentials.value !== "include" || !pre) return [];
    const echoes =
      getHeader(pre.response.headers, "Access-Control-Allow-Origin") === plan.serializedOrigin &&
      getHeader(pre.response.headers, "Access-Control-Allow-Credentials") === "true" &&
      (plan.serializedOrigin === "null" ||
        (getHeader(pre.response.headers, "Access-Control-Allow-Methods") ===
          getHeader(pre.request.headers, "Access-Control-Request-Method") &&
          (getHeader(pre.request.headers, "Access-Control-Request-Headers") ?? "") ===
            (getHeader(pre.response.headers, "Access-Control-Allow-Headers") ?? "")));
    if (!echoes) return [];
    const evidence = [
      ...requestEvidence(ctx.hops, plan.index, ["origin"], "preflight"),
      ...responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Allow-Origin"),
      ...responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Allow-Credentials"),
    ];
    return [{ args: { origin: plan.serializedOrigin }, evidence }];
  }),

  // Sent, but harmless so far (the preflight passed or there was none); as a root cause when the
  // preflight failed (root-causes.ts), so only when no finding names it yet.
  rule("CLIENT_SENT_CORS_RESPONSE_HEADERS", ({ ctx, plan, preflight }) => {
    const names = plan.unsafeHeaderNames.filter((n) => n.startsWith("access-control-"));
    if (names.length === 0 || preflight?.ok === false) return [];
    if (ctx.findings.some((f) => f.code === "CLIENT_SENT_CORS_RESPONSE_HEADERS")) return [];
    return [{ args: { headers: names }, evidence: requestEvidence(ctx.hops, plan.index, names), severity: "warning" }];
  }),
];

/** Runs every warning rule over every hop that went through CORS, hop by hop. */
export function collectWarnings(ctx: DiagnosisContext, preflights: ReadonlyMap<number, PreflightCheckResult>): void {
  for (const plan of ctx.plans) {
    if (plan.sameOriginBasic) continue;
    const input: HopUnderCheck = { ctx, plan, hop: ctx.hops[plan.index] as Hop, preflight: preflights.get(plan.index) };
    for (const warning of WARNING_RULES) warning.apply(input);
  }
}
