/**
 * One fix per server, for the CLI and the reports: the merged plan, the stack it is written for
 * (asked for, or detected; never a silent default), and the stack-neutral headers.
 */

import { parseUrl } from "../engine/fetch/origin.js";
import { detectStacks, type StackGuess } from "./detect.js";
import { type DiagnosedExchange, mergeServerPolicies, type ServerPlan } from "./merge.js";
import { type NeutralFix, neutralFix } from "./neutral.js";
import { STACK_GENERATORS, STACK_IDS, type StackId } from "./registry.js";
import type { CorsPolicy } from "./types.js";
import { VERIFIED_STACKS } from "./verified.js";

/**
 * Which component answered. SEAM: `src/fixes/layer.ts` (branch w-layer) infers it (API Gateway
 * vs Lambda, proxy vs application); until it is wired here every fix says "server".
 */
export type FixLayer = "server";

export interface ServerFix extends ServerPlan {
  /** The stack the snippet is for; null when "auto" found nothing (the neutral headers lead). */
  readonly stack: StackId | null;
  /** True when the response headers point to this stack. */
  readonly detected: boolean;
  readonly guess: StackGuess | null;
  /** True, or a label such as "emulator", when CI replays this stack's fix on a real server. */
  readonly verified: boolean | string;
  readonly layer: FixLayer;
  readonly policy: CorsPolicy | null;
  readonly neutral: NeutralFix | null;
  readonly snippet: { readonly where: string; readonly snippet: string; readonly traps: readonly string[] } | null;
}

const KNOWN = new Set<StackId>(STACK_IDS);

/** The merged fix per server origin, written for `stack` ("auto": the detected one, if any). */
export function serverFixes(items: readonly DiagnosedExchange[], stack: StackId | "auto"): ServerFix[] {
  const guesses = new Map<string, StackGuess>();
  for (const { exchange } of items) {
    const url = exchange.hops[0] ? parseUrl(exchange.hops[0].request.url) : null;
    const server = url?.origin ?? null;
    if (!server || guesses.has(server)) continue;
    const guess = detectStacks(exchange, KNOWN)[0];
    if (guess) guesses.set(server, guess);
  }
  return mergeServerPolicies(items).map((server) => {
    const guess = guesses.get(server.server) ?? null;
    const chosen = stack === "auto" ? (guess?.stack ?? null) : stack;
    const plan = server.plan;
    return {
      ...server,
      stack: chosen,
      detected: chosen !== null && guess?.stack === chosen,
      guess,
      verified: chosen !== null && VERIFIED_STACKS.has(chosen),
      layer: "server",
      policy: plan?.policy ?? null,
      neutral: plan ? neutralFix(plan) : null,
      snippet: plan && chosen ? STACK_GENERATORS[chosen].generate(plan) : null,
    };
  });
}
