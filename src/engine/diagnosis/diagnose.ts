/**
 * `diagnose(exchange)`: the verdict, Chromium's error name, the root causes, warnings, and the
 * answers to the five debugging questions. Never throws: malformed input yields `unknown`.
 *
 * The verdict path below is one function on purpose: its order is Chromium's (what the browser
 * checks first decides what it reports), and each step is a call into a file named after its job.
 */

import { getHeader } from "../fetch/header-list.js";
import { isHttpScheme, parseUrl, urlIsSameOriginWith } from "../fetch/origin.js";
import type { Diagnosis, Exchange, Hop } from "../types.js";
import { assemble, notCorsDiagnosis, unknownDiagnosis } from "./assemble.js";
import { addFinding, createContext, type DiagnosisContext } from "./context.js";
import { credentialedReading, requestApi, withCredentialsAlternative } from "./credentials.js";
import { responseEvidence, statusLine } from "./evidence.js";
import {
  browserRecordedFailure,
  browserRecordedSuccess,
  inferCredentialsFromFailure,
  resolveCredentialsMode,
  resolveInitiatorOrigin,
} from "./inference.js";
import {
  abortedDiagnosis,
  findNetworkFailure,
  localNetworkDiagnosis,
  localNetworkTarget,
  mixedContentDiagnosis,
  mixedContentHop,
  networkErrorDiagnosis,
} from "./not-cors-failures.js";
import { collectPreflightNotCaptured, collectRootCauses } from "./root-causes.js";
import { planHops, type SimulationOutcome, simulate } from "./simulate.js";
import { collectWarnings } from "./warnings.js";

export function diagnose(exchange: Exchange): Diagnosis {
  try {
    return decideVerdict(exchange);
  } catch (error) {
    // Input the capture layer did not catch; the contract is "unknown, with a reason", never a throw.
    return unknownDiagnosis(
      "UNKNOWN_MALFORMED_ENTRY",
      { problem: error instanceof Error ? error.message : String(error) },
      null,
    );
  }
}

