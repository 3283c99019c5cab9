/**
 * Replays one exchange through the browser's CORS steps for a given credentials mode and reports
 * the first step that fails. This is the part of main fetch that matters for CORS:
 * https://fetch.spec.whatwg.org/#main-fetch, https://fetch.spec.whatwg.org/#http-fetch and
 * https://fetch.spec.whatwg.org/#concept-http-redirect-fetch, over the hops the browser recorded.
 */

import { corsCheck, isRedirectStatus } from "../fetch/cors-check.js";
import type { AccessCheckError, CurrentCorsErrorName } from "../fetch/cors-error.js";
import { byteLowercase, getHeader, getHeaderListItems, hasHeader } from "../fetch/header-list.js";
import { isCorsSafelistedMethod } from "../fetch/methods.js";
import { urlIsSameOriginWith } from "../fetch/origin.js";
import { checkPreflightResponse, type PreflightCheckResult, type PreflightStage } from "../fetch/preflight.js";
import { checkRedirectLocation, hasRedirectTaintedOrigin } from "../fetch/redirect.js";
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  scriptSettableHeaders,
} from "../fetch/safelist.js";
import type { CredentialsMode, Hop, Leg, PreflightTrigger, RequestMode } from "../types.js";

export interface HopPlan {
  readonly index: number;
  readonly leg: Leg;
  /** The request origin as serialized for this hop ("null" once a redirect tainted it). */
  readonly serializedOrigin: string;
  readonly tainted: boolean;
  /** Basic tainting: a same-origin hop before any cross-origin hop needs no CORS check. */
  readonly sameOriginBasic: boolean;
  readonly preflightRequired: boolean;
  /** Sorted, as Access-Control-Request-Headers carries them. */
  readonly unsafeHeaderNames: readonly string[];
  /** The same names in the order Chromium checks them against Access-Control-Allow-Headers. */
  readonly headerCheckOrder: readonly string[];
  readonly triggers: readonly PreflightTrigger[];
  /** The hop's response is a redirect (3xx with a Location), followed or not. */
  readonly redirectResponse: boolean;
}

export type SimulationOutcome =
  | { readonly kind: "allowed"; readonly preflights: ReadonlyMap<number, PreflightCheckResult> }
  | { readonly kind: "same-origin" }
  | {
      readonly kind: "blocked";
      readonly corsError: CurrentCorsErrorName | null;
      readonly failedParameter: string;
      readonly leg: Leg;
      readonly hop: number;
      readonly stage: PreflightStage | "access" | "redirect-location" | "not-captured";
      readonly accessError: AccessCheckError | null;
      readonly preflights: ReadonlyMap<number, PreflightCheckResult>;
    }
  | { readonly kind: "redirect-to-non-http"; readonly hop: number; readonly location: string }
  /** The browser stopped at a redirect that passes every check (redirect: "error", or credentials). */
  | {
      readonly kind: "redirect-not-followed";
      readonly hop: number;
      readonly preflights: ReadonlyMap<number, PreflightCheckResult>;
    }
  /** The browser recorded no response, yet every check that can be run passed. */
  | { readonly kind: "response-missing"; readonly hop: number; readonly leg: Leg; readonly preflightPassed: boolean };

/**
 * Computes, per hop, the serialized origin and whether (and why) a preflight is needed.
 * https://fetch.spec.whatwg.org/#main-fetch step 12 and https://fetch.spec.whatwg.org/#http-fetch step 4.1
 */
export function planHops(hops: readonly Hop[], initiatorOrigin: string): HopPlan[] {
  const plans: HopPlan[] = [];
  const urlList: string[] = [];
  let corsTainting = false;
  hops.forEach((hop, index) => {
    urlList.push(hop.request.url);
    const tainted = hasRedirectTaintedOrigin(initiatorOrigin, urlList);
    const sameOriginBasic = !corsTainting && urlIsSameOriginWith(hop.request.url, initiatorOrigin);
    if (!sameOriginBasic) corsTainting = true;
    const unsafe = unsafeHeaderNamesOf(hop);
    const methodTrigger: PreflightTrigger[] = isCorsSafelistedMethod(hop.request.method)
      ? []
      : [{ kind: "method", method: hop.request.method }];
    const redirectResponse = isRedirectResponse(hop);
    plans.push({
      index,
      leg: redirectResponse || index < hops.length - 1 ? "redirect" : "actual",
      redirectResponse,
      serializedOrigin: tainted ? "null" : initiatorOrigin,
      tainted,
      sameOriginBasic,
      preflightRequired: !sameOriginBasic && (methodTrigger.length > 0 || unsafe.names.length > 0),
      unsafeHeaderNames: unsafe.names,
      headerCheckOrder: chromiumHeaderCheckOrder(hop, unsafe.names),
      triggers: [...methodTrigger, ...unsafe.triggers],
    });
  });
  return plans;
}

