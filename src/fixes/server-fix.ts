/**
 * One fix per server, for the CLI and the reports: the merged plan, the stack it is written for
 * (asked for, or detected; never a silent default), and the stack-neutral headers.
 */

import { parseUrl } from "../engine/fetch/origin.js";
import { detectStacks, type StackGuess } from "./detect.js";
import { aimPlan, type FixLayer, FixLayerEvidence } from "./layer.js";
import { type DiagnosedExchange, type ServerPlan, ServerPolicyMerger } from "./merge.js";
import { type NeutralFix, neutralFix } from "./neutral.js";
import { STACK_GENERATORS, STACK_IDS, type StackId } from "./registry.js";
import type { CorsPolicy } from "./types.js";
import { type Verification, verificationOf } from "./verified.js";

export interface ServerFix extends ServerPlan {
  /** The stack the snippet is for; null when "auto" found nothing (the neutral headers lead). */
  readonly stack: StackId | null;
  /** True when the response headers point to this stack. */
  readonly detected: boolean;
  readonly guess: StackGuess | null;
  /** True, or a label such as "emulator", when CI replays this stack's fix on a real server. */
  readonly verified: Verification;
  /**
   * The layer that lacks the headers (layer.ts: API Gateway vs the function behind it, a CDN or
   * proxy vs the application), from every exchange to the server; null when none is blocked.
   */
  readonly layer: FixLayer | null;
  readonly policy: CorsPolicy | null;
  readonly neutral: NeutralFix | null;
  readonly snippet: { readonly where: string; readonly snippet: string; readonly traps: readonly string[] } | null;
}

const KNOWN = new Set<StackId>(STACK_IDS);

/** The merged fix per server origin, written for `stack` ("auto": the detected one, if any). */
export function serverFixes(items: readonly DiagnosedExchange[], stack: StackId | "auto"): ServerFix[] {
  const accumulator = new ServerFixAccumulator();
  for (const item of items) accumulator.add(item);
  return accumulator.finish(stack);
}

/**
 * serverFixes one exchange at a time: per server the merged policy's lists, the first stack guess
 * and the identified responses, never the exchanges (a report of a large capture streams them).
 */
export class ServerFixAccumulator {
  private readonly merger = new ServerPolicyMerger();
  private readonly guesses = new Map<string, StackGuess>();
  private readonly layers = new Map<string, FixLayerEvidence>();

  add(item: DiagnosedExchange): void {
    this.merger.add(item);
    const url = item.exchange.hops[0] ? parseUrl(item.exchange.hops[0].request.url) : null;
    const server = url?.origin ?? null;
    if (!server) return;
    let layer = this.layers.get(server);
    if (!layer) {
      layer = new FixLayerEvidence();
      this.layers.set(server, layer);
    }
    layer.add(item.exchange, item.diagnosis);
    if (this.guesses.has(server)) return;
    const guess = detectStacks(item.exchange, KNOWN)[0];
    if (guess) this.guesses.set(server, guess);
  }

  finish(stack: StackId | "auto"): ServerFix[] {
    return this.merger.finish().map((server) => {
      const layer = this.layers.get(server.server)?.finish() ?? null;
      const guess = this.guesses.get(server.server) ?? null;
      // The stack of the layer that lacks the headers first (a Lambda behind API Gateway), then detection.
      const aimed = layer?.stack !== undefined && KNOWN.has(layer.stack) ? layer.stack : (guess?.stack ?? null);
      const ownErrorPage = layer?.layer === "cdn" && layer.stack === undefined;
      const chosen = stack === "auto" ? (ownErrorPage ? null : aimed) : stack;
      const plan = server.plan ? aimPlan(server.plan, layer) : null;
      return {
        ...server,
        plan,
        stack: chosen,
        detected: chosen !== null && aimed === chosen,
        guess,
        verified: chosen !== null ? verificationOf(chosen) : false,
        layer,
        policy: plan?.policy ?? null,
        neutral: plan ? neutralFix(plan) : null,
        snippet: plan && chosen ? STACK_GENERATORS[chosen].generate(plan) : null,
      };
    });
  }
}
