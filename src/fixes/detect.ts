/**
 * Which stack answered: read from response headers (`Server`, `X-Powered-By`, `Via`, vendor
 * headers, cookies, the shape of Vary) so the fix area opens on the right tab. A guess with its
 * evidence; the user can always switch.
 */

import { byteLowercase, getHeader, getHeaderValues } from "../engine/fetch/header-list.js";
import type { Exchange, HeaderLine } from "../engine/types.js";
import type { StackId } from "./types.js";

export type Confidence = "high" | "medium" | "low";

export interface StackGuess {
  readonly stack: StackId;
  readonly confidence: Confidence;
  /** The header lines that gave it away, as `Name: value`. */
  readonly evidence: readonly string[];
}

interface Rule {
  /** A stack id; rules for stacks not registered (STACK_IDS) are skipped. */
  readonly stack: string;
  readonly confidence: Confidence;
  /** Returns the evidence line when the rule matches these headers. */
  readonly match: (headers: readonly HeaderLine[]) => string | null;
}

function headerMatches(name: string, pattern: RegExp): (headers: readonly HeaderLine[]) => string | null {
  return (headers) => {
    for (const value of getHeaderValues(headers, name)) if (pattern.test(value)) return `${name}: ${value}`;
    return null;
  };
}

function headerPresent(name: string): (headers: readonly HeaderLine[]) => string | null {
  return (headers) => {
    const value = getHeader(headers, name);
    return value === null ? null : `${name}: ${value}`;
  };
}

function cookieNamed(pattern: RegExp): (headers: readonly HeaderLine[]) => string | null {
  return (headers) => {
    for (const value of getHeaderValues(headers, "Set-Cookie")) {
      const name = value.split("=")[0]?.trim() ?? "";
      if (pattern.test(name)) return `Set-Cookie: ${name}=…`;
    }
    return null;
  };
}

/** The Vary triad Spring's CorsProcessor and rs/cors write on CORS responses. */
function varyTriad(headers: readonly HeaderLine[]): string | null {
  const vary = getHeaderValues(headers, "Vary").join(",").toLowerCase().replace(/\s+/g, "");
  return vary.includes("origin,access-control-request-method,access-control-request-headers")
    ? `Vary: ${getHeaderValues(headers, "Vary").join(", ")}`
    : null;
}

/** Most specific first: a framework header beats the proxy in front of it. */
const RULES: readonly Rule[] = [
  { stack: "s3", confidence: "high", match: headerMatches("Server", /^AmazonS3$/i) },
  { stack: "aws-rest-api", confidence: "high", match: headerPresent("x-amz-apigw-id") },
  { stack: "aws-http-api", confidence: "high", match: headerPresent("apigw-requestid") },
  { stack: "aws-lambda", confidence: "low", match: headerPresent("x-amzn-requestid") },
  { stack: "kong", confidence: "high", match: headerMatches("Via", /kong/i) },
  { stack: "kong", confidence: "high", match: headerPresent("X-Kong-Upstream-Latency") },
  { stack: "envoy", confidence: "high", match: headerMatches("Server", /^envoy$/i) },
  { stack: "envoy", confidence: "medium", match: headerPresent("x-envoy-upstream-service-time") },
  { stack: "rails", confidence: "high", match: headerPresent("X-Rack-CORS") },
  { stack: "rails", confidence: "medium", match: headerPresent("X-Runtime") },
  { stack: "rails", confidence: "low", match: headerMatches("Server", /puma|webrick|passenger/i) },
  { stack: "laravel", confidence: "high", match: cookieNamed(/^laravel_session$/i) },
  { stack: "nextjs", confidence: "high", match: headerMatches("X-Powered-By", /next\.js/i) },
  { stack: "express", confidence: "high", match: headerMatches("X-Powered-By", /^express$/i) },
  { stack: "aspnet", confidence: "high", match: headerMatches("Server", /kestrel/i) },
  { stack: "aspnet", confidence: "high", match: headerMatches("X-Powered-By", /asp\.net/i) },
  { stack: "django", confidence: "high", match: cookieNamed(/^csrftoken$/i) },
  { stack: "django", confidence: "medium", match: headerMatches("Server", /WSGIServer/i) },
  { stack: "flask", confidence: "medium", match: headerMatches("Server", /werkzeug/i) },
  { stack: "fastapi", confidence: "medium", match: headerMatches("Server", /uvicorn|hypercorn/i) },
  { stack: "spring", confidence: "medium", match: varyTriad },
  { stack: "spring", confidence: "low", match: headerMatches("Server", /tomcat|jetty|coyote/i) },
  { stack: "php", confidence: "medium", match: headerMatches("X-Powered-By", /^php/i) },
  { stack: "caddy", confidence: "high", match: headerMatches("Server", /^caddy/i) },
  { stack: "apache", confidence: "medium", match: headerMatches("Server", /^apache/i) },
  { stack: "nginx", confidence: "medium", match: headerMatches("Server", /^nginx/i) },
];

const ORDER: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };

/** Every stack the exchange's responses point to, best first (empty when nothing tells). */
export function detectStacks(exchange: Exchange, knownStacks: ReadonlySet<StackId>): StackGuess[] {
  const responses: HeaderLine[][] = [];
  for (const hop of exchange.hops) {
    if (hop.preflight) responses.push([...hop.preflight.response.headers]);
    responses.push([...hop.response.headers]);
  }
  const guesses = new Map<StackId, { confidence: Confidence; evidence: string[] }>();
  for (const rule of RULES) {
    if (!knownStacks.has(rule.stack as StackId)) continue;
    for (const headers of responses) {
      const evidence = rule.match(headers);
      if (evidence === null) continue;
      const stack = rule.stack as StackId;
      const previous = guesses.get(stack);
      if (!previous) guesses.set(stack, { confidence: rule.confidence, evidence: [evidence] });
      else {
        if (!previous.evidence.includes(evidence)) previous.evidence.push(evidence);
        if (ORDER[rule.confidence] < ORDER[previous.confidence]) previous.confidence = rule.confidence;
      }
    }
  }
  const rank = (stack: StackId) => RULES.findIndex((rule) => rule.stack === stack);
  return [...guesses.entries()]
    .map(([stack, g]) => ({ stack, confidence: g.confidence, evidence: g.evidence }))
    .sort((a, b) => ORDER[a.confidence] - ORDER[b.confidence] || rank(a.stack) - rank(b.stack));
}

/** Lower-cased header names whose presence says a CDN or proxy sits in front (for explanations). */
export function proxyHints(exchange: Exchange): string[] {
  const hints = new Set<string>();
  for (const hop of exchange.hops) {
    for (const headers of [hop.response.headers, hop.preflight?.response.headers ?? []]) {
      for (const h of headers) {
        const name = byteLowercase(h.name);
        if (name === "cf-ray") hints.add("Cloudflare");
        if (name === "x-amz-cf-id" || (name === "via" && /cloudfront/i.test(h.value))) hints.add("CloudFront");
        if (name === "x-served-by" && /cache-/i.test(h.value)) hints.add("Fastly");
        if (name === "x-vercel-id") hints.add("Vercel");
        if (name === "x-nf-request-id") hints.add("Netlify");
      }
    }
  }
  return [...hints];
}
