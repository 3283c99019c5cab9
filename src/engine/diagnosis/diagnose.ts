/**
 * `diagnose(exchange)`: the verdict, Chromium's error name, the root causes, warnings, and the
 * answers to the five debugging questions. Never throws: malformed input yields `unknown`.
 */

import { isRedirectStatus } from "../fetch/cors-check.js";
import type { CurrentCorsErrorName } from "../fetch/cors-error.js";
import { byteLowercase, getHeader, getHeaderLines, getHeaderValues } from "../fetch/header-list.js";
import { isUnnormalizedCaseVariant } from "../fetch/methods.js";
import {
  type AddressSpace,
  addressSpaceOf,
  diffOrigins,
  isHttpScheme,
  isLessPublic,
  type ParsedUrl,
  parseUrl,
  urlIsSameOriginWith,
} from "../fetch/origin.js";
import { PREFLIGHT_CACHE_CAPS, type PreflightCheckResult } from "../fetch/preflight.js";
import type {
  CredentialsMode,
  Diagnosis,
  Evidence,
  Exchange,
  Finding,
  FindingArgs,
  FiveQuestions,
  Hop,
  Leg,
  OriginMatch,
  RequestMode,
  Severity,
  Sourced,
  Verdict,
} from "../types.js";
import { CODE_INFO, type DiagnosisCode } from "./codes.js";
import { classifyNetError } from "./net-errors.js";
import { type HopPlan, planHops, responseMissing, type SimulationOutcome, simulate } from "./simulate.js";

/** Everything the diagnosis is assembled from, so helpers stay small. */
interface Context {
  readonly exchange: Exchange;
  readonly hops: readonly Hop[];
  readonly initiatorOrigin: Sourced<string>;
  readonly mode: RequestMode;
  readonly findings: Finding[];
}

export function diagnose(exchange: Exchange): Diagnosis {
  try {
    return diagnoseUnchecked(exchange);
  } catch (error) {
    // Input the capture layer did not catch; the contract is "unknown, with a reason", never a throw.
    return unknownDiagnosis(["UNKNOWN_MALFORMED_ENTRY"], {
      problem: error instanceof Error ? error.message : String(error),
    });
  }
}

