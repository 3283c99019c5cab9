/**
 * What the capture does not record but the diagnosis needs: the page's origin, the request's
 * credentials mode, and what the browser's own outcome says about either.
 */

import { getHeader, headerListHas } from "../fetch/header-list.js";
import type { CredentialsMode, Exchange, Hop, Sourced } from "../types.js";
import { addFinding, type DiagnosisContext } from "./context.js";
import { responseMissing, type SimulationOutcome, simulate } from "./simulate.js";

/**
 * The initiator origin: what the capture says, else the first `Origin` the browser sent that is
 * not "null" (a preflight's request is always recorded in full).
 */
export function resolveInitiatorOrigin(exchange: Exchange): Sourced<string> | null {
  if (exchange.initiatorOrigin) return exchange.initiatorOrigin;
  for (const hop of exchange.hops) {
    for (const headers of [hop.preflight?.request.headers, hop.request.headers]) {
      const origin = headers ? getHeader(headers, "Origin") : null;
      if (origin && origin !== "null") return { value: origin, source: "origin-header", inferred: false };
    }
  }
  return null;
}

/**
 * https://fetch.spec.whatwg.org/#concept-request-credentials-mode
 * HAR does not record it. Cookies on a cross-origin request are only sent in "include" mode;
 * an `Authorization` header the preflight did not announce came from the browser's HTTP-auth
 * cache, which is also only used in "include" mode. A font is always fetched in "same-origin" mode
 * (https://drafts.csswg.org/css-fonts/#font-fetching-requirements). Otherwise assume the default,
 * "same-origin", with source "default": nothing evidences it (diagnosis/credentials.ts).
 */
export function resolveCredentialsMode(exchange: Exchange): Sourced<CredentialsMode> {
  if (exchange.credentialsMode) return exchange.credentialsMode;
  if (exchange.resourceType === "font") return { value: "same-origin", source: "resource-type", inferred: true };
  for (const hop of exchange.hops) {
    if (!hop.request.provisionalHeaders && getHeader(hop.request.headers, "Cookie") !== null) {
      return { value: "include", source: "cookie-sent", inferred: true };
    }
    if (
      hop.preflight &&
      !hop.request.provisionalHeaders &&
      getHeader(hop.request.headers, "Authorization") !== null &&
      !headerListHas(hop.preflight.request.headers, "Access-Control-Request-Headers", "authorization")
    ) {
      return { value: "include", source: "http-auth-sent", inferred: true };
    }
  }
  return { value: "same-origin", source: "default", inferred: true };
}

/**
 * The browser recorded a failure where the headers pass without credentials: credentials must
 * have been included (HAR never records the mode). Re-runs the checks as "include" to find which
 * one failed; when one does, that outcome replaces the first and the context's credentials say so.
 * A redirect the browser did not follow counts too when the request was an XHR: XHR always
 * follows redirects (no redirect: "error" as fetch has), so only credentials can have stopped it.
 */
export function inferCredentialsFromFailure(ctx: DiagnosisContext, outcome: SimulationOutcome): SimulationOutcome {
  const { credentials } = ctx;
  if (
    !credentials.inferred ||
    credentials.value === "include" ||
    (outcome.kind !== "allowed" &&
      outcome.kind !== "response-missing" &&
      !(outcome.kind === "redirect-not-followed" && ctx.exchange.resourceType === "xhr")) ||
    !browserRecordedFailure(ctx.hops, outcome)
  ) {
    return outcome;
  }
  const withCredentials = simulate(ctx.hops, ctx.plans, "include", ctx.mode);
  if (withCredentials.kind !== "blocked") return outcome;
  ctx.credentials = { value: "include", source: "failure-pattern", inferred: true };
  addFinding(ctx, "CREDENTIALS_INFERRED_FROM_FAILURE", {});
  return withCredentials;
}

/** Did the browser record a failure for the hop where the simulation stopped (or the last hop)? */
export function browserRecordedFailure(hops: readonly Hop[], outcome: SimulationOutcome): boolean {
  const index = outcome.kind === "allowed" || outcome.kind === "same-origin" ? hops.length - 1 : outcome.hop;
  const hop = hops[index];
  if (!hop) return false;
  if (outcome.kind === "response-missing") {
    // The actual request was never sent although its preflight passed: the browser rejected the
    // preflight, so a check we could not run (credentials) must have failed.
    return outcome.leg !== "preflight" && outcome.preflightPassed && hop.response.outcome.state === "failed";
  }
  return hop.response.outcome.state === "failed";
}

/** Did the browser record success where the headers fail? (An extension or tool bypassing CORS.) */
export function browserRecordedSuccess(
  hops: readonly Hop[],
  outcome: SimulationOutcome & { kind: "blocked" },
): boolean {
  const hop = hops[outcome.hop];
  if (!hop) return false;
  if (outcome.leg === "preflight") {
    return hop.response.outcome.state === "completed" && hop.response.status !== 0 && !responseMissing(hop);
  }
  return hop.response.outcome.state === "completed";
}
