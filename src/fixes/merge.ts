/**
 * One policy per server: every exchange to a server origin in a capture, allowed and blocked,
 * merged into the one change that keeps all of them working. A fix per request is wrong the moment
 * a capture holds two requests to the same API: pasting the second overwrites the first.
 */

import { getHeader } from "../engine/fetch/header-list.js";
import { parseUrl } from "../engine/fetch/origin.js";
import type { Diagnosis, Exchange, Verdict } from "../engine/types.js";
import { exposedHeaders, headersFor, methodsFor, planFix, SAFE_MAX_AGE } from "./plan.js";
import { ANY_ORIGIN } from "./snippet.js";
import type { CorsPolicy, FixNeeds, FixPlan } from "./types.js";

/** One diagnosed exchange, as every surface already holds it. */
export interface DiagnosedExchange {
  readonly exchange: Exchange;
  readonly diagnosis: Diagnosis;
}

/** A request counted in a server's merged policy. */
export interface ServerRequest {
  readonly method: string;
  readonly url: string;
  readonly verdict: Extract<Verdict, "allowed" | "blocked">;
}

/**
 * Changes for a server whose requests all pass but carry warnings: added to what the server sends
 * today, never a rewrite of it.
 */
export type TargetedChangeCode =
  | "ADD_VARY_ORIGIN"
  | "LOWER_MAX_AGE"
  | "LIST_AUTHORIZATION"
  | "DROP_CREDENTIALS_WITH_WILDCARD";

export interface TargetedChange {
  readonly code: TargetedChangeCode;
  /** The response header to change. */
  readonly name: string;
  /** Its new value (for LIST_AUTHORIZATION: the name to append to the list), or null: remove it. */
  readonly value: string | null;
}

export interface ServerPlan {
  /** The server's origin, e.g. `https://api.example`. */
  readonly server: string;
  /** Every CORS request to it, in capture order. */
  readonly requests: readonly ServerRequest[];
  readonly blocked: number;
  /**
   * The merged plan when a request to this server is blocked and a server change helps (or the
   * server reflects origins with credentials); null when at most targeted changes are needed.
   */
  readonly plan: FixPlan | null;
  /** For servers without a plan: the small additions their warnings ask for. */
  readonly targeted: readonly TargetedChange[];
}

interface Accumulator {
  readonly server: string;
  readonly requests: ServerRequest[];
  readonly origins: string[];
  readonly methods: string[];
  readonly headers: string[];
  readonly exposeHeaders: string[];
  readonly paths: string[];
  credentials: boolean;
  wildcardWorks: boolean;
  blocked: number;
  needsPolicy: boolean;
  needs: { -readonly [K in keyof FixNeeds]: boolean };
  readonly warnings: Set<string>;
}

const addAll = (list: string[], values: readonly string[]) => {
  for (const value of values) if (!list.includes(value)) list.push(value);
};

const NO_NEEDS: FixNeeds = {
  preflight: false,
  beforeAuth: false,
  answerOptions: false,
  errorResponses: false,
  singleLayer: false,
  actualResponses: false,
};

/**
 * The merged plan for every server origin the capture's CORS requests went to, in order of first
 * request. Per server: every page origin seen (an explicit list), every method and request header
 * any request needs or the server already allows, credentials when any request sends them or the
 * server already allows them where it works, every exposed header kept, every request path.
 * `*` stays only where it works today and nothing needs credentials.
 */
export function mergeServerPolicies(items: Iterable<DiagnosedExchange>): ServerPlan[] {
  const merger = new ServerPolicyMerger();
  for (const item of items) merger.add(item);
  return merger.finish();
}

/**
 * mergeServerPolicies one exchange at a time: each server's accumulated lists, never the
 * exchanges, so a report of a large capture need not hold them (src/cli/har-report.ts).
 */
export class ServerPolicyMerger {
  private readonly servers = new Map<string, Accumulator>();