function diagnoseUnchecked(exchange: Exchange): Diagnosis {
  if (exchange.malformed.length > 0 || !Array.isArray(exchange.hops) || exchange.hops.length === 0) {
    return unknownDiagnosis(["UNKNOWN_MALFORMED_ENTRY"], {
      problem: exchange.malformed.length > 0 ? exchange.malformed.join("; ") : "the exchange has no requests",
    });
  }
  const hops = exchange.hops;
  const first = hops[0] as Hop;
  const firstUrl = parseUrl(first.request.url);
  if (!firstUrl) {
    return unknownDiagnosis(["UNKNOWN_MALFORMED_ENTRY"], { problem: `unparsable URL ${first.request.url}` });
  }
  if (firstUrl.protocol === "ws:" || firstUrl.protocol === "wss:" || exchange.mode?.value === "websocket") {
    return notCors("NOT_CORS_WEBSOCKET", exchange, null);
  }
  if (!isHttpScheme(firstUrl)) {
    return notCors("NOT_CORS_NON_HTTP_SCHEME", exchange, null, { scheme: firstUrl.protocol.replace(/:$/, "") });
  }
  if (exchange.mode?.value === "navigate") return notCors("NOT_CORS_NAVIGATION", exchange, null);

  const initiatorOrigin = resolveInitiatorOrigin(exchange);

  // A no-cors request (an opaque response: Chromium records `net::ERR_ABORTED` with a real status
  // and no headers). Same-origin ones are reported as same-origin, which says more.
  if (exchange.mode?.value === "no-cors") {
    const sameOrigin =
      initiatorOrigin !== null && hops.every((h) => urlIsSameOriginWith(h.request.url, initiatorOrigin.value));
    return notCors(sameOrigin ? "NOT_CORS_SAME_ORIGIN" : "NOT_CORS_NO_CORS_MODE", exchange, initiatorOrigin);
  }

  const networkFailure = findNetworkFailure(hops);
  if (networkFailure && networkFailure.kind === "network") {
    return networkErrorDiagnosis(exchange, initiatorOrigin, networkFailure);
  }

  if (initiatorOrigin === null) {
    return unknownDiagnosis(["UNKNOWN_INITIATOR_ORIGIN"], { url: first.request.url });
  }
  const mode = exchange.mode?.value ?? "cors";
  const ctx: Context = { exchange, hops, initiatorOrigin, mode, findings: [] };
  const plans = planHops(hops, initiatorOrigin.value);

  if (networkFailure && networkFailure.kind === "local-network-access") {
    return localNetworkDiagnosis(ctx, plans, networkFailure.hop, networkFailure.leg);
  }
  if (networkFailure && networkFailure.kind === "aborted") {
    return abortedDiagnosis(ctx, plans, networkFailure);
  }

  const mixed = mixedContentHop(ctx);
  if (mixed >= 0) {
    const hop = ctx.hops[mixed] as Hop;
    addFinding(ctx, "MIXED_CONTENT_BLOCKED", { url: hop.request.url, page: initiatorOrigin.value }, []);
    return assemble(
      ctx,
      plans,
      null,
      resolveCredentialsMode(exchange),
      "network-error",
      null,
      null,
      mixed === hops.length - 1 ? "actual" : "redirect",
      mixed,
    );
  }

  // The credentials mode: known (CDP, the user), else evidence from the request, else the default.
  const credentials = resolveCredentialsMode(exchange);
  let outcome = simulate(hops, plans, credentials.value, mode);
  let credentialsUsed: Sourced<CredentialsMode> = credentials;

  // The browser recorded a failure where the headers pass without credentials: credentials must
  // have been included (HAR never records the mode). Re-run as "include" to find which check failed.
  if (
    credentials.inferred &&
    credentials.value !== "include" &&
    (outcome.kind === "allowed" || outcome.kind === "response-missing") &&
    browserRecordedFailure(hops, outcome)
  ) {
    const withCredentials = simulate(hops, plans, "include", mode);
    if (withCredentials.kind === "blocked") {
      outcome = withCredentials;
      credentialsUsed = { value: "include", source: "failure-pattern", inferred: true };
      addFinding(ctx, "CREDENTIALS_INFERRED_FROM_FAILURE", {}, []);
    }
  }

  if (outcome.kind === "same-origin") return notCors("NOT_CORS_SAME_ORIGIN", exchange, initiatorOrigin);
  if (outcome.kind === "redirect-to-non-http") {
    addFinding(
      ctx,
      "REDIRECT_TO_NON_HTTP",
      { location: outcome.location },
      [responseEvidence(hops, outcome.hop, "redirect", "Location")].flat(),
    );
    return assemble(ctx, plans, outcome, credentialsUsed, "network-error", null, null, "redirect", outcome.hop);
  }

  // Local Network Access: a blocked request to a less public address, with nothing else to blame.
  if (outcome.kind === "response-missing" || (outcome.kind === "blocked" && outcome.stage === "not-captured")) {
    const lna = localNetworkTarget(ctx, outcome.hop);
    if (lna) return localNetworkDiagnosis(ctx, plans, outcome.hop, outcome.leg);
  }

  if (outcome.kind === "response-missing") {
    addFinding(
      ctx,
      "UNKNOWN_RESPONSE_NOT_RECORDED",
      { leg: outcome.leg, preflightPassed: outcome.preflightPassed },
      [],
    );
    return assemble(ctx, plans, outcome, credentialsUsed, "unknown", null, null, outcome.leg, outcome.hop);
  }

  if (outcome.kind === "redirect-not-followed") {
    const hop = hops[outcome.hop] as Hop;
    addFinding(
      ctx,
      "UNKNOWN_REDIRECT_NOT_FOLLOWED",
      {
        status: hop.response.status,
        location: hop.response.redirectURL ?? getHeader(hop.response.headers, "Location") ?? "",
      },
      [
        statusLine(outcome.hop, "redirect", hop.response.status),
        ...responseEvidence(hops, outcome.hop, "redirect", "Location"),
      ],
    );
    collectWarnings(ctx, plans, outcome.preflights, credentialsUsed.value);
    return assemble(ctx, plans, outcome, credentialsUsed, "unknown", null, null, "redirect", outcome.hop);
  }

  if (outcome.kind === "allowed") {
    if (browserRecordedFailure(hops, outcome)) {
      addFinding(ctx, "UNKNOWN_FAILED_BUT_HEADERS_PASS", {}, []);
      collectWarnings(ctx, plans, outcome.preflights, credentialsUsed.value);
      return assemble(ctx, plans, outcome, credentialsUsed, "unknown", null, null, null, hops.length - 1);
    }
    collectPreflightNotCaptured(ctx, plans, "info");
    collectWarnings(ctx, plans, outcome.preflights, credentialsUsed.value);
    collectBlockedIfCredentialed(ctx, plans, credentialsUsed);
    return assemble(ctx, plans, outcome, credentialsUsed, "allowed", null, null, null, hops.length - 1);
  }

  // Blocked.
  collectRootCauses(ctx, plans, outcome, credentialsUsed.value);
  collectWarnings(ctx, plans, outcome.preflights, credentialsUsed.value);
  if (browserRecordedSuccess(hops, outcome)) {
    addFinding(ctx, "BROWSER_OUTCOME_DISAGREES", { url: hops[outcome.hop]?.request.url ?? "" }, []);
  }
  return assemble(
    ctx,
    plans,
    outcome,
    credentialsUsed,
    "blocked",
    outcome.corsError,
    outcome.corsError === null ? null : outcome.failedParameter,
    outcome.leg,
    outcome.hop,
  );
}

