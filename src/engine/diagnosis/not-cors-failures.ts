/**
 * Failures that are not CORS at all, though the console may say so: network errors, cancelled
 * requests, Local Network Access and mixed content.
 */

import { isRedirectStatus } from "../fetch/cors-check.js";
import type { CurrentCorsErrorName } from "../fetch/cors-error.js";
import { type AddressSpace, addressSpaceOf, isLessPublic, type ParsedUrl, parseUrl } from "../fetch/origin.js";
import type { Diagnosis, Exchange, Hop, Leg, Sourced } from "../types.js";
import { assemble, notCorsDiagnosis } from "./assemble.js";
import type { NetworkFailureCode } from "./codes.js";
import { addFinding, createContext, type DiagnosisContext } from "./context.js";
import { errorLine } from "./evidence.js";
import { resolveCredentialsMode } from "./inference.js";
import { classifyNetError, isOpaqueAbortedResponse } from "./net-errors.js";
import { planHops, responseMissing, simulate } from "./simulate.js";

export interface NetworkFailure {
  readonly kind: "network" | "aborted" | "local-network-access";
  readonly code: NetworkFailureCode | null;
  readonly hop: number;
  readonly leg: Leg;
  readonly errorText: string;
  readonly status: number;
}

/** The first recorded net error that is not the generic `net::ERR_FAILED` of a CORS block. */
export function findNetworkFailure(hops: readonly Hop[]): NetworkFailure | null {
  for (let index = 0; index < hops.length; index++) {
    const hop = hops[index] as Hop;
    const legs: Array<[Leg, Hop["response"]]> = [];
    if (hop.preflight) legs.push(["preflight", hop.preflight.response]);
    legs.push([index === hops.length - 1 ? "actual" : "redirect", hop.response]);
    for (const [leg, response] of legs) {
      const errorText = response.outcome.errorText;
      if (!errorText || response.outcome.state !== "failed") continue;
      // Chromium records a redirected preflight as net::ERR_INVALID_REDIRECT; the CORS step
      // (PreflightDisallowedRedirect) explains it, so it is not a network error.
      if (leg === "preflight" && isRedirectStatus(response.status)) continue;
      const cls = classifyNetError(errorText);
      if (cls.kind === "generic") continue;
      if (cls.kind === "network") {
        return { kind: "network", code: cls.code, hop: index, leg, errorText, status: response.status };
      }
      return { kind: cls.kind, code: null, hop: index, leg, errorText, status: response.status };
    }
  }
  return null;
}

/** A network error, diagnosed even when the page's origin is unknown. */
export function networkErrorDiagnosis(
  exchange: Exchange,
  initiatorOrigin: Sourced<string> | null,
  failure: NetworkFailure,
): Diagnosis {
  const ctx = createContext(
    exchange,
    initiatorOrigin ?? { value: "null", source: "unknown", inferred: true },
    initiatorOrigin ? planHops(exchange.hops, initiatorOrigin.value) : [],
    resolveCredentialsMode(exchange),
  );
  const evidence = [errorLine(failure.hop, failure.leg, failure.errorText)];
  if (failure.leg === "preflight") {
    addFinding(ctx, "PREFLIGHT_NETWORK_ERROR", { errorText: failure.errorText }, evidence);
  }
  addFinding(ctx, failure.code ?? "NETWORK_ERROR_OTHER", { errorText: failure.errorText, leg: failure.leg }, evidence);
  return assemble(ctx, { verdict: "network-error", leg: failure.leg, hop: failure.hop });
}

/**
 * `net::ERR_ABORTED`: the request was cancelled (navigation, AbortController, a superseded
 * request), or it was a `no-cors` request whose opaque response Chromium records as aborted.
 */
export function abortedDiagnosis(ctx: DiagnosisContext, failure: NetworkFailure): Diagnosis {
  const hop = ctx.hops[failure.hop] as Hop;
  const { exchange } = ctx;
  // Only an answered cross-origin request can be an opaque response: a preflight is never
  // no-cors, a same-origin response needs no ACAO, and Sec-Fetch-Mode: cors settles it.
  const recordedCors = exchange.mode?.value === "cors" && !exchange.mode.inferred;
  const answeredCrossOrigin =
    failure.leg !== "preflight" && failure.status > 0 && ctx.plans[failure.hop]?.sameOriginBasic === false;
  if (answeredCrossOrigin && !recordedCors) {
    if (isOpaqueAbortedResponse(failure.status, failure.errorText, hop.response.headers)) {
      return notCorsDiagnosis("NOT_CORS_NO_CORS_MODE", exchange, ctx.initiatorOrigin, {});
    }
    if (exchange.mode === null && exchange.modeUnknownReason) {
      // A CORS request reaches the page (and can be cancelled) only after passing the CORS check;
      // one that fails it even without credentials was opaque. One that passes is either.
      if (simulate(ctx.hops, ctx.plans, "omit", ctx.mode).kind !== "allowed") {
        return notCorsDiagnosis("NOT_CORS_NO_CORS_MODE", exchange, ctx.initiatorOrigin, {});
      }
      addFinding(ctx, "UNKNOWN_REQUEST_MODE", { reason: exchange.modeUnknownReason, corsCheck: "passes" });
      return assemble(ctx, { verdict: "unknown", leg: null, hop: failure.hop });
    }
  }
  addFinding(ctx, "REQUEST_ABORTED", { errorText: failure.errorText }, [
    errorLine(failure.hop, failure.leg, failure.errorText),
  ]);
  return assemble(ctx, { verdict: "network-error", leg: failure.leg, hop: failure.hop });
}

