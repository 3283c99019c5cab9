/**
 * Why a blocked request was blocked, beyond Chromium's error name: the server-side mistake behind
 * the failed check (a route without OPTIONS, an error page without CORS headers, an origin that
 * is almost right, ...).
 */

import { byteLowercase, getHeader, getHeaderLines, getHeaderListItems } from "../fetch/header-list.js";
import { isUnnormalizedCaseVariant } from "../fetch/methods.js";
import { diffOrigins, parseUrl } from "../fetch/origin.js";
import type { Evidence, Hop, Severity } from "../types.js";
import type { DiagnosisCode, FindingArgsByCode } from "./codes.js";
import { addFinding, type DiagnosisContext } from "./context.js";
import { requestEvidence, responseEvidence, statusLine } from "./evidence.js";
import type { HopPlan, SimulationOutcome } from "./simulate.js";

type Blocked = SimulationOutcome & { kind: "blocked" };

export function collectRootCauses(ctx: DiagnosisContext, outcome: Blocked): void {
  const hop = ctx.hops[outcome.hop] as Hop;
  const plan = ctx.plans[outcome.hop] as HopPlan;
  const credentialsMode = ctx.credentials.value;
  const failedResponse = outcome.leg === "preflight" ? hop.preflight?.response : hop.response;
  const status = failedResponse?.status ?? 0;

  if (outcome.stage === "not-captured") {
    addFinding(
      ctx,
      "PREFLIGHT_NOT_CAPTURED",
      { method: hop.request.method, blocked: true, producer: ctx.exchange.producer ?? "unknown" },
      [],
      "cause",
    );
    return;
  }

  if (outcome.leg === "preflight" && hop.preflight) {
    const statusEvidence = [statusLine(outcome.hop, "preflight", status)];
    if (outcome.stage === "redirect") {
      addFinding(ctx, classifyPreflightRedirect(hop), redirectArgs(hop), [
        ...statusEvidence,
        ...responseEvidence(ctx.hops, outcome.hop, "preflight", "Location"),
      ]);
    } else if (outcome.stage === "status" || (outcome.stage === "access" && !(status >= 200 && status <= 299))) {
      const code = classifyPreflightStatus(status);
      if (code) addFinding(ctx, code, { status }, statusEvidence);
    }
  }

  if (outcome.stage === "access" && outcome.accessError) {
    collectAllowOriginCauses(ctx, plan, outcome, failedResponse?.headers ?? [], status);
  }

  if (outcome.stage === "method" && hop.preflight) {
    const methods = getHeaderListItems(hop.preflight.response.headers, "Access-Control-Allow-Methods");
    const evidence = responseEvidence(ctx.hops, outcome.hop, "preflight", "Access-Control-Allow-Methods");
    if (
      isUnnormalizedCaseVariant(hop.request.method) &&
      methods.some((m) => byteLowercase(m) === byteLowercase(hop.request.method))
    ) {
      addFinding(ctx, "METHOD_CASE_NOT_NORMALIZED", { method: hop.request.method }, evidence);
    }
    if (credentialsMode === "include" && methods.includes("*")) {
      addFinding(ctx, "WILDCARD_LITERAL_WITH_CREDENTIALS", { header: "Access-Control-Allow-Methods" }, evidence);
    }
  }

  if (outcome.stage === "header" && hop.preflight) {
    const evidence = responseEvidence(ctx.hops, outcome.hop, "preflight", "Access-Control-Allow-Headers");
    const allowHeaders = getHeaderListItems(hop.preflight.response.headers, "Access-Control-Allow-Headers");
    if (credentialsMode === "include" && allowHeaders.includes("*")) {
      addFinding(ctx, "WILDCARD_LITERAL_WITH_CREDENTIALS", { header: "Access-Control-Allow-Headers" }, evidence);
    }
    // Chromium names only the first missing name in its own check order, which the capture does
    // not record (see chromiumHeaderCheckOrder): with several missing, say which they all are.
    const allowed = new Set(allowHeaders.map(byteLowercase));
    const missing = plan.unsafeHeaderNames.filter((name) => !allowed.has(name));
    if (missing.length > 1) {
      addFinding(ctx, "SEVERAL_HEADERS_NOT_ALLOWED", { names: missing, named: outcome.failedParameter }, [
        ...requestEvidence(ctx.hops, outcome.hop, missing),
        ...evidence,
      ]);
    }
  }

  const corsRequestHeaders = plan.unsafeHeaderNames.filter((n) => n.startsWith("access-control-"));
  if (corsRequestHeaders.length > 0) {
    addFinding(
      ctx,
      "CLIENT_SENT_CORS_RESPONSE_HEADERS",
      { headers: corsRequestHeaders },
      requestEvidence(ctx.hops, outcome.hop, corsRequestHeaders),
    );
  }
}