// ---------------------------------------------------------------------------------------------
// Origin, credentials and the browser's own outcome

/**
 * The initiator origin: what the capture says, else the first `Origin` the browser sent that is
 * not "null" (a preflight's request is always recorded in full).
 */
function resolveInitiatorOrigin(exchange: Exchange): Sourced<string> | null {
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
 * cache, which is also only used in "include" mode. Otherwise assume the default, "same-origin".
 */
function resolveCredentialsMode(exchange: Exchange): Sourced<CredentialsMode> {
  if (exchange.credentialsMode) return exchange.credentialsMode;
  for (const hop of exchange.hops) {
    if (!hop.request.provisionalHeaders && getHeader(hop.request.headers, "Cookie") !== null) {
      return { value: "include", source: "cookie-sent", inferred: true };
    }
    const acrh = hop.preflight ? getHeader(hop.preflight.request.headers, "Access-Control-Request-Headers") : null;
    if (
      hop.preflight &&
      !hop.request.provisionalHeaders &&
      getHeader(hop.request.headers, "Authorization") !== null &&
      !(acrh ?? "")
        .toLowerCase()
        .split(",")
        .map((s) => s.trim())
        .includes("authorization")
    ) {
      return { value: "include", source: "http-auth-sent", inferred: true };
    }
  }
  return { value: "same-origin", source: "default", inferred: true };
}

/**
 * An allowed verdict that rests on an assumption: the capture (Firefox's HAR, most tools) did not
 * record the browser's own outcome, so nothing tells whether credentials were included, and with
 * them the response fails. Says so, with the error the browser would then report.
 */
function collectBlockedIfCredentialed(ctx: Context, plans: readonly HopPlan[], credentials: Sourced<CredentialsMode>) {
  const last = ctx.hops[ctx.hops.length - 1];
  if (!credentials.inferred || credentials.value === "include" || last?.response.outcome.state !== "unknown") return;
  const withCredentials = simulate(ctx.hops, plans, "include", ctx.mode);
  if (withCredentials.kind !== "blocked" || withCredentials.corsError === null) return;
  const evidence = [
    ...responseEvidence(ctx.hops, withCredentials.hop, withCredentials.leg, "Access-Control-Allow-Origin"),
    ...responseEvidence(ctx.hops, withCredentials.hop, withCredentials.leg, "Access-Control-Allow-Credentials"),
  ];
  addFinding(
    ctx,
    "BLOCKED_IF_CREDENTIALED",
    { corsError: withCredentials.corsError, leg: withCredentials.leg },
    evidence,
  );
}

/** Did the browser record a failure for the hop where the simulation stopped (or the last hop)? */
function browserRecordedFailure(hops: readonly Hop[], outcome: SimulationOutcome): boolean {
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
function browserRecordedSuccess(hops: readonly Hop[], outcome: SimulationOutcome & { kind: "blocked" }): boolean {
  const hop = hops[outcome.hop];
  if (!hop) return false;
  if (outcome.leg === "preflight") {
    return hop.response.outcome.state === "completed" && hop.response.status !== 0 && !responseMissing(hop);
  }
  return hop.response.outcome.state === "completed";
}

// ---------------------------------------------------------------------------------------------
// Network errors, aborted requests, Local Network Access

interface NetworkFailure {
  readonly kind: "network" | "aborted" | "local-network-access";
  readonly code: DiagnosisCode | null;
  readonly hop: number;
  readonly leg: Leg;
  readonly errorText: string;
  readonly status: number;
}

/** The first recorded net error that is not the generic `net::ERR_FAILED` of a CORS block. */
function findNetworkFailure(hops: readonly Hop[]): NetworkFailure | null {
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

function networkErrorDiagnosis(
  exchange: Exchange,
  initiatorOrigin: Sourced<string> | null,
  failure: NetworkFailure,
): Diagnosis {
  const ctx: Context = {
    exchange,
    hops: exchange.hops,
    initiatorOrigin: initiatorOrigin ?? { value: "null", source: "unknown", inferred: true },
    mode: exchange.mode?.value ?? "cors",
    findings: [],
  };
  const code = failure.code ?? "NETWORK_ERROR_OTHER";
  const evidence: Evidence[] = [
    { hop: failure.hop, leg: failure.leg, side: "response", name: ":error", value: failure.errorText },
  ];
  if (failure.leg === "preflight")
    addFinding(ctx, "PREFLIGHT_NETWORK_ERROR", { errorText: failure.errorText }, evidence);
  addFinding(ctx, code, { errorText: failure.errorText, leg: failure.leg }, evidence);
  const plans = initiatorOrigin ? planHops(exchange.hops, initiatorOrigin.value) : [];
  return assemble(
    ctx,
    plans,
    null,
    resolveCredentialsMode(exchange),
    "network-error",
    null,
    null,
    failure.leg,
    failure.hop,
  );
}

/**
 * `net::ERR_ABORTED`: the request was cancelled (navigation, AbortController, a superseded
 * request), or it was a `no-cors` request whose opaque response Chromium records as aborted.
 */
function abortedDiagnosis(ctx: Context, plans: readonly HopPlan[], failure: NetworkFailure): Diagnosis {
  const hop = ctx.hops[failure.hop] as Hop;
  // An opaque no-cors response: the real status, headers stripped to the connection's.
  const connectionOnly = hop.response.headers.every((h) =>
    ["connection", "keep-alive", "content-length", "date"].includes(byteLowercase(h.name)),
  );
  if (failure.status > 0 && connectionOnly) return notCors("NOT_CORS_NO_CORS_MODE", ctx.exchange, ctx.initiatorOrigin);
  addFinding(ctx, "REQUEST_ABORTED", { errorText: failure.errorText }, [
    { hop: failure.hop, leg: failure.leg, side: "response", name: ":error", value: failure.errorText },
  ]);
  return assemble(
    ctx,
    plans,
    null,
    resolveCredentialsMode(ctx.exchange),
    "network-error",
    null,
    null,
    failure.leg,
    failure.hop,
  );
}

/** Address spaces of the initiator and of the hop's target, when both can be told. */
function localNetworkTarget(
  ctx: Context,
  hopIndex: number,
): { client: AddressSpace; target: AddressSpace; secure: boolean } | null {
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

/**
 * https://w3c.github.io/webappsec-mixed-content/ — an https page's request to a plain-http URL
 * that is not potentially trustworthy (not localhost or a loopback address) is blocked before it
 * is sent. Returns the blocked hop, or -1.
 */
function mixedContentHop(ctx: Context): number {
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

function localNetworkDiagnosis(ctx: Context, plans: readonly HopPlan[], hopIndex: number, leg: Leg): Diagnosis {
  const spaces = localNetworkTarget(ctx, hopIndex);
  const initiator = parseUrl(ctx.initiatorOrigin.value);
  const secure = spaces?.secure ?? (initiator !== null && isPotentiallyTrustworthy(initiator));
  // https://wicg.github.io/local-network-access/ — insecure initiators are rejected outright;
  // secure ones need the user's permission.
  const corsError: CurrentCorsErrorName = secure ? "LocalNetworkAccessPermissionDenied" : "InsecureLocalNetwork";
  addFinding(
    ctx,
    "LOCAL_NETWORK_ACCESS",
    {
      clientSpace: spaces?.client ?? "unknown",
      targetSpace: spaces?.target ?? "unknown",
      secureContext: secure,
    },
    [],
  );
  return assemble(ctx, plans, null, resolveCredentialsMode(ctx.exchange), "blocked", corsError, "", leg, hopIndex);
}

// ---------------------------------------------------------------------------------------------
// Root causes

function collectRootCauses(
  ctx: Context,
  plans: readonly HopPlan[],
  outcome: SimulationOutcome & { kind: "blocked" },
  credentialsMode: CredentialsMode,
): void {
  const hop = ctx.hops[outcome.hop] as Hop;
  const plan = plans[outcome.hop] as HopPlan;
  const failedResponse = outcome.leg === "preflight" ? hop.preflight?.response : hop.response;
  const status = failedResponse?.status ?? 0;

  if (outcome.stage === "not-captured") {
    addFinding(ctx, "PREFLIGHT_NOT_CAPTURED", { method: hop.request.method, blocked: true }, [], "cause");
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
    const methods = getHeaderValues(hop.preflight.response.headers, "Access-Control-Allow-Methods")
      .join(",")
      .split(",")
      .map((m) => m.trim());
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
    const allowHeaders = (getHeader(hop.preflight.response.headers, "Access-Control-Allow-Headers") ?? "")
      .split(",")
      .map((h) => h.trim());
    if (credentialsMode === "include" && allowHeaders.includes("*")) {
      addFinding(ctx, "WILDCARD_LITERAL_WITH_CREDENTIALS", { header: "Access-Control-Allow-Headers" }, evidence);
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

function classifyPreflightStatus(status: number): DiagnosisCode | null {
  if (status === 401 || status === 403) return "PREFLIGHT_AUTH_REJECTED";
  if (status === 404 || status === 405 || status === 501) return "PREFLIGHT_ROUTE_MISSING";
  if (status === 400) return "PREFLIGHT_REJECTED_BY_CORS_MIDDLEWARE";
  if (status >= 500) return "PREFLIGHT_SERVER_ERROR";
  return null;
}

function redirectArgs(hop: Hop): FindingArgs {
  return {
    from: hop.preflight?.request.url ?? hop.request.url,
    to: hop.preflight?.response.redirectURL ?? getHeader(hop.preflight?.response.headers ?? [], "Location") ?? "",
    status: hop.preflight?.response.status ?? 0,
  };
}

/** A preflight redirected by trailing-slash normalisation, an http->https upgrade, or elsewhere. */
function classifyPreflightRedirect(hop: Hop): DiagnosisCode {
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

function collectAllowOriginCauses(
  ctx: Context,
  plan: HopPlan,
  outcome: SimulationOutcome & { kind: "blocked" },
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
function originNearMiss(ctx: Context, plan: HopPlan, allowed: string, evidence: Evidence[], quiet: boolean): void {
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

function statusWithoutCorsCode(status: number): DiagnosisCode | null {
  if (status === 502 || status === 503 || status === 504) return "GATEWAY_ERROR_WITHOUT_CORS";
  if (status === 429) return "RATE_LIMITED_WITHOUT_CORS";
  if (status >= 500) return "SERVER_ERROR_WITHOUT_CORS";
  if (status >= 400) return "CLIENT_ERROR_WITHOUT_CORS";
  return null;
}

function collectPreflightNotCaptured(ctx: Context, plans: readonly HopPlan[], severity: Severity): void {
  for (const plan of plans) {
    const hop = ctx.hops[plan.index] as Hop;
    if (plan.preflightRequired && hop.preflight === null && hop.preflightState !== "unknown") {
      addFinding(ctx, "PREFLIGHT_NOT_CAPTURED", { method: hop.request.method, blocked: false }, [], severity);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Warnings: things that work today but are wrong or fragile

function collectWarnings(
  ctx: Context,
  plans: readonly HopPlan[],
  preflights: ReadonlyMap<number, PreflightCheckResult>,
  credentialsMode: CredentialsMode,
): void {
  for (const plan of plans) {
    if (plan.sameOriginBasic) continue;
    const hop = ctx.hops[plan.index] as Hop;
    const result = preflights.get(plan.index);
    if (result?.ok) {
      if (result.authorizationCoveredByWildcardOnly) {
        addFinding(
          ctx,
          "AUTHORIZATION_COVERED_BY_WILDCARD_ONLY",
          {},
          responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Allow-Headers"),
        );
      }
      const requested = result.maxAge.requested;
      if (requested !== null && requested > PREFLIGHT_CACHE_CAPS.chromium) {
        addFinding(
          ctx,
          "MAX_AGE_ABOVE_CAP",
          {
            requested,
            chromium: PREFLIGHT_CACHE_CAPS.chromium,
            firefox: result.maxAge.effective.firefox,
            safari: PREFLIGHT_CACHE_CAPS.safari,
          },
          responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Max-Age"),
        );
      }
    }
    const responses: Array<[Leg, Hop["response"]]> = [];
    if (hop.preflight && hop.preflight.response.status !== 0) responses.push(["preflight", hop.preflight.response]);
    if (!responseMissing(hop)) responses.push([plan.leg, hop.response]);
    const varyMissing: Leg[] = [];
    let varyEvidence: Evidence[] = [];
    let dynamicOrigin: string | null = null;
    for (const [leg, response] of responses) {
      const acao = getHeader(response.headers, "Access-Control-Allow-Origin");
      if (acao === null) continue;
      const acac = getHeader(response.headers, "Access-Control-Allow-Credentials");
      if (acao === "*" && acac === "true") {
        addFinding(ctx, "WILDCARD_WITH_ALLOW_CREDENTIALS", { leg }, [
          ...responseEvidence(ctx.hops, plan.index, leg, "Access-Control-Allow-Origin"),
          ...responseEvidence(ctx.hops, plan.index, leg, "Access-Control-Allow-Credentials"),
        ]);
      }
      // A response whose ACAO names one origin must say it varies by Origin, or shared caches
      // will hand it to other origins.
      if (acao !== "*" && !varyCoversOrigin(response.headers) && !isRedirectStatus(response.status)) {
        varyMissing.push(leg);
        dynamicOrigin = acao;
        varyEvidence = [
          ...varyEvidence,
          ...responseEvidence(ctx.hops, plan.index, leg, "Access-Control-Allow-Origin"),
          ...responseEvidence(ctx.hops, plan.index, leg, "Vary"),
        ];
      }
    }
    if (varyMissing.length > 0) {
      addFinding(ctx, "VARY_ORIGIN_MISSING", { legs: varyMissing, allowOrigin: dynamicOrigin ?? "" }, varyEvidence);
    }
    // Reflection of any origin with credentials: the preflight echoes every requested header and
    // method and allows the (possibly "null") origin with credentials.
    if (credentialsMode === "include" && hop.preflight) {
      const pre = hop.preflight;
      const echoes =
        getHeader(pre.response.headers, "Access-Control-Allow-Origin") === plan.serializedOrigin &&
        getHeader(pre.response.headers, "Access-Control-Allow-Credentials") === "true" &&
        (plan.serializedOrigin === "null" ||
          (getHeader(pre.response.headers, "Access-Control-Allow-Methods") ===
            getHeader(pre.request.headers, "Access-Control-Request-Method") &&
            (getHeader(pre.request.headers, "Access-Control-Request-Headers") ?? "") ===
              (getHeader(pre.response.headers, "Access-Control-Allow-Headers") ?? "")));
      if (echoes) {
        addFinding(ctx, "CREDENTIALED_REFLECTION_SUSPECTED", { origin: plan.serializedOrigin }, [
          ...requestEvidence(ctx.hops, plan.index, ["origin"], "preflight"),
          ...responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Allow-Origin"),
          ...responseEvidence(ctx.hops, plan.index, "preflight", "Access-Control-Allow-Credentials"),
        ]);
      }
    }
    if (
      plan.unsafeHeaderNames.some((n) => n.startsWith("access-control-")) &&
      preflights.get(plan.index)?.ok !== false
    ) {
      const names = plan.unsafeHeaderNames.filter((n) => n.startsWith("access-control-"));
      if (!ctx.findings.some((f) => f.code === "CLIENT_SENT_CORS_RESPONSE_HEADERS")) {
        addFinding(
          ctx,
          "CLIENT_SENT_CORS_RESPONSE_HEADERS",
          { headers: names },
          requestEvidence(ctx.hops, plan.index, names),
          "warning",
        );
      }
    }
  }
}

/** `Vary: Origin` (or `Vary: *`) on a response whose ACAO depends on the request. */
function varyCoversOrigin(headers: Hop["response"]["headers"]): boolean {
  return getHeaderValues(headers, "Vary")
    .join(",")
    .split(",")
    .map((v) => byteLowercase(v.trim()))
    .some((v) => v === "origin" || v === "*");
}

// ---------------------------------------------------------------------------------------------
// The five questions

function fiveQuestions(
  ctx: Context,
  plans: readonly HopPlan[],
  credentials: Sourced<CredentialsMode>,
  leg: Leg | null,
  hopIndex: number,
): FiveQuestions {
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
      (getHeader(h.preflight?.request.headers ?? [], "Access-Control-Request-Headers") ?? "")
        .toLowerCase()
        .includes("authorization"),
  );
  const acac = decidingResponse ? getHeader(decidingResponse.headers, "Access-Control-Allow-Credentials") : null;
  let serverAllows: boolean | null = null;
  if (decidingResponse && decidingResponse.status !== 0 && plan && !plan.sameOriginBasic) {
    serverAllows = credentials.value !== "include" || (allowOrigin !== "*" && allowOrigin !== null && acac === "true");
  }

  return {
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

/** Whether the preflight of a hop passes for the given credentials mode (false when it fails). */
function simulatedPreflight(ctx: Context, plan: HopPlan, hop: Hop, credentialsMode: CredentialsMode): boolean | null {
  const outcome = simulate([hop], [{ ...plan, index: 0, leg: "actual" }], credentialsMode, ctx.mode);
  if (outcome.kind === "blocked") return outcome.leg !== "preflight";
  return true;
}

// ---------------------------------------------------------------------------------------------
// Assembly and evidence helpers

function addFinding(
  ctx: Context,
  code: DiagnosisCode,
  args: FindingArgs,
  evidence: readonly Evidence[],
  severity: Severity = CODE_INFO[code].severity,
): void {
  if (ctx.findings.some((f) => f.code === code && JSON.stringify(f.args) === JSON.stringify(args))) return;
  ctx.findings.push({ code, severity, args, evidence });
}

function statusLine(hop: number, leg: Leg, status: number): Evidence {
  return { hop, leg, side: "response", name: ":status", value: String(status) };
}

function responseEvidence(hops: readonly Hop[], hopIndex: number, leg: Leg, name: string): Evidence[] {
  const hop = hops[hopIndex];
  if (!hop) return [];
  const response = leg === "preflight" ? hop.preflight?.response : hop.response;
  if (!response) return [];
  return getHeaderLines(response.headers, name).map((line) => ({
    hop: hopIndex,
    leg,
    side: "response",
    name: line.name,
    value: line.value,
  }));
}

function requestEvidence(hops: readonly Hop[], hopIndex: number, names: readonly string[], leg?: Leg): Evidence[] {
  const hop = hops[hopIndex];
  if (!hop) return [];
  const request = leg === "preflight" ? hop.preflight?.request : hop.request;
  if (!request) return [];
  const actualLeg: Leg = leg ?? (hopIndex === hops.length - 1 ? "actual" : "redirect");
  return names.flatMap((name) =>
    getHeaderLines(request.headers, name).map((line) => ({
      hop: hopIndex,
      leg: actualLeg,
      side: "request" as const,
      name: line.name,
      value: line.value,
    })),
  );
}

function assemble(
  ctx: Context,
  plans: readonly HopPlan[],
  _outcome: SimulationOutcome | null,
  credentials: Sourced<CredentialsMode>,
  verdict: Verdict,
  corsError: CurrentCorsErrorName | null,
  failedParameter: string | null,
  leg: Leg | null,
  hop: number,
): Diagnosis {
  const unknownReasons =
    verdict === "unknown" ? ctx.findings.filter((f) => f.code.startsWith("UNKNOWN_")).map((f) => f.code) : [];
  let questions: FiveQuestions | null = null;
  return {
    verdict,
    corsError,
    failedParameter: corsError === null ? null : (failedParameter ?? ""),
    leg,
    hop,
    findings: sortFindings(ctx.findings),
    // Answered on first read: only explanations use the five answers, and a large capture's
    // summary never reads them. Like diagnose(), the answers never throw.
    get questions(): FiveQuestions {
      if (questions === null) {
        try {
          questions = fiveQuestions(ctx, plans, credentials, leg, hop);
        } catch {
          questions = emptyQuestions(ctx.initiatorOrigin.value, ctx.initiatorOrigin.source);
        }
      }
      return questions;
    },
    unknownReasons,
  };
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, cause: 1, warning: 2, info: 3 };

function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function emptyQuestions(origin: string | null, source: string): FiveQuestions {
  return {
    origin: { value: origin, source, inferred: true, tainted: false, evidence: [] },
    allowedOrigin: { value: null, leg: null, hop: 0, evidence: [] },
    match: { result: "not-applicable", diff: null },
    preflight: { required: false, triggers: [], state: "not-needed", status: null, handled: null, evidence: [] },
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

function unknownDiagnosis(codes: readonly DiagnosisCode[], args: FindingArgs): Diagnosis {
  return {
    verdict: "unknown",
    corsError: null,
    failedParameter: null,
    leg: null,
    hop: 0,
    findings: codes.map((code) => ({ code, severity: CODE_INFO[code].severity, args, evidence: [] })),
    questions: emptyQuestions(null, "unknown"),
    unknownReasons: [...codes],
  };
}

function notCors(
  code: DiagnosisCode,
  exchange: Exchange,
  origin: Sourced<string> | null,
  args: FindingArgs = {},
): Diagnosis {
  return {
    verdict: "not-cors",
    corsError: null,
    failedParameter: null,
    leg: null,
    hop: 0,
    findings: [
      {
        code,
        severity: CODE_INFO[code].severity,
        args: { url: exchange.hops[0]?.request.url ?? "", ...args },
        evidence: [],
      },
    ],
    questions: emptyQuestions(origin?.value ?? null, origin?.source ?? "unknown"),
    unknownReasons: [],
  };
}
