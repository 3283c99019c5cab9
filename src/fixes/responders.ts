/**
 * Which component produced each response: a CDN or proxy answering with its own error page, an API
 * gateway answering itself, the function behind the gateway, or the application behind a proxy.
 * Read from the response's headers (and its body when the caller has it), with the lines that
 * told. layer.ts decides from these where a fix belongs.
 */

import { byteLowercase, getHeader, getHeaderValues } from "../engine/fetch/header-list.js";
import type { Exchange, HeaderLine } from "../engine/types.js";
import { STACK_GENERATORS, type StackId } from "./registry.js";
import { matchStackRules, type StackMatch } from "./stack-rules.js";
import type { Confidence } from "./types.js";

export type Layer = "cdn" | "proxy" | "api-gateway" | "function" | "application" | "unknown";

/** One recorded response: the exchange's index in the set, the hop, and which leg. */
export interface ResponseRef {
  readonly exchange: number;
  readonly hop: number;
  readonly leg: "preflight" | "actual";
}

/** A response body, when the caller has it (HAR `content.text`); capture keeps none. */
export type BodyLookup = (ref: ResponseRef) => string | null;

export interface Responder extends ResponseRef {
  readonly status: number;
  readonly layer: Layer;
  /** The component's proper name (`API Gateway (REST API)`, `Cloudflare`, `Express`), or null. */
  readonly component: string | null;
  /** The stack whose fix changes this component, when there is one. */
  readonly stack?: StackId;
  readonly confidence: Confidence;
  /** CDNs and proxies the response passed through without producing it. */
  readonly through: readonly string[];
  /** Every Access-Control-Allow-Origin line's value (two lines: two layers set it). */
  readonly allowOrigin: readonly string[];
  /** The lines that told, as `Name: value` (or a recorded fact such as `status 522`). */
  readonly evidence: readonly string[];
}

const REST = "API Gateway (REST API)";
const HTTP_API = "API Gateway (HTTP API)";

/**
 * Error bodies API Gateway writes itself (its gateway responses' default templates); a function
 * rarely answers exactly these. Only read when the body is at hand.
 */
const GATEWAY_ERROR_BODY =
  /^\s*\{\s*"[Mm]essage"\s*:\s*"(Forbidden|Missing Authentication Token|Unauthorized|Internal server error|Internal Server Error|Endpoint request timed out|Not Found|Service Unavailable|Too Many Requests|Limit Exceeded|Request too long|User is not authorized to access this resource[^"]*)"\s*\}\s*$/;

/** Status codes only Cloudflare answers with: its origin-unreachable family. */
const CLOUDFLARE_OWN_STATUS = new Set([520, 521, 522, 523, 524, 525, 526, 527, 530]);

/** Web servers and proxies that answer errors with their own page when the upstream fails. */
const PROXY_STACKS: ReadonlySet<StackId> = new Set<StackId>(["nginx", "apache", "caddy", "envoy", "traefik"]);
const GATEWAY_STACKS: ReadonlySet<StackId> = new Set<StackId>(["aws-rest-api", "aws-http-api", "kong"]);

/** Every recorded response of every exchange, identified. `bodyOf` is optional. */
export function identifyResponders(exchanges: readonly Exchange[], bodyOf?: BodyLookup): Responder[] {
  return relateToSiblings(exchanges.flatMap((exchange, index) => identifyExchangeResponders(exchange, index, bodyOf)));
}

/** The recorded responses of one exchange (`index`: its place in the set), identified on their own. */
export function identifyExchangeResponders(exchange: Exchange, index: number, bodyOf?: BodyLookup): Responder[] {
  const responders: Responder[] = [];
  exchange.hops.forEach((hop, hopIndex) => {
    if (hop.preflight && hop.preflight.response.status > 0) {
      const ref: ResponseRef = { exchange: index, hop: hopIndex, leg: "preflight" };
      responders.push(identifyResponder(ref, hop.preflight.response, bodyOf?.(ref) ?? null));
    }
    if (hop.response.status > 0) {
      const ref: ResponseRef = { exchange: index, hop: hopIndex, leg: "actual" };
      responders.push(identifyResponder(ref, hop.response, bodyOf?.(ref) ?? null));
    }
  });
  return responders;
}

type Identified = Omit<Responder, keyof ResponseRef | "status" | "allowOrigin" | "through">;

/** One response on its own. Rules go from the most telling sign to the weakest. */
export function identifyResponder(
  ref: ResponseRef,
  response: { readonly status: number; readonly headers: readonly HeaderLine[] },
  body: string | null,
): Responder {
  const { headers, status } = response;
  const identified = awsResponder(ref, headers, status, body) ?? edgeOrOrigin(headers, status);
  return {
    ...ref,
    status,
    allowOrigin: getHeaderValues(headers, "Access-Control-Allow-Origin").map((v) => v.trim()),
    through: throughMarks(headers).filter((mark) => mark !== identified.component),
    ...identified,
  };
}

