/**
 * When the capture does not evidence the credentials mode: what Chromium reports if the request
 * was sent with credentials, when that differs from the verdict without them.
 *
 * https://fetch.spec.whatwg.org/#concept-request-credentials-mode
 * HAR never records the mode. The verdict is computed for the default (fetch: "same-origin", XHR:
 * withCredentials false; both send no credentials cross-origin), and this reading is added beside
 * it. The primary answer stays the one without credentials, deliberately: every check the browser
 * runs without credentials it also runs with them (credentials only add the wildcard and
 * Access-Control-Allow-Credentials checks), so the failure found without credentials blocks the
 * request in either mode and must be fixed whatever the mode was; the credentials failure matters
 * only if the page sent credentials, and Chromium then names it first.
 */

import type { DiagnosisAlternative, Hop } from "../types.js";
import type { RequestApi } from "./codes.js";
import type { DiagnosisContext } from "./context.js";
import { responseMissing, type SimulationOutcome, simulate } from "./simulate.js";

type Blocked = SimulationOutcome & { kind: "blocked" };

/** Which script API made the request (Chromium's `_resourceType`), for the words. */
export function requestApi(ctx: DiagnosisContext): RequestApi {
  const type = ctx.exchange.resourceType;
  return type === "fetch" || type === "xhr" ? type : "unknown";
}

/**
 * The outcome with credentials included, when the capture leaves the mode open and it differs
 * from `outcome` (the outcome without them); null when the mode is evidenced, credentials change
 * nothing, or the capture shows the browser got past the point where credentials would stop it.
 */
export function credentialedReading(ctx: DiagnosisContext, outcome: SimulationOutcome): Blocked | null {
  if (ctx.credentials.source !== "default" || ctx.credentials.value === "include") return null;
  const withCredentials = simulate(ctx.hops, ctx.plans, "include", ctx.mode);
  if (withCredentials.kind !== "blocked" || withCredentials.corsError === null) return null;
  if (refutedByCapture(ctx.hops, withCredentials)) return null;
  if (
    outcome.kind === "blocked" &&
    outcome.corsError === withCredentials.corsError &&
    outcome.failedParameter === withCredentials.failedParameter &&
    outcome.leg === withCredentials.leg &&
    outcome.hop === withCredentials.hop
  ) {
    return null;
  }
  return withCredentials;
}

/**
 * True when the capture shows the browser went past where `blocked` says it stopped: the actual
 * request was answered after a preflight said to block, a later hop followed a blocking redirect,
 * or the browser recorded success. The mode that predicts it cannot have been the request's.
 */
export function refutedByCapture(hops: readonly Hop[], blocked: Blocked): boolean {
  const hop = hops[blocked.hop];
  if (!hop) return false;
  if (blocked.leg === "preflight") return !responseMissing(hop);
  if (blocked.hop < hops.length - 1) return true;
  return hop.response.outcome.state === "completed";
}

/** The reading with credentials, as a `Diagnosis` alternative. */
export function withCredentialsAlternative(blocked: Blocked): DiagnosisAlternative {
  return {
    when: "with-credentials",
    verdict: "blocked",
    corsError: blocked.corsError,
    failedParameter: blocked.corsError === null ? null : blocked.failedParameter,
    leg: blocked.leg,
    hop: blocked.hop,
  };
}