function decideVerdict(exchange: Exchange): Diagnosis {
  // 1. Input the engine cannot read.
  if (exchange.malformed.length > 0 || !Array.isArray(exchange.hops) || exchange.hops.length === 0) {
    return unknownDiagnosis(
      "UNKNOWN_MALFORMED_ENTRY",
      { problem: exchange.malformed.length > 0 ? exchange.malformed.join("; ") : "the exchange has no requests" },
      exchange,
    );
  }
  const hops = exchange.hops;
  const first = hops[0] as Hop;
  const firstUrl = parseUrl(first.request.url);
  if (!firstUrl) {
    return unknownDiagnosis("UNKNOWN_MALFORMED_ENTRY", { problem: `unparsable URL ${first.request.url}` }, exchange);
  }

  // 2. Requests CORS never applies to.
  const url = first.request.url;
  if (firstUrl.protocol === "ws:" || firstUrl.protocol === "wss:" || exchange.mode?.value === "websocket") {
    return notCorsDiagnosis("NOT_CORS_WEBSOCKET", exchange, null, {});
  }
  if (!isHttpScheme(firstUrl)) {
    return notCorsDiagnosis("NOT_CORS_NON_HTTP_SCHEME", exchange, null, {
      scheme: firstUrl.protocol.replace(/:$/, ""),
    });
  }
  if (exchange.mode?.value === "navigate") return notCorsDiagnosis("NOT_CORS_NAVIGATION", exchange, null, {});

  const initiatorOrigin = resolveInitiatorOrigin(exchange);

  // A no-cors request (an opaque response: Chromium records `net::ERR_ABORTED` with a real status
  // and no headers). Same-origin ones are reported as same-origin, which says more.
  if (exchange.mode?.value === "no-cors") {
    const sameOrigin =
      initiatorOrigin !== null && hops.every((h) => urlIsSameOriginWith(h.request.url, initiatorOrigin.value));
    return notCorsDiagnosis(
      sameOrigin ? "NOT_CORS_SAME_ORIGIN" : "NOT_CORS_NO_CORS_MODE",
      exchange,
      initiatorOrigin,
      {},
    );
  }

  // 3. The network failed before any CORS check could run (diagnosable without the page's origin).
  const networkFailure = findNetworkFailure(hops);
  if (networkFailure?.kind === "network") return networkErrorDiagnosis(exchange, initiatorOrigin, networkFailure);

  if (initiatorOrigin === null) return unknownDiagnosis("UNKNOWN_INITIATOR_ORIGIN", { url }, exchange);
  const ctx = createContext(
    exchange,
    initiatorOrigin,
    planHops(hops, initiatorOrigin.value),
    resolveCredentialsMode(exchange),
  );

  // 4. Other policies that stop a request before CORS: Local Network Access, cancellation, mixed content.
  if (networkFailure?.kind === "local-network-access") {
    return localNetworkDiagnosis(ctx, networkFailure.hop, networkFailure.leg);
  }
  if (networkFailure?.kind === "aborted") return abortedDiagnosis(ctx, networkFailure);
  const mixed = mixedContentHop(ctx);
  if (mixed >= 0) return mixedContentDiagnosis(ctx, mixed);

  // 5. The CORS checks, in the browser's order, with the credentials mode known or inferred.
  const outcome = inferCredentialsFromFailure(ctx, simulate(hops, ctx.plans, ctx.credentials.value, ctx.mode));

  if (outcome.kind === "same-origin") return notCorsDiagnosis("NOT_CORS_SAME_ORIGIN", exchange, initiatorOrigin, {});
  if (outcome.kind === "redirect-to-non-http") {
    addFinding(ctx, "REDIRECT_TO_NON_HTTP", { location: outcome.location }, [
      ...responseEvidence(hops, outcome.hop, "redirect", "Location"),
    ]);
    return assemble(ctx, { verdict: "network-error", leg: "redirect", hop: outcome.hop });
  }

  // Local Network Access: a blocked request to a less public address, with nothing else to blame.
  if (outcome.kind === "response-missing" || (outcome.kind === "blocked" && outcome.stage === "not-captured")) {
    if (localNetworkTarget(ctx, outcome.hop)) return localNetworkDiagnosis(ctx, outcome.hop, outcome.leg);
  }

  // 6. Outcomes the capture cannot settle.
  if (outcome.kind === "response-missing") {
    addFinding(ctx, "UNKNOWN_RESPONSE_NOT_RECORDED", { leg: outcome.leg, preflightPassed: outcome.preflightPassed });
    return assemble(ctx, { verdict: "unknown", leg: outcome.leg, hop: outcome.hop });
  }
  if (outcome.kind === "redirect-not-followed") {
    const hop = hops[outcome.hop] as Hop;
    const location = hop.response.redirectURL ?? getHeader(hop.response.headers, "Location") ?? "";
    addFinding(ctx, "UNKNOWN_REDIRECT_NOT_FOLLOWED", { status: hop.response.status, location }, [
      statusLine(outcome.hop, "redirect", hop.response.status),
      ...responseEvidence(hops, outcome.hop, "redirect", "Location"),
    ]);
    collectWarnings(ctx, outcome.preflights);
    return assemble(ctx, { verdict: "unknown", leg: "redirect", hop: outcome.hop });
  }

  // 7. Allowed (unless the browser recorded a failure the headers cannot explain).
  if (outcome.kind === "allowed") {
    if (browserRecordedFailure(hops, outcome)) {
      addFinding(ctx, "UNKNOWN_FAILED_BUT_HEADERS_PASS", {});
      collectWarnings(ctx, outcome.preflights);
      return assemble(ctx, { verdict: "unknown", leg: null, hop: hops.length - 1 });
    }
    // An undecided mode (a form submission, a no-cors fetch()) passes no CORS check either: not
    // blocked, but "allowed, the page can read it" holds only for a CORS request.
    if (exchange.mode === null && exchange.modeUnknownReason) {
      addFinding(ctx, "UNKNOWN_REQUEST_MODE", { reason: exchange.modeUnknownReason, corsCheck: "passes" });
      collectWarnings(ctx, outcome.preflights);
      return assemble(ctx, { verdict: "unknown", leg: null, hop: hops.length - 1 });
    }
    collectPreflightNotCaptured(ctx, "info");
    collectWarnings(ctx, outcome.preflights);
    // Allowed without credentials, blocked with them, and nothing (no browser outcome, no Cookie)
    // tells which: say both instead of guessing either.
    const withCredentials = credentialedReading(ctx, outcome);
    if (withCredentials?.corsError) {
      addFinding(
        ctx,
        "BLOCKED_IF_CREDENTIALED",
        { corsError: withCredentials.corsError, leg: withCredentials.leg, api: requestApi(ctx) },
        credentialsEvidence(ctx, withCredentials),
      );
      return assemble(ctx, {
        verdict: "unknown",
        leg: withCredentials.leg,
        hop: withCredentials.hop,
        alternatives: [
          {
            when: "without-credentials",
            verdict: "allowed",
            corsError: null,
            failedParameter: null,
            leg: null,
            hop: hops.length - 1,
          },
          withCredentialsAlternative(withCredentials),
        ],
      });
    }
    return assemble(ctx, { verdict: "allowed", leg: null, hop: hops.length - 1 });
  }

  // capture/mode.ts could not tell the request's mode: a form submission fails no CORS check.
  if (exchange.mode === null && exchange.modeUnknownReason) {
    addFinding(ctx, "UNKNOWN_REQUEST_MODE", { reason: exchange.modeUnknownReason, corsCheck: "fails" });
    return assemble(ctx, { verdict: "unknown", leg: outcome.leg, hop: outcome.hop });
  }

  // 8. Blocked: Chromium's error, the root causes behind it, and what else is fragile.
  collectRootCauses(ctx, outcome);
  collectWarnings(ctx, outcome.preflights);
  if (browserRecordedSuccess(hops, outcome)) {
    addFinding(ctx, "BROWSER_OUTCOME_DISAGREES", { url: hops[outcome.hop]?.request.url ?? "" });
  }
  // Blocked either way, but with credentials Chromium names another check first: state both.
  const withCredentials = outcome.corsError === null ? null : credentialedReading(ctx, outcome);
  if (withCredentials?.corsError && outcome.corsError) {
    addFinding(
      ctx,
      "CREDENTIALS_MODE_UNKNOWN",
      {
        corsError: outcome.corsError,
        corsErrorWithCredentials: withCredentials.corsError,
        failedParameterWithCredentials: withCredentials.failedParameter,
        legWithCredentials: withCredentials.leg,
        api: requestApi(ctx),
      },
      credentialsEvidence(ctx, withCredentials),
    );
  }
  return assemble(ctx, {
    verdict: "blocked",
    corsError: outcome.corsError,
    failedParameter: outcome.corsError === null ? null : outcome.failedParameter,
    leg: outcome.leg,
    hop: outcome.hop,
    alternatives: withCredentials ? [withCredentialsAlternative(withCredentials)] : [],
  });
}

/** The lines the credentials checks read, where the reading with credentials fails. */
function credentialsEvidence(ctx: DiagnosisContext, blocked: SimulationOutcome & { kind: "blocked" }) {
  return [
    ...responseEvidence(ctx.hops, blocked.hop, blocked.leg, "Access-Control-Allow-Origin"),
    ...responseEvidence(ctx.hops, blocked.hop, blocked.leg, "Access-Control-Allow-Credentials"),
  ];
}
