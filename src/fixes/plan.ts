/**
 * From a diagnosis to what must change: the least-privilege policy the request needs, what the
 * server change must also take care of, and what the page must change itself.
 */

import { byteLowercase, getHeader, getHeaderListItems, isHttpToken } from "../engine/fetch/header-list.js";
import { isCorsSafelistedMethod } from "../engine/fetch/methods.js";
import { parseUrl } from "../engine/fetch/origin.js";
import { corsUnsafeRequestHeaderNames, scriptSettableHeaders } from "../engine/fetch/safelist.js";
import type { Diagnosis, Exchange, Hop } from "../engine/types.js";
import type { ClientChange, CorsPolicy, FixNeeds, FixPlan } from "./types.js";

/** Within every browser's cap (Chrome 7200 s, Firefox 86400 s, Safari 600 s). */
export const SAFE_MAX_AGE = 600;

const SERVER_FIXABLE_VERDICTS = new Set(["blocked", "allowed"]);

/**
 * The fix plan for one diagnosed exchange, or null when there is nothing to rewrite (not CORS, a
 * network error, not enough evidence, or allowed: a passing request's warnings get targeted
 * changes instead, `targetedFix`, which keep what the server sends; only a server suspected of
 * reflecting any origin with credentials gets a policy for a passing request).
 */
export function planFix(exchange: Exchange, diagnosis: Diagnosis): FixPlan | null {
  if (!SERVER_FIXABLE_VERDICTS.has(diagnosis.verdict)) return null;
  const codes = new Set(diagnosis.findings.map((f) => f.code));
  if (diagnosis.verdict === "allowed" && !codes.has("CREDENTIALED_REFLECTION_SUSPECTED")) return null;
  const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
  const origin = exchange.initiatorOrigin?.value ?? diagnosis.questions.origin.value;
  if (!hop || !origin || origin === "null") return null;
  const url = parseUrl(hop.request.url);
  if (!url) return null;

  const policy: CorsPolicy = {
    origins: [origin],
    methods: methodsFor(hop),
    headers: headersFor(hop),
    credentials: diagnosis.questions.credentials.mode === "include",
    maxAge: SAFE_MAX_AGE,
    exposeHeaders: exposedHeaders(hop),
    apiOrigin: url.origin,
    paths: [url.pathname],
  };

  const needs: FixNeeds = {
    preflight: diagnosis.questions.preflight.required || hop.preflight !== null,
    beforeAuth: codes.has("PREFLIGHT_AUTH_REJECTED"),
    answerOptions: codes.has("PREFLIGHT_ROUTE_MISSING") || codes.has("PREFLIGHT_SERVER_ERROR"),
    errorResponses:
      codes.has("SERVER_ERROR_WITHOUT_CORS") ||
      codes.has("GATEWAY_ERROR_WITHOUT_CORS") ||
      codes.has("RATE_LIMITED_WITHOUT_CORS") ||
      codes.has("CLIENT_ERROR_WITHOUT_CORS"),
    singleLayer: codes.has("DUPLICATE_ALLOW_ORIGIN"),
    actualResponses: codes.has("PREFLIGHT_OK_ACTUAL_MISSING_CORS"),
  };

  const clientChanges = clientChangesFor(exchange, diagnosis, hop);
  const clientOnly =
    diagnosis.corsError === "InsecureLocalNetwork" ||
    diagnosis.corsError === "LocalNetworkAccessPermissionDenied" ||
    codes.has("METHOD_CASE_NOT_NORMALIZED") ||
    (codes.has("CLIENT_SENT_CORS_RESPONSE_HEADERS") && diagnosis.corsError === "HeaderDisallowedByPreflightResponse");
  return { policy, needs, clientChanges, serverChangeHelps: !clientOnly };
}

/**
 * The methods to allow: the safelisted ones, this request's, and those the server already allows
 * (the smallest change keeps what already works for other pages; least privilege applies to what
 * is added). The same holds for request headers below.
 */
export function methodsFor(hop: Hop): string[] {
  const methods = ["GET", "HEAD", "POST"];
  const add = (method: string) => {
    if (method !== "" && method !== "*" && isHttpToken(method) && !methods.includes(method)) methods.push(method);
  };
  if (hop.preflight) {
    for (const item of getHeaderListItems(hop.preflight.response.headers, "Access-Control-Allow-Methods")) add(item);
  }
  // A lower-case custom method is a page bug (see CLIENT_UPPERCASE_METHOD); allow its proper form.
  const method = hop.request.method;
  add(isCorsSafelistedMethod(method) ? method : method.toUpperCase());
  return methods;
}

/** The request headers to allow: what the browser announced (or would), plus what the server already allows. */
export function headersFor(hop: Hop): string[] {
  const names = new Set<string>();
  const preflightHeaders = hop.preflight?.request.headers;
  const announced =
    preflightHeaders && getHeader(preflightHeaders, "Access-Control-Request-Headers") !== null
      ? getHeaderListItems(preflightHeaders, "Access-Control-Request-Headers")
      : corsUnsafeRequestHeaderNames(scriptSettableHeaders(hop.request.headers)).names;
  for (const name of announced) {
    const lower = byteLowercase(name);
    // Access-Control-* request headers are a page bug; never allow them as a "fix".
    if (lower !== "" && isHttpToken(lower) && !lower.startsWith("access-control-")) names.add(lower);
  }
  if (hop.preflight) {
    for (const item of getHeaderListItems(hop.preflight.response.headers, "Access-Control-Allow-Headers")) {
      const lower = byteLowercase(item);
      if (lower !== "*" && isHttpToken(lower)) names.add(lower);
    }
  }
  return [...names];
}

export function exposedHeaders(hop: Hop): string[] {
  return getHeaderListItems(hop.response.headers, "Access-Control-Expose-Headers").filter(
    (h) => h !== "*" && isHttpToken(h),
  );
}

function clientChangesFor(exchange: Exchange, diagnosis: Diagnosis, hop: Hop): ClientChange[] {
  const changes: ClientChange[] = [];
  for (const finding of diagnosis.findings) {
    switch (finding.code) {
      case "METHOD_CASE_NOT_NORMALIZED":
        changes.push({
          code: "CLIENT_UPPERCASE_METHOD",
          args: { method: hop.request.method, upper: hop.request.method.toUpperCase() },
        });
        break;
      case "CLIENT_SENT_CORS_RESPONSE_HEADERS":
        changes.push({
          code: "CLIENT_REMOVE_CORS_HEADERS",
          args: { headers: (finding.args.headers as readonly string[] | undefined) ?? [] },
        });
        break;
      case "PREFLIGHT_REDIRECT_TRAILING_SLASH":
      case "PREFLIGHT_REDIRECT_HTTPS_UPGRADE":
      case "PREFLIGHT_REDIRECT_OTHER":
        changes.push({
          code: "CLIENT_CALL_FINAL_URL",
          args: { from: String(finding.args.from ?? ""), to: String(finding.args.to ?? "") },
        });
        break;
      case "REDIRECT_TAINTED_ORIGIN": {
        const last = exchange.hops[exchange.hops.length - 1];
        changes.push({
          code: "CLIENT_CALL_FINAL_URL",
          args: { from: exchange.hops[0]?.request.url ?? "", to: last?.request.url ?? "" },
        });
        break;
      }
      case "LOCAL_NETWORK_ACCESS":
        changes.push({ code: "CLIENT_GRANT_LOCAL_NETWORK_ACCESS", args: {} });
        break;
      default:
        break;
    }
  }
  return changes;
}