/**
 * The CORS-unsafe request-header names of a hop. A captured preflight's
 * Access-Control-Request-Headers is what the browser computed, so it wins; the recorded request
 * headers then only explain each name. Without a preflight, the names are computed from the
 * script-settable headers of the request.
 */
function unsafeHeaderNamesOf(hop: Hop): { names: string[]; triggers: PreflightTrigger[] } {
  const computed = corsUnsafeRequestHeaderNames(scriptSettableHeaders(hop.request.headers));
  if (hop.preflight === null) return computed;
  const requestHeaders = hop.preflight.request.headers;
  if (!hasHeader(requestHeaders, "Access-Control-Request-Headers") && hop.preflight.request.provisionalHeaders) {
    return computed;
  }
  const names = getHeaderListItems(requestHeaders, "Access-Control-Request-Headers").map(byteLowercase);
  const triggers = computed.triggers.filter(
    (t) => t.kind === "total-length" || (t.kind !== "method" && names.includes(t.name)),
  );
  for (const name of names) {
    const explained = triggers.some((t) =>
      t.kind === "total-length" ? t.names.includes(name) : t.kind !== "method" && t.name === name,
    );
    if (!explained) triggers.push({ kind: "header-name", name });
  }
  return { names: [...new Set(names)].sort(), triggers };
}

/** A 3xx redirect status with a Location (https://fetch.spec.whatwg.org/#redirect-status). */
export function isRedirectResponse(hop: Hop): boolean {
  return (
    isRedirectStatus(hop.response.status) &&
    (hop.response.redirectURL !== null || getHeader(hop.response.headers, "Location") !== null)
  );
}

/**
 * NOTE(spec): the spec checks the sorted names (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
 * step 7.7, over #cors-unsafe-request-header-names). Chromium checks them in the order of the
 * network request's header vector, first the individually unsafe ones, then, past the 1024-byte
 * total, the safelisted ones (`PreflightResult::EnsureAllowedCrossOriginHeaders` over
 * `CorsUnsafeNotForbiddenRequestHeaderNames`, services/network/cors/cors_util.cc), and names the
 * first one missing from Access-Control-Allow-Headers. Blink fills that vector from a hash map,
 * so its order is neither the name order (Access-Control-Request-Headers is sorted) nor the order
 * fetch() or setRequestHeader() got them in, and no capture records it. Measured in Chromium 156
 * (fetch and XHR alike): X-Zeta, X-Alpha, X-Mid named x-zeta in every insertion order (lab
 * header-order-not-sorted); Content-Language (129 bytes) with X-Requested-With named
 * content-language (fuzz-long-content-language-header-order). The HAR's provisional header order,
 * DevTools' view of the same map, matched in 7 of 10 measured sets and name order in 4, so it is
 * the best record there is; root-causes.ts lists every missing name (SEVERAL_HEADERS_NOT_ALLOWED).
 */
function chromiumHeaderCheckOrder(hop: Hop, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const unsafeFirst: string[] = [];
  const safelistedLater: string[] = [];
  for (const header of hop.request.headers) {
    const name = byteLowercase(header.name);
    if (!wanted.has(name) || unsafeFirst.includes(name) || safelistedLater.includes(name)) continue;
    (isCorsSafelistedRequestHeader(header.name, header.value).safelisted ? safelistedLater : unsafeFirst).push(name);
  }
  const ordered = [...unsafeFirst, ...safelistedLater];
  for (const name of names) if (!ordered.includes(name)) ordered.push(name);
  return ordered;
}

