/**
 * The five debugging questions, answered from the exchange and the verdict: my origin, the
 * allowed origin, whether they match, the preflight, and credentials.
 */

import { isRedirectStatus } from "../fetch/cors-check.js";
import { getHeader, headerListHas } from "../fetch/header-list.js";
import { diffOrigins, parseUrl } from "../fetch/origin.js";
import type {
  CredentialsMode,
  Evidence,
  Exchange,
  FiveQuestions,
  Hop,
  Leg,
  ModeAnswer,
  OriginMatch,
  Sourced,
} from "../types.js";
import type { DiagnosisContext } from "./context.js";
import { requestEvidence, responseEvidence, statusLine } from "./evidence.js";
import { type HopPlan, responseMissing, simulate } from "./simulate.js";

export function fiveQuestions(
  ctx: DiagnosisContext,
  credentials: Sourced<CredentialsMode>,
  leg: Leg | null,
  hopIndex: number,
): FiveQuestions {
  const plans = ctx.plans;
  const hop = ctx.hops[hopIndex] ?? (ctx.hops[0] as Hop);
  const plan = plans[hopIndex];
  const decidingLeg: Leg = leg ?? (hopIndex === ctx.hops.length - 1 ? "actual" : "redirect");
  const decidingResponse =
    decidingLeg === "preflight"
      ? hop.preflight?.response
      : responseMissing(hop)
        ? hop.preflight?.response
        : hop.response;
  const responseLeg: Leg =
    decidingLeg === "preflight" || (responseMissing(hop) && hop.preflight) ? "preflight" : decidingLeg;
  const allowOrigin = decidingResponse ? getHeader(decidingResponse.headers, "Access-Control-Allow-Origin") : null;
  const serializedOrigin = plan?.serializedOrigin ?? ctx.initiatorOrigin.value;

  // 1. What is my origin?
  const originEvidence = [
    ...requestEvidence(ctx.hops, hopIndex, ["origin"], "preflight"),
    ...requestEvidence(ctx.hops, hopIndex, ["origin"]),
  ];

  // 3. Do they match?
  let result: OriginMatch;
  if (!plan || plan.sameOriginBasic || !decidingResponse || decidingResponse.status === 0) result = "not-applicable";
  else if (allowOrigin === null) result = "missing";
  else if (allowOrigin === "*") result = "wildcard";
  else if (allowOrigin === serializedOrigin) result = "exact";
  else if (/[ ,]/.test(allowOrigin)) result = "multiple";
  else if (allowOrigin !== "null" && parseUrl(allowOrigin) === null) result = "invalid";
  else result = "mismatch";
  const diff =
    result === "mismatch" || result === "invalid" || result === "multiple"
      ? diffOrigins(serializedOrigin, allowOrigin ?? "")
      : null;

  // 4. Is a preflight triggered, and did the server handle OPTIONS?
  const firstCors = plans.find((p) => !p.sameOriginBasic);
  const preflightPlan = plan && !plan.sameOriginBasic ? plan : firstCors;
  const preflightHop = preflightPlan ? (ctx.hops[preflightPlan.index] as Hop) : hop;
  const pre = preflightHop.preflight;
  let handled: FiveQuestions["preflight"]["handled"] = null;
  if (pre) {
    const preflightResult = preflightPlan
      ? simulatedPreflight(ctx, preflightPlan, preflightHop, credentials.value)
      : null;
    if (pre.response.outcome.state === "failed" && pre.response.outcome.errorText && pre.response.status === 0)
      handled = "network-error";
    else if (isRedirectStatus(pre.response.status)) handled = "redirected";
    else if (getHeader(pre.response.headers, "Access-Control-Allow-Origin") === null) handled = "no-cors-headers";
    else if (pre.response.status < 200 || pre.response.status > 299) handled = "bad-status";
    else handled = preflightResult === false ? "no-cors-headers" : "ok";
  }
  const preflightEvidence: Evidence[] = pre
    ? [
        ...requestEvidence(
          ctx.hops,
          preflightHop === hop ? hopIndex : (preflightPlan?.index ?? 0),
          ["access-control-request-method", "access-control-request-headers"],
          "preflight",
        ),
        statusLine(preflightPlan?.index ?? 0, "preflight", pre.response.status),
      ]
    : [];

  // 5. Credentials.
  const cookieSent = ctx.hops.some((h) => getHeader(h.request.headers, "Cookie") !== null);
  const authorizationSent = ctx.hops.some(
    (h) =>
      getHeader(h.request.headers, "Authorization") !== null ||
      headerListHas(h.preflight?.request.headers ?? [], "Access-Control-Request-Headers", "authorization"),
  );
  const acac = decidingResponse ? getHeader(decidingResponse.headers, "Access-Control-Allow-Credentials") : null;
  let serverAllows: boolean | null = null;
  if (decidingResponse && decidingResponse.status !== 0 && plan && !plan.sameOriginBasic) {
    serverAllows = credentials.value !== "include" || (allowOrigin !== "*" && allowOrigin !== null && acac === "true");
  }

  return {
    mode: modeAnswer(ctx.exchange),
    origin: {
      value: serializedOrigin,
      source: ctx.initiatorOrigin.source,
      inferred: ctx.initiatorOrigin.inferred,
      tainted: plan?.tainted ?? false,
      evidence: originEvidence,
    },
    allowedOrigin: {
      value: allowOrigin,
      leg: decidingResponse ? responseLeg : null,
      hop: hopIndex,
      evidence: decidingResponse
        ? responseEvidence(ctx.hops, hopIndex, responseLeg, "Access-Control-Allow-Origin")
        : [],
    },
    match: { result, diff },
    preflight: {
      required: preflightPlan?.preflightRequired ?? false,
      triggers: preflightPlan?.triggers ?? [],
      state:
        !preflightPlan?.preflightRequired && !pre
          ? "not-needed"
          : pre
            ? "paired"
            : preflightHop.preflightState === "unknown"
              ? "unknown"
              : "not-captured",
      status: pre ? pre.response.status : null,
      handled,
      producer: ctx.exchange.producer ?? "unknown",
      evidence: preflightEvidence,
    },
    credentials: {
      mode: credentials.value,
      source: credentials.source,
      inferred: credentials.inferred,
      cookieSent,
      authorizationSent,
      allowCredentials: acac,
      serverAllows,
      evidence: [
        ...ctx.hops.flatMap((_, i) => requestEvidence(ctx.hops, i, ["cookie"])),
        ...(decidingResponse
          ? responseEvidence(ctx.hops, hopIndex, responseLeg, "Access-Control-Allow-Credentials")
          : []),
      ],
    },
  };
}

/**
 * 0. Is this a CORS request? The mode capture/mode.ts inferred and its evidence; without one, the
 * engine checks the request as CORS (context.ts), and says so (`assumed`), or why it cannot tell.
 */
export function modeAnswer(exchange: Exchange): ModeAnswer {
  const mode = exchange.mode;
  const evidence = exchange.modeEvidence ?? [];
  if (mode) return { value: mode.value, source: mode.source, inferred: mode.inferred, evidence, unknownReason: null };
  const reason = exchange.modeUnknownReason ?? null;
  return reason
    ? { value: null, source: "unknown", inferred: true, evidence, unknownReason: reason }
    : { value: "cors", source: "assumed", inferred: true, evidence, unknownReason: null };
}

/** Whether the preflight of a hop passes for the given credentials mode (false when it fails). */
function simulatedPreflight(
  ctx: DiagnosisContext,
  plan: HopPlan,
  hop: Hop,
  credentialsMode: CredentialsMode,
): boolean | null {
  const outcome = simulate([hop], [{ ...plan, index: 0, leg: "actual" }], credentialsMode, ctx.mode);
  if (outcome.kind === "blocked") return outcome.leg !== "preflight";
  return true;
}
