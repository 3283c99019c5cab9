/**
 * Where the fix belongs: of the components that answered the requests to one server (a CDN, a
 * proxy, an API gateway, the function or application behind them), the one whose answer lacked the
 * CORS headers, with the evidence and one sentence saying why (words in src/explain/layer-texts.ts).
 * A gateway whose preflight already passes is left alone when the function's response is the one
 * that fails; a working `*` on a public API without credentials is kept.
 */

import type { Diagnosis, Exchange } from "../engine/types.js";
import type { StackId } from "./registry.js";
import {
  type BodyLookup,
  identifyExchangeResponders,
  type Layer,
  type Responder,
  relateToSiblings,
} from "./responders.js";
import type { Confidence, FixPlan } from "./types.js";

export type { BodyLookup, Layer, Responder, ResponseRef } from "./responders.js";
export { componentName, identifyResponder, identifyResponders } from "./responders.js";

/** The arguments of each reason; the words are src/explain's. */
export interface LayerWhyArgsByCode {
  /** The gateway answered the preflight and it passed; the function's response lacked the headers. */
  readonly GATEWAY_PREFLIGHT_FUNCTION_RESPONSE: { readonly gateway: string; readonly status: number };
  /** The function's own response (through a gateway or a function URL) lacked the headers. */
  readonly FUNCTION_RESPONSE: { readonly status: number; readonly leg: "preflight" | "actual" };
  /** The gateway answered itself (its error, its OPTIONS method); the function never ran. */
  readonly GATEWAY_OWN_RESPONSE: {
    readonly gateway: string;
    readonly status: number;
    readonly leg: "preflight" | "actual";
    readonly errorType: string | null;
  };
  /** A CDN or proxy answered with its own error page: the application never answered. */
  readonly EDGE_OWN_ERROR: { readonly edge: string; readonly status: number; readonly app: string | null };
  /** The application answered (possibly through CDNs and proxies that pass it on). */
  readonly APPLICATION_RESPONSE: {
    readonly app: string;
    readonly through: readonly string[];
    readonly status: number;
    readonly leg: "preflight" | "actual";
  };
  /** A web server or proxy answered and no application shows behind it. */
  readonly PROXY_RESPONSE: { readonly proxy: string; readonly status: number; readonly leg: "preflight" | "actual" };
  /** Two layers each set Access-Control-Allow-Origin. */
  readonly TWO_LAYERS_ALLOW_ORIGIN: { readonly layers: readonly string[]; readonly keep: string | null };
  /** Nothing in the headers tells which component answered. */
  readonly LAYER_UNKNOWN: { readonly status: number };
}

export type LayerWhyCode = keyof LayerWhyArgsByCode;

export const LAYER_WHY_CODES: readonly LayerWhyCode[] = [
  "GATEWAY_PREFLIGHT_FUNCTION_RESPONSE",
  "FUNCTION_RESPONSE",
  "GATEWAY_OWN_RESPONSE",
  "EDGE_OWN_ERROR",
  "APPLICATION_RESPONSE",
  "PROXY_RESPONSE",
  "TWO_LAYERS_ALLOW_ORIGIN",
  "LAYER_UNKNOWN",
];

export type LayerWhy = {
  [C in LayerWhyCode]: { readonly code: C; readonly args: LayerWhyArgsByCode[C] };
}[LayerWhyCode];

export interface FixLayer {
  /** The layer that lacks the headers and gets the fix. */
  readonly layer: Layer;
  /** The stack whose fix changes that layer; absent when none of ours does (a CDN's own error page). */
  readonly stack?: StackId;
  /** Its proper name (`AWS Lambda`, `API Gateway (REST API)`, `Cloudflare`, `Express`), when known. */
  readonly component: string | null;
  /** The recorded lines behind the decision, each prefixed with the response it is from. */
  readonly evidence: readonly string[];
  readonly why: LayerWhy;
  /** How sure: high when two responses agree (the gateway's preflight passes, the function's answer fails). */
  readonly confidence: Confidence;
  /**
   * A layer that works answers `Access-Control-Allow-Origin: *` and no request sends credentials:
   * the fix keeps `*` rather than naming the page's origin (which breaks every other site using
   * the API, production included, when the capture came from a development server).
   */
  readonly keepWildcard: boolean;
  /** Every response, identified. */
  readonly responders: readonly Responder[];
}