/** True when the browser recorded that this hop's response never arrived (or was not kept). */
export function responseMissing(hop: Hop): boolean {
  return hop.response.status === 0;
}

export function simulate(
  hops: readonly Hop[],
  plans: readonly HopPlan[],
  credentialsMode: CredentialsMode,
  mode: RequestMode,
): SimulationOutcome {
  const preflights = new Map<number, PreflightCheckResult>();
  let sawCors = false;
  for (const plan of plans) {
    const hop = hops[plan.index] as Hop;
    if (plan.sameOriginBasic) {
      // Basic tainting: no CORS check for this hop. A same-origin redirect simply continues.
      if (plan.leg === "redirect") continue;
      return sawCors ? { kind: "allowed", preflights } : { kind: "same-origin" };
    }
    sawCors = true;

    // https://fetch.spec.whatwg.org/#http-fetch step 4.1: the CORS-preflight fetch, when needed.
    let preflightPassed = false;
    if (hop.preflight) {
      const result = checkPreflightResponse(
        {
          status: hop.preflight.response.status,
          headers: hop.preflight.response.headers,
          url: hop.preflight.request.url,
          redirectURL: hop.preflight.response.redirectURL,
        },
        {
          serializedRequestOrigin: plan.serializedOrigin,
          credentialsMode,
          method: hop.request.method,
          unsafeHeaderNames: plan.headerCheckOrder,
        },
      );
      preflights.set(plan.index, result);
      if (hop.preflight.response.status === 0) {
        return { kind: "response-missing", hop: plan.index, leg: "preflight", preflightPassed: false };
      }
      if (!result.ok) {
        return {
          kind: "blocked",
          corsError: result.corsError,
          failedParameter: result.failedParameter,
          leg: "preflight",
          hop: plan.index,
          stage: result.stage,
          accessError: result.accessError,
          preflights,
        };
      }
      preflightPassed = true;
    } else if (plan.preflightRequired && responseMissing(hop)) {
      // A preflight was needed, none was captured, and the request never got a response: the
      // browser stopped it, most likely at a preflight that happened before capture started.
      return {
        kind: "blocked",
        corsError: null,
        failedParameter: "",
        leg: "preflight",
        hop: plan.index,
        stage: "not-captured",
        accessError: null,
        preflights,
      };
    }

    if (responseMissing(hop)) {
      return { kind: "response-missing", hop: plan.index, leg: plan.leg, preflightPassed };
    }

    // https://fetch.spec.whatwg.org/#http-fetch step 4.4 (and redirects, which are checked too).
    const access = corsCheck(hop.response.headers, hop.request.url, plan.serializedOrigin, credentialsMode);
    if (!access.ok) {
      return {
        kind: "blocked",
        corsError: access.error,
        failedParameter: access.failedParameter,
        leg: plan.leg,
        hop: plan.index,
        stage: "access",
        accessError: access.error,
        preflights,
      };
    }

    if (plan.redirectResponse) {
      const location = hop.response.redirectURL ?? getHeader(hop.response.headers, "Location");
      if (location) {
        const next = plans[plan.index + 1];
        const problem = checkRedirectLocation(
          location,
          hop.request.url,
          mode,
          plan.serializedOrigin,
          next?.tainted ?? plan.tainted,
          true,
        );
        if (problem?.kind === "credentials") {
          // NOTE(spec): Chromium reports RedirectContainsCredentials with an empty failedParameter.
          return {
            kind: "blocked",
            corsError: "RedirectContainsCredentials",
            failedParameter: "",
            leg: "redirect",
            hop: plan.index,
            stage: "redirect-location",
            accessError: null,
            preflights,
          };
        }
        if (problem?.kind === "non-http-scheme") {
          return { kind: "redirect-to-non-http", hop: plan.index, location: problem.location };
        }
      }
      // The last recorded hop is a redirect the browser did not follow, yet it passes every check.
      if (plan.index === hops.length - 1 && hop.response.outcome.state === "failed") {
        return { kind: "redirect-not-followed", hop: plan.index, preflights };
      }
    }
  }
  return { kind: "allowed", preflights };
}
