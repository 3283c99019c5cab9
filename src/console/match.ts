/**
 * Which captured request a parsed console error belongs to.
 */

import { parseUrl } from "../engine/fetch/origin.js";
import type { ConsoleMatchCandidate, ParsedConsoleError } from "./types.js";

type Matchable = Pick<ParsedConsoleError, "url" | "redirectedFrom" | "method">;

/**
 * The index in `candidates` of the request `parsed` is about, or -1. Tried in order: the exact
 * URL; the same URL without its fragment (and serialized the WHATWG way, so `HTTPS://A.test` and
 * `https://a.test/` agree); the `redirectedFrom` URL the same two ways; finally, for a URL Chrome
 * elided (`…first 511 characters...last 510`), its two ends. Among several matches: the one with
 * the same method; else (method unknown) not the preflight `OPTIONS` entry; then the latest
 * `startedMs`; then the first.
 */
export function matchToRequest(parsed: Matchable, candidates: readonly ConsoleMatchCandidate[]): number {
  if (parsed === null || typeof parsed !== "object" || !Array.isArray(candidates)) return -1;
  const urls = candidates.map((candidate) =>
    candidate !== null && typeof candidate === "object" && typeof candidate.url === "string" ? candidate.url : null,
  );
  const keys = urls.map((url) => (url === null ? null : comparable(url)));
  const tests: Array<(index: number) => boolean> = [];
  for (const target of [parsed.url, parsed.redirectedFrom]) {
    if (typeof target !== "string" || target === "") continue;
    const key = comparable(target);
    tests.push((index) => urls[index] === target);
    tests.push((index) => keys[index] === key);
  }
  const elided = typeof parsed.url === "string" ? elidedEnds(parsed.url) : null;
  if (elided) {
    const { head, tail } = elided;
    tests.push((index) => {
      const url = urls[index];
      return url != null && url.length >= head.length + tail.length && url.startsWith(head) && url.endsWith(tail);
    });
  }
  for (const test of tests) {
    const matches = candidates.map((_candidate, index) => index).filter(test);
    if (matches.length > 0) return pick(matches, parsed, candidates);
  }
  return -1;
}

function pick(matches: number[], parsed: Matchable, candidates: readonly ConsoleMatchCandidate[]): number {
  const methodOf = (index: number) => {
    const method = candidates[index]?.method;
    return typeof method === "string" ? method : null;
  };
  let pool = matches;
  const wanted = typeof parsed.method === "string" ? parsed.method : null;
  const narrowed = wanted
    ? pool.filter((index) => methodOf(index) === wanted).length > 0
      ? pool.filter((index) => methodOf(index) === wanted)
      : pool.filter((index) => methodOf(index)?.toUpperCase() === wanted.toUpperCase())
    : pool.filter((index) => methodOf(index)?.toUpperCase() !== "OPTIONS");
  if (narrowed.length > 0) pool = narrowed;
  let best = pool[0] ?? -1;
  let bestStart = Number.NEGATIVE_INFINITY;
  for (const index of pool) {
    const started = candidates[index]?.startedMs;
    if (typeof started === "number" && Number.isFinite(started) && started > bestStart) {
      best = index;
      bestStart = started;
    }
  }
  return best;
}

/** The URL without its fragment, serialized by the WHATWG parser when it parses. */
function comparable(url: string): string {
  const hash = url.indexOf("#");
  const bare = hash >= 0 ? url.slice(0, hash) : url;
  return parseUrl(bare)?.href ?? bare;
}

/** Blink elides URLs longer than 1024 characters in console messages to `first 511 + "..." + last 510`. */
function elidedEnds(url: string): { head: string; tail: string } | null {
  if (url.length < 512) return null;
  for (const mark of ["...", "…"]) {
    const at = url.indexOf(mark, 1);
    if (at > 0) return { head: url.slice(0, at), tail: url.slice(at + mark.length) };
  }
  return null;
}