interface AddressSpaces {
  readonly client: AddressSpace;
  readonly target: AddressSpace;
  readonly secure: boolean;
}

/** Address spaces of the initiator and of the hop's target, when the target is less public. */
export function localNetworkTarget(ctx: DiagnosisContext, hopIndex: number): AddressSpaces | null {
  const hop = ctx.hops[hopIndex];
  const initiator = parseUrl(ctx.initiatorOrigin.value);
  const target = hop ? parseUrl(hop.request.url) : null;
  if (!initiator || !target || !hop) return null;
  const clientSpace = ctx.exchange.initiatorAddressSpace?.value ?? addressSpaceOfLiteral(initiator.hostname);
  const targetIp = hop.preflight?.response.serverIPAddress || hop.response.serverIPAddress || null;
  const targetSpace = targetIp ? addressSpaceOf(targetIp) : addressSpaceOfLiteral(target.hostname);
  if (clientSpace === null || targetSpace === null) return null;
  if (!isLessPublic(targetSpace, clientSpace)) return null;
  return { client: clientSpace, target: targetSpace, secure: isPotentiallyTrustworthy(initiator) };
}

/**
 * https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy for http(s) pages: https,
 * or a loopback host (127.0.0.0/8, ::1, localhost). Chromium asks for LNA permission from such a
 * page even when it counts as public (lab scenario lna-public-page-preflighted).
 */
function isPotentiallyTrustworthy(url: Pick<ParsedUrl, "protocol" | "hostname">): boolean {
  if (url.protocol === "https:") return true;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Only IP literals and names with a fixed meaning (`localhost`, `*.localhost`, and `*.local`, which
 * Local Network Access treats as local without resolving) can be classified without a resolver.
 */
function addressSpaceOfLiteral(hostname: string): AddressSpace | null {
  const host = hostname.replace(/^\[|\]$/g, "");
  const isLiteral =
    /^[0-9.]+$/.test(host) ||
    host.includes(":") ||
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local");
  return isLiteral ? addressSpaceOf(host) : null;
}

export function localNetworkDiagnosis(ctx: DiagnosisContext, hopIndex: number, leg: Leg): Diagnosis {
  const spaces = localNetworkTarget(ctx, hopIndex);
  const initiator = parseUrl(ctx.initiatorOrigin.value);
  const secure = spaces?.secure ?? (initiator !== null && isPotentiallyTrustworthy(initiator));
  // https://wicg.github.io/local-network-access/ — insecure initiators are rejected outright;
  // secure ones need the user's permission.
  const corsError: CurrentCorsErrorName = secure ? "LocalNetworkAccessPermissionDenied" : "InsecureLocalNetwork";
  addFinding(ctx, "LOCAL_NETWORK_ACCESS", {
    clientSpace: spaces?.client ?? "unknown",
    targetSpace: spaces?.target ?? "unknown",
    secureContext: secure,
  });
  return assemble(ctx, { verdict: "blocked", corsError, failedParameter: "", leg, hop: hopIndex });
}

/**
 * https://w3c.github.io/webappsec-mixed-content/ — an https page's request to a plain-http URL
 * that is not potentially trustworthy (not localhost or a loopback address) is blocked before it
 * is sent. Returns the blocked hop, or -1.
 */
export function mixedContentHop(ctx: DiagnosisContext): number {
  if (parseUrl(ctx.initiatorOrigin.value)?.protocol !== "https:") return -1;
  return ctx.hops.findIndex((hop) => {
    const url = parseUrl(hop.request.url);
    if (url?.protocol !== "http:" || !responseMissing(hop) || (hop.preflight && hop.preflight.response.status !== 0)) {
      return false;
    }
    // Loopback is potentially trustworthy; private IP literals and .local names are exempt under
    // Local Network Access (their target space is known to be local).
    const literalSpace = addressSpaceOfLiteral(url.hostname);
    return literalSpace === null || literalSpace === "public";
  });
}

export function mixedContentDiagnosis(ctx: DiagnosisContext, hopIndex: number): Diagnosis {
  const hop = ctx.hops[hopIndex] as Hop;
  addFinding(ctx, "MIXED_CONTENT_BLOCKED", { url: hop.request.url, page: ctx.initiatorOrigin.value });
  return assemble(ctx, {
    verdict: "network-error",
    leg: hopIndex === ctx.hops.length - 1 ? "actual" : "redirect",
    hop: hopIndex,
  });
}