type PreflightStatusCode =
  | "PREFLIGHT_AUTH_REJECTED"
  | "PREFLIGHT_ROUTE_MISSING"
  | "PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE"
  | "PREFLIGHT_SERVER_ERROR";

function classifyPreflightStatus(status: number): PreflightStatusCode | null {
  if (status === 401 || status === 403) return "PREFLIGHT_AUTH_REJECTED";
  if (status === 404 || status === 405 || status === 501) return "PREFLIGHT_ROUTE_MISSING";
  if (status === 400) return "PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE";
  if (status >= 500) return "PREFLIGHT_SERVER_ERROR";
  return null;
}

type PreflightRedirectCode =
  | "PREFLIGHT_REDIRECT_TRAILING_SLASH"
  | "PREFLIGHT_REDIRECT_HTTPS_UPGRADE"
  | "PREFLIGHT_REDIRECT_OTHER";

function redirectArgs(hop: Hop): FindingArgsByCode[PreflightRedirectCode] {
  return {
    from: hop.preflight?.request.url ?? hop.request.url,
    to: hop.preflight?.response.redirectURL ?? getHeader(hop.preflight?.response.headers ?? [], "Location") ?? "",
    status: hop.preflight?.response.status ?? 0,
  };
}

/** A preflight redirected by trailing-slash normalisation, an http->https upgrade, or elsewhere. */
function classifyPreflightRedirect(hop: Hop): PreflightRedirectCode {
  const fromUrl = parseUrl(hop.preflight?.request.url ?? "");
  const location = hop.preflight?.response.redirectURL ?? getHeader(hop.preflight?.response.headers ?? [], "Location");
  const toUrl = location && fromUrl ? parseUrl(location, fromUrl.href) : null;
  if (!fromUrl || !toUrl) return "PREFLIGHT_REDIRECT_OTHER";
  if (fromUrl.protocol === "http:" && toUrl.protocol === "https:" && fromUrl.hostname === toUrl.hostname) {
    return "PREFLIGHT_REDIRECT_HTTPS_UPGRADE";
  }
  const strip = (p: string) => p.replace(/\/+$/, "");
  if (
    fromUrl.origin === toUrl.origin &&
    fromUrl.pathname !== toUrl.pathname &&
    strip(fromUrl.pathname) === strip(toUrl.pathname)
  ) {
    return "PREFLIGHT_REDIRECT_TRAILING_SLASH";
  }
  return "PREFLIGHT_REDIRECT_OTHER";
}