/** Most failing responses win; on a tie, the layer closest to the code the developer owns. */
const LAYER_PRIORITY: readonly Layer[] = ["function", "application", "api-gateway", "proxy", "cdn", "unknown"];

/**
 * The layer to fix for a set of exchanges to one server (`diagnoses[i]` is `exchanges[i]`'s), or
 * null when none is blocked. `bodyOf` adds response bodies when the caller has them.
 */
export function inferFixLayer(
  exchanges: readonly Exchange[],
  diagnoses: readonly Diagnosis[],
  bodyOf?: BodyLookup,
): FixLayer | null {
  const evidence = new FixLayerEvidence(bodyOf);
  exchanges.forEach((exchange, index) => {
    evidence.add(exchange, diagnoses[index]);
  });
  return evidence.finish();
}

/**
 * inferFixLayer's evidence gathered one exchange at a time: the identified responses (small),
 * never the exchanges, so a report of a large capture need not hold them (src/cli/har-report.ts).
 */
export class FixLayerEvidence {
  private readonly responders: Responder[] = [];
  /** The request method of each responder's hop, by the responder's index. */
  private readonly methods: string[] = [];
  /** Indexes of the responders whose answer a blocked exchange failed on. */
  private readonly failing: number[] = [];
  private duplicate = false;
  private credentialed = false;
  private count = 0;

  constructor(private readonly bodyOf?: BodyLookup) {}

  add(exchange: Exchange, diagnosis: Diagnosis | undefined): void {
    const index = this.count++;
    const first = this.responders.length;
    for (const responder of identifyExchangeResponders(exchange, index, this.bodyOf)) {
      this.responders.push(responder);
      this.methods.push(exchange.hops[responder.hop]?.request.method ?? "");
    }
    if (!diagnosis) return;
    if (diagnosis.questions.credentials.mode === "include") this.credentialed = true;
    if (diagnosis.verdict !== "blocked" || diagnosis.leg === null) return;
    if (diagnosis.findings.some((f) => f.code === "DUPLICATE_ALLOW_ORIGIN")) this.duplicate = true;
    const leg = diagnosis.leg === "preflight" ? "preflight" : "actual";
    for (let i = first; i < this.responders.length; i++) {
      const r = this.responders[i] as Responder;
      if (r.hop === diagnosis.hop && r.leg === leg) {
        this.failing.push(i);
        break;
      }
    }
  }

  finish(): FixLayer | null {
    const responders = relateToSiblings(this.responders);
    const failing = this.failing.map((i) => responders[i] as Responder);
    const methodOf = new Map(responders.map((r, i) => [r, this.methods[i] ?? ""]));
    return decideLayer(responders, failing, this.duplicate, this.credentialed, (r) => methodOf.get(r) ?? "");
  }
}