  add({ exchange, diagnosis }: DiagnosedExchange): void {
    const servers = this.servers;
    if (diagnosis.verdict !== "allowed" && diagnosis.verdict !== "blocked") return;
    const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[0];
    const origin = exchange.initiatorOrigin?.value ?? diagnosis.questions.origin.value;
    const url = hop ? parseUrl(hop.request.url) : null;
    if (!hop || !url || !origin || origin === "null" || origin === url.origin) return;
    let server = servers.get(url.origin);
    if (!server) {
      server = {
        server: url.origin,
        requests: [],
        origins: [],
        methods: [],
        headers: [],
        exposeHeaders: [],
        paths: [],
        credentials: false,
        wildcardWorks: false,
        blocked: 0,
        needsPolicy: false,
        needs: { ...NO_NEEDS },
        warnings: new Set(),
      };
      servers.set(url.origin, server);
    }
    server.requests.push({ method: hop.request.method, url: hop.request.url, verdict: diagnosis.verdict });
    addAll(server.origins, [origin]);
    addAll(server.methods, methodsFor(hop));
    addAll(server.headers, headersFor(hop));
    addAll(server.exposeHeaders, exposedHeaders(hop));
    addAll(server.paths, [url.pathname]);
    if (diagnosis.questions.credentials.mode === "include") server.credentials = true;
    if (diagnosis.verdict === "allowed") {
      const headers = hop.response.headers;
      // What works today stays: credentials the server already allows, a public `*`.
      if (
        getHeader(headers, "Access-Control-Allow-Credentials") === "true" &&
        getHeader(headers, "Access-Control-Allow-Origin") !== "*"
      )
        server.credentials = true;
      if (getHeader(headers, "Access-Control-Allow-Origin") === "*") server.wildcardWorks = true;
      for (const finding of diagnosis.findings) if (finding.severity === "warning") server.warnings.add(finding.code);
      if (server.warnings.has("CREDENTIALED_REFLECTION_SUSPECTED")) server.needsPolicy = true;
      return;
    }
    server.blocked++;
    const plan = planFix(exchange, diagnosis);
    if (!plan?.serverChangeHelps) return;
    server.needsPolicy = true;
    for (const key of Object.keys(NO_NEEDS) as (keyof FixNeeds)[]) if (plan.needs[key]) server.needs[key] = true;
  }

  finish(): ServerPlan[] {
    return [...this.servers.values()].map(finish);
  }
}

function finish(server: Accumulator): ServerPlan {
  const base = { server: server.server, requests: server.requests, blocked: server.blocked };
  if (!server.needsPolicy) return { ...base, plan: null, targeted: targetedChanges(server) };
  const policy: CorsPolicy = {
    // Never `*` with credentials; a `*` that already works for a public API is not narrowed.
    origins: server.wildcardWorks && !server.credentials ? [ANY_ORIGIN] : server.origins,
    methods: server.methods,
    headers: server.headers,
    credentials: server.credentials,
    maxAge: SAFE_MAX_AGE,
    exposeHeaders: server.exposeHeaders,
    apiOrigin: server.server,
    paths: server.paths,
  };
  return {
    ...base,
    plan: { policy, needs: server.needs, clientChanges: [], serverChangeHelps: true },
    targeted: [],
  };
}

function targetedChanges(server: Accumulator): TargetedChange[] {
  return targetedFor(server.warnings, server.credentials);
}

/**
 * The additions a passing request's warnings ask for (`Vary: Origin`, ...), given the warning codes
 * and whether credentials are in use. Everything else the server sends stays as it is.
 */
export function targetedFor(warnings: ReadonlySet<string>, credentials: boolean): TargetedChange[] {
  const changes: TargetedChange[] = [];
  if (warnings.has("VARY_ORIGIN_MISSING")) changes.push({ code: "ADD_VARY_ORIGIN", name: "Vary", value: "Origin" });
  if (warnings.has("MAX_AGE_ABOVE_CAP"))
    changes.push({ code: "LOWER_MAX_AGE", name: "Access-Control-Max-Age", value: String(SAFE_MAX_AGE) });
  if (warnings.has("AUTHORIZATION_COVERED_BY_WILDCARD_ONLY"))
    changes.push({ code: "LIST_AUTHORIZATION", name: "Access-Control-Allow-Headers", value: "authorization" });
  if (warnings.has("WILDCARD_WITH_ALLOW_CREDENTIALS") && !credentials)
    changes.push({ code: "DROP_CREDENTIALS_WITH_WILDCARD", name: "Access-Control-Allow-Credentials", value: null });
  return changes;
}

/** The targeted changes for one passing exchange (empty for any other verdict). */
export function targetedFix({ diagnosis }: DiagnosedExchange): TargetedChange[] {
  if (diagnosis.verdict !== "allowed") return [];
  const warnings = new Set(diagnosis.findings.filter((f) => f.severity === "warning").map((f) => f.code as string));
  return targetedFor(warnings, diagnosis.questions.credentials.mode === "include");
}