/** What is wrong with Access-Control-Allow-Origin (or why it is missing). */
function collectAllowOriginCauses(
  ctx: DiagnosisContext,
  plan: HopPlan,
  outcome: Blocked,
  headers: Hop["response"]["headers"],
  status: number,
): void {
  const acaoLines = getHeaderLines(headers, "Access-Control-Allow-Origin");
  const acao = getHeader(headers, "Access-Control-Allow-Origin");
  const evidence = responseEvidence(ctx.hops, outcome.hop, outcome.leg, "Access-Control-Allow-Origin");

  switch (outcome.accessError) {
    case "MissingAllowOriginHeader": {
      if (outcome.leg !== "preflight") {
        const statusCode = statusWithoutCorsCode(status);
        if (statusCode) {
          addFinding(ctx, statusCode, { status }, [statusLine(outcome.hop, outcome.leg, status)]);
          break;
        }
        const hop = ctx.hops[outcome.hop] as Hop;
        if (hop.preflight && getHeader(hop.preflight.response.headers, "Access-Control-Allow-Origin") !== null) {
          addFinding(ctx, "PREFLIGHT_OK_ACTUAL_MISSING_CORS", { status }, [
            ...responseEvidence(ctx.hops, outcome.hop, "preflight", "Access-Control-Allow-Origin"),
            statusLine(outcome.hop, outcome.leg, status),
          ]);
        }
      }
      break;
    }
    case "MultipleAllowOriginValues": {
      if (acaoLines.length > 1) {
        addFinding(ctx, "DUPLICATE_ALLOW_ORIGIN", { values: acaoLines.map((l) => l.value.trim()) }, evidence);
      } else {
        addFinding(ctx, "ALLOW_ORIGIN_LIST", { value: acao ?? "" }, evidence);
      }
      if (acao) originNearMiss(ctx, plan, acao.split(",")[0]?.trim() ?? "", evidence, true);
      break;
    }
    case "AllowOriginMismatch":
    case "InvalidAllowOriginValue": {
      if (acao === null) break;
      if (acao.includes("*")) {
        addFinding(ctx, "ALLOW_ORIGIN_WILDCARD_PATTERN", { value: acao }, evidence);
        break;
      }
      if (plan.tainted) {
        addFinding(ctx, "REDIRECT_TAINTED_ORIGIN", { allowOrigin: acao, initiatorOrigin: ctx.initiatorOrigin.value }, [
          ...requestEvidence(ctx.hops, outcome.hop, ["origin"]),
          ...evidence,
        ]);
        break;
      }
      if (acao === "null") {
        addFinding(ctx, "ALLOW_ORIGIN_NULL", {}, evidence);
        break;
      }
      originNearMiss(ctx, plan, acao, evidence, false);
      break;
    }
    default:
      break;
  }
}

/** A near miss (trailing slash, port, ...) or an allow-list that names someone else. */
function originNearMiss(
  ctx: DiagnosisContext,
  plan: HopPlan,
  allowed: string,
  evidence: Evidence[],
  quiet: boolean,
): void {
  const diff = diffOrigins(plan.serializedOrigin, allowed);
  if (diff.nearMiss.length > 0) {
    addFinding(
      ctx,
      "ORIGIN_NEAR_MISS",
      { kinds: diff.nearMiss, expected: diff.expected, actual: diff.actual },
      evidence,
    );
  } else if (!quiet && allowed !== plan.serializedOrigin) {
    addFinding(ctx, "ALLOWLIST_NAMES_OTHER_ORIGIN", { allowOrigin: allowed, origin: plan.serializedOrigin }, evidence);
  }
}

type StatusWithoutCorsCode = Extract<
  DiagnosisCode,
  "GATEWAY_ERROR_WITHOUT_CORS" | "RATE_LIMITED_WITHOUT_CORS" | "SERVER_ERROR_WITHOUT_CORS" | "CLIENT_ERROR_WITHOUT_CORS"
>;

function statusWithoutCorsCode(status: number): StatusWithoutCorsCode | null {
  if (status === 502 || status === 503 || status === 504) return "GATEWAY_ERROR_WITHOUT_CORS";
  if (status === 429) return "RATE_LIMITED_WITHOUT_CORS";
  if (status >= 500) return "SERVER_ERROR_WITHOUT_CORS";
  if (status >= 400) return "CLIENT_ERROR_WITHOUT_CORS";
  return null;
}

/** Hops that needed a preflight none was captured for (info when allowed: a cached preflight). */
export function collectPreflightNotCaptured(ctx: DiagnosisContext, severity: Severity): void {
  for (const plan of ctx.plans) {
    const hop = ctx.hops[plan.index] as Hop;
    if (plan.preflightRequired && hop.preflight === null && hop.preflightState !== "unknown") {
      const args = { method: hop.request.method, blocked: false, producer: ctx.exchange.producer ?? "unknown" };
      addFinding(ctx, "PREFLIGHT_NOT_CAPTURED", args, [], severity);
    }
  }
}