function line(headers: readonly HeaderLine[], name: string): string | null {
  const value = getHeader(headers, name);
  return value === null ? null : `${name}: ${value}`;
}

/** API Gateway and Lambda: the gateway's own errors, its preflight answers, and what it passes through. */
function awsResponder(
  ref: ResponseRef,
  headers: readonly HeaderLine[],
  status: number,
  body: string | null,
): Identified | null {
  const restId = line(headers, "x-amz-apigw-id");
  const httpId = line(headers, "apigw-requestid");
  const errorType = line(headers, "x-amzn-ErrorType");
  const requestId = line(headers, "x-amzn-RequestId");
  const gateway = restId ? REST : httpId ? HTTP_API : null;
  const gatewayStack: StackId | undefined = restId ? "aws-rest-api" : httpId ? "aws-http-api" : undefined;
  const gatewayEvidence = [restId ?? httpId].filter((e): e is string => e !== null);
  const bodyShape = body !== null && gateway !== null ? GATEWAY_ERROR_BODY.exec(body) : null;

  // The gateway's own answer (authorizers, missing routes, throttling, integration failures)
  // carries its error type; a proxy integration's response never does.
  if (errorType && gateway)
    return {
      layer: "api-gateway",
      component: gateway,
      stack: gatewayStack,
      confidence: "high",
      evidence: [...gatewayEvidence, errorType],
    };
  if (bodyShape && status >= 400)
    return {
      layer: "api-gateway",
      component: gateway,
      stack: gatewayStack,
      confidence: "high",
      evidence: [...gatewayEvidence, `body: ${(bodyShape[0] ?? "").trim()}`],
    };
  if (gateway) {
    // A REST API's OPTIONS method is usually a mock integration (the console's Enable CORS), and an
    // HTTP API with CorsConfiguration answers preflights itself; a route sending OPTIONS to the
    // function is told apart by layer.ts from the actual responses.
    if (ref.leg === "preflight")
      return {
        layer: "api-gateway",
        component: gateway,
        stack: gatewayStack,
        confidence: "medium",
        evidence: gatewayEvidence,
      };
    return {
      layer: "function",
      component: "AWS Lambda",
      stack: "aws-lambda",
      confidence: "medium",
      evidence: [...gatewayEvidence, "no x-amzn-ErrorType: passed through from the integration"],
    };
  }
  if (errorType && requestId)
    return {
      layer: "function",
      component: "AWS Lambda",
      stack: "aws-lambda",
      confidence: "medium",
      evidence: [requestId, errorType],
    };
  // A Lambda function URL: Lambda's request id, no gateway.
  if (requestId)
    return {
      layer: "function",
      component: "AWS Lambda",
      stack: "aws-lambda",
      confidence: "low",
      evidence: [requestId],
    };
  return null;
}

/** CDNs and proxies on the way, and whichever stack the headers name. */
function edgeOrOrigin(headers: readonly HeaderLine[], status: number): Identified {
  const server = getHeader(headers, "Server") ?? "";
  const contentType = byteLowercase(getHeader(headers, "Content-Type") ?? "");
  const matches = matchStackRules(headers);
  const app = applicationMatch(matches, headers);
  const htmlOrEmpty = contentType === "" || contentType.startsWith("text/html") || contentType.startsWith("text/plain");

  // Cloudflare rewrites Server on everything it proxies, so only its own status codes, or an HTML
  // error page with none of the application's headers, are its own answer.
  const cloudflare = /^cloudflare$/i.test(server) || getHeader(headers, "cf-ray") !== null;
  if (cloudflare && CLOUDFLARE_OWN_STATUS.has(status)) return cdn("Cloudflare", headers, status, "high");
  if (cloudflare && status >= 500 && !app && htmlOrEmpty) return cdn("Cloudflare", headers, status, "medium");
  const cloudfrontError = /^error from cloudfront$/i.test(getHeader(headers, "X-Cache") ?? "");
  if (/^cloudfront$/i.test(server) && (cloudfrontError || status >= 400))
    return cdn("CloudFront", headers, status, "high");

  // Envoy marks every response that came from upstream; one without the mark is its own.
  if (/^envoy$/i.test(server) && status >= 500 && getHeader(headers, "x-envoy-upstream-service-time") === null)
    return {
      layer: "proxy",
      component: "Envoy",
      stack: "envoy",
      confidence: "high",
      evidence: [`Server: ${server}`, "no x-envoy-upstream-service-time", `status ${status}`],
    };

  if (app)
    return {
      layer: "application",
      component: app.component,
      ...(app.stack ? { stack: app.stack } : {}),
      confidence: app.confidence,
      evidence: [app.evidence],
    };
  // Envoy and Kong time the upstream on every response it answered: the service behind them did.
  const upstream = line(headers, "x-envoy-upstream-service-time") ?? line(headers, "X-Kong-Upstream-Latency");
  if (upstream) return { layer: "application", component: null, confidence: "medium", evidence: [upstream] };
  const gatewayMatch = matches.find((m) => GATEWAY_STACKS.has(m.stack));
  if (gatewayMatch)
    return {
      layer: "api-gateway",
      component: componentName(gatewayMatch.stack),
      stack: gatewayMatch.stack,
      confidence: gatewayMatch.confidence,
      evidence: [gatewayMatch.evidence],
    };
  const proxyMatch = matches.find((m) => PROXY_STACKS.has(m.stack));
  if (proxyMatch) {
    // Without the application's headers a web server's answer is its own; whether it is also the
    // application (CORS configured in it) or a proxy in front of one, its configuration is where
    // the headers go. layer.ts tells the error page of a proxy from its siblings.
    return {
      layer: "proxy",
      component: componentName(proxyMatch.stack),
      stack: proxyMatch.stack,
      confidence: proxyMatch.confidence,
      evidence: [proxyMatch.evidence],
    };
  }
  const other = matches[0];
  if (other)
    return {
      layer: "application",
      component: componentName(other.stack),
      stack: other.stack,
      confidence: other.confidence,
      evidence: [other.evidence],
    };
  return { layer: "unknown", component: null, confidence: "low", evidence: [] };
}

