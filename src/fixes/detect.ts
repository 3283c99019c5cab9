/**
 * Which stack answered: read from response headers (`Server`, `X-Powered-By`, `Via`, vendor
 * headers, cookies, the shape of Vary) so the fix area opens on the right tab. A guess with its
 * evidence; the user can always switch.
 */

import { byteLowercase } from "../engine/fetch/header-list.js";
import type { Diagnosis, Exchange, HeaderLine } from "../engine/types.js";
import { type FixLayer, inferFixLayer } from "./layer.js";
import type { StackId } from "./registry.js";
import { CONFIDENCE_ORDER as ORDER, STACK_RULES as RULES } from "./stack-rules.js";
import type { Confidence } from "./types.js";

export type { Confidence } from "./types.js";

export interface StackGuess {
  readonly stack: StackId;
  readonly confidence: Confidence;
  /** The header lines that gave it away, as `Name: value`. */
  readonly evidence: readonly string[];
  /** On the first guess, when the diagnosis was given: the layer the fix is aimed at, and why. */
  readonly layer?: FixLayer;
}

/**
 * Every stack the exchange's responses point to, best first (empty when nothing tells). With the
 * diagnosis, the stack of the layer that lacks the headers goes first (layer.ts): behind an API
 * Gateway whose preflight passes, the Lambda function whose 400 lacks them, not the gateway.
 */
export function detectStacks(
  exchange: Exchange,
  knownStacks: ReadonlySet<StackId>,
  diagnosis?: Diagnosis,
): StackGuess[] {
  const guesses = guessFromHeaders(exchange, knownStacks);
  const layer = diagnosis ? inferFixLayer([exchange], [diagnosis]) : null;
  if (!layer) return guesses;
  const aimed = layer.stack !== undefined && knownStacks.has(layer.stack) ? layer.stack : undefined;
  if (!aimed) {
    const [first, ...rest] = guesses;
    return first ? [{ ...first, layer }, ...rest] : [];
  }
  return [
    { stack: aimed, confidence: layer.confidence, evidence: layer.evidence, layer },
    ...guesses.filter((g) => g.stack !== aimed),
  ];
}

function guessFromHeaders(exchange: Exchange, knownStacks: ReadonlySet<StackId>): StackGuess[] {
  const responses: HeaderLine[][] = [];
  for (const hop of exchange.hops) {
    if (hop.preflight) responses.push([...hop.preflight.response.headers]);
    responses.push([...hop.response.headers]);
  }
  const guesses = new Map<StackId, { confidence: Confidence; evidence: string[] }>();
  for (const rule of RULES) {
    if (!knownStacks.has(rule.stack)) continue;
    for (const headers of responses) {
      const evidence = rule.match(headers);
      if (evidence === null) continue;
      const stack = rule.stack;
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