function decideLayer(
  responders: readonly Responder[],
  failing: readonly Responder[],
  duplicate: boolean,
  credentialed: boolean,
  methodOf: (r: Responder) => string,
): FixLayer | null {
  const failed = new Set(failing);
  const primary = pickPrimary(failing);
  if (!primary) return null;

  const label = (r: Responder) => `${r.leg === "preflight" ? "OPTIONS" : methodOf(r)} ${r.status}`.trim();
  const cite = (...rs: Responder[]) => rs.flatMap((r) => r.evidence.map((e) => `${label(r)}: ${e}`));
  const keepWildcard =
    !credentialed && responders.some((r) => !failed.has(r) && r.allowOrigin.length === 1 && r.allowOrigin[0] === "*");
  const result = (
    fields: Omit<FixLayer, "keepWildcard" | "responders" | "component" | "confidence"> & {
      component?: string | null;
      confidence?: Confidence;
    },
  ): FixLayer => ({
    component: primary.component,
    confidence: primary.confidence,
    ...fields,
    keepWildcard,
    responders,
  });
  const leg = primary.leg;
  const stack = primary.stack ? { stack: primary.stack } : {};
  const application = responders.find((r) => r.layer === "application");

  if (duplicate && primary.allowOrigin.length > 1) {
    const layers = [...primary.through, ...(primary.component ? [primary.component] : [])];
    return result({
      layer: primary.layer,
      ...stack,
      evidence: [
        ...cite(primary),
        ...primary.allowOrigin.map((v) => `${label(primary)}: Access-Control-Allow-Origin: ${v}`),
      ],
      why: {
        code: "TWO_LAYERS_ALLOW_ORIGIN",
        args: { layers, keep: primary.layer === "application" ? primary.component : null },
      },
    });
  }

  switch (primary.layer) {
    case "function": {
      const gatewayPreflight = responders.find(
        (r) => r.leg === "preflight" && r.layer === "api-gateway" && r.allowOrigin.length > 0 && !failed.has(r),
      );
      if (leg === "actual" && gatewayPreflight)
        return result({
          layer: "function",
          ...stack,
          evidence: [...cite(gatewayPreflight), ...cite(primary)],
          confidence: "high",
          why: {
            code: "GATEWAY_PREFLIGHT_FUNCTION_RESPONSE",
            args: { gateway: gatewayPreflight.component ?? "API Gateway", status: primary.status },
          },
        });
      return result({
        layer: "function",
        ...stack,
        evidence: cite(primary),
        why: { code: "FUNCTION_RESPONSE", args: { status: primary.status, leg } },
      });
    }
    case "api-gateway": {
      const errorType = primary.evidence.find((e) => /^x-amzn-ErrorType:/i.test(e));
      return result({
        layer: "api-gateway",
        ...stack,
        evidence: cite(primary),
        why: {
          code: "GATEWAY_OWN_RESPONSE",
          args: {
            gateway: primary.component ?? "API Gateway",
            status: primary.status,
            leg,
            errorType: errorType ? errorType.replace(/^[^:]*:\s*/, "") : null,
          },
        },
      });
    }
    case "cdn":
      return result({
        layer: "cdn",
        ...stack,
        evidence: [...cite(primary), ...(application ? cite(application) : [])],
        why: {
          code: "EDGE_OWN_ERROR",
          args: { edge: primary.component ?? "The CDN", status: primary.status, app: application?.component ?? null },
        },
      });
    case "proxy":
      if (application && primary.status >= 400)
        return result({
          layer: "proxy",
          ...stack,
          evidence: [...cite(primary), ...cite(application)],
          why: {
            code: "EDGE_OWN_ERROR",
            args: { edge: primary.component ?? "The proxy", status: primary.status, app: application.component },
          },
        });
      return result({
        layer: "proxy",
        ...stack,
        evidence: cite(primary),
        why: {
          code: "PROXY_RESPONSE",
          args: { proxy: primary.component ?? "The web server", status: primary.status, leg },
        },
      });
    case "application":
      return result({
        layer: "application",
        ...stack,
        evidence: [...cite(primary), ...primary.through.map((t) => `${label(primary)}: passed through ${t}`)],
        why: {
          code: "APPLICATION_RESPONSE",
          args: { app: primary.component ?? "your application", through: primary.through, status: primary.status, leg },
        },
      });
    default:
      return result({
        layer: "unknown",
        evidence: [],
        why: { code: "LAYER_UNKNOWN", args: { status: primary.status } },
      });
  }
}

/** The failing response whose layer fails most often (ties: LAYER_PRIORITY), first of its layer. */
function pickPrimary(failing: readonly Responder[]): Responder | null {
  let best: Responder | null = null;
  let bestCount = 0;
  for (const layer of LAYER_PRIORITY) {
    const ofLayer = failing.filter((r) => r.layer === layer);
    if (ofLayer.length > bestCount) {
      best = ofLayer[0] ?? null;
      bestCount = ofLayer.length;
    }
  }
  return best;
}

/**
 * The plan aimed at the layer. A working `*` (see `keepWildcard`) stays `*` instead of the page's
 * origin: planFix names the page's origin because it sees one request; the layer sees what works.
 * When a gateway's preflight already passes and only the function's response lacks the headers,
 * the function's change is about its responses: the preflight stays where it is answered today.
 */
export function aimPlan(plan: FixPlan, layer: FixLayer | null | undefined): FixPlan {
  if (!layer) return plan;
  const wildcard = layer.keepWildcard && !plan.policy.credentials;
  const preflightElsewhere = layer.why.code === "GATEWAY_PREFLIGHT_FUNCTION_RESPONSE";
  if (!wildcard && !preflightElsewhere) return plan;
  return {
    ...plan,
    policy: wildcard ? { ...plan.policy, origins: ["*"] } : plan.policy,
    needs: preflightElsewhere
      ? { ...plan.needs, preflight: false, answerOptions: false, beforeAuth: false, actualResponses: true }
      : plan.needs,
  };
}
