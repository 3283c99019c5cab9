/**
 * One fix per server, for the CLI and the reports: the merged plan, the stack it is written for
 * (asked for, or detected; never a silent default), and the stack-neutral headers.
 */

import { parseUrl } from "../engine/fetch/origin.js";
import { detectStacks, type StackGuess } from "./detect.js";
import { aimPlan, type FixLayer, inferFixLayer } from "./layer.js";
import { type DiagnosedExchange, mergeServerPolicies, type ServerPlan } from "./merge.js";
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
  const guesses = new Map<string, StackGuess>();
  const byServer = new Map<string, DiagnosedExchange[]>();
  for (const item of items) {
    const url = item.exchange.hops[0] ? parseUrl(item.exchange.hops[0].request.url) : null;
    const server = url?.origin ?? null;
    if (!server) continue;
    const toServer = byServer.get(server);
    if (toServer) toServer.push(item);
    else byServer.set(server, [item]);
    if (guesses.has(server)) continue;
    const guess = detectStacks(item.exchange, KNOWN)[0];
    if (guess) guesses.set(server, guess);
  }
  return mergeServerPolicies(items).map((server) => {
    const toServer = byServer.get(server.server) ?? [];
    const layer = inferFixLayer(
      toServer.map((i) => i.exchange),
      toServer.map((i) => i.diagnosis),
    );
    const guess = guesses.get(server.server) ?? null;
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