function cdn(component: string, headers: readonly HeaderLine[], status: number, confidence: Confidence): Identified {
  const evidence = [line(headers, "Server"), line(headers, "cf-ray"), line(headers, "X-Cache"), `status ${status}`];
  return {
    layer: "cdn",
    component,
    confidence,
    evidence: evidence.filter((e): e is string => e !== null),
  };
}

interface AppMatch {
  readonly component: string;
  readonly stack?: StackId;
  readonly confidence: Confidence;
  readonly evidence: string;
}

/** A framework's sign (a stack between 100 and 299), or any X-Powered-By: the application answered. */
function applicationMatch(matches: readonly StackMatch[], headers: readonly HeaderLine[]): AppMatch | null {
  const framework = matches.find((m) => m.precedence >= 100 && m.precedence < 300);
  if (framework)
    return {
      component: componentName(framework.stack),
      stack: framework.stack,
      confidence: framework.confidence,
      evidence: framework.evidence,
    };
  const poweredBy = getHeader(headers, "X-Powered-By");
  if (poweredBy) return { component: poweredBy, confidence: "medium", evidence: `X-Powered-By: ${poweredBy}` };
  return null;
}

/** Names of the CDNs and proxies a response passed through (their marks on a response they did not make). */
function throughMarks(headers: readonly HeaderLine[]): string[] {
  const marks = new Set<string>();
  for (const h of headers) {
    const name = byteLowercase(h.name);
    if (name === "cf-ray") marks.add("Cloudflare");
    if (name === "x-amz-cf-id" || (name === "via" && /cloudfront/i.test(h.value))) marks.add("CloudFront");
    if (name === "x-served-by" && /cache-/i.test(h.value)) marks.add("Fastly");
    if (name === "via" && /varnish/i.test(h.value)) marks.add("Varnish");
    if (name === "x-vercel-id") marks.add("Vercel");
    if (name === "x-nf-request-id") marks.add("Netlify");
    if (name === "via" && /kong/i.test(h.value)) marks.add("Kong Gateway");
    if (name === "server" && /^(nginx|apache|caddy|envoy)/i.test(h.value))
      marks.add(componentName(serverStack(h.value)));
  }
  return [...marks];
}

function serverStack(server: string): StackId {
  if (/^nginx/i.test(server)) return "nginx";
  if (/^apache/i.test(server)) return "apache";
  if (/^caddy/i.test(server)) return "caddy";
  return "envoy";
}

/** A stack's proper name: its label without the parenthesised library, except for the gateways' kinds. */
export function componentName(stack: StackId): string {
  if (stack === "aws-rest-api") return REST;
  if (stack === "aws-http-api") return HTTP_API;
  return STACK_GENERATORS[stack].label.replace(/\s*\([^)]*\)$/, "");
}

/**
 * What a response means next to the others to the same server. A web server's error without the
 * application's headers, where other responses carry them, is the web server's own error page.
 */
export function relateToSiblings(responders: Responder[]): Responder[] {
  const apps = responders.filter((r) => r.layer === "application");
  if (apps.length === 0) return responders;
  return responders.map((r) => {
    if (r.layer !== "proxy" || r.status < 400 || r.confidence === "high") return r;
    const app = apps[0];
    return {
      ...r,
      confidence: "medium",
      evidence: [...r.evidence, `status ${r.status}`, `none of ${app?.component ?? "the application"}'s headers`],
    };
  });
}
