/**
 * Long sessions: 50,000 requests through a store capped at 10,000 exchanges. Memory stays bounded
 * by the cap (counts and index sizes, never time): evicted exchanges leave nothing behind in any
 * index, and the newest requests still pair as in a short session.
 */

import { describe, expect, it } from "vitest";
import { normalizeHarEntry } from "../../src/capture/index.js";
import { ExchangeStore } from "../../src/capture/store.js";
import { requestEntries, sessionEntries } from "./synthetic-session.js";

const CAP = 10_000;
const REQUESTS = 50_000;
const BATCH = 2_500;

/** Entries the store's exchanges hold (a lone preflight's stand-in for its request is not an entry). */
function heldEntries(store: ExchangeStore): number {
  let held = 0;
  for (const exchange of store.list()) {
    held += exchange.preflights.filter((p) => p !== null).length;
    held += exchange.actualRecorded ? exchange.hops.length : 0;
  }
  return held;
}

// 50,000 requests: seconds alone, much longer on a loaded 2-core machine; the bound only guards against a hang.
describe("a 50,000-request session in a store capped at 10,000 exchanges", { timeout: 120_000 }, () => {
  it("never holds more than the cap, and eviction leaves no index entry behind", () => {
    const store = new ExchangeStore(CAP);
    let sequence = 0;
    for (let from = 0; from < REQUESTS; from += BATCH) {
      for (const raw of sessionEntries(from, BATCH)) store.add(normalizeHarEntry(raw, sequence++));
      const stats = store.indexStats();
      expect(stats.exchanges).toBe(Math.min(CAP, from + BATCH));
      expect(stats.stale).toBe(0);
      // Every index is bounded by what the kept exchanges hold.
      expect(stats.locations).toBe(heldEntries(store));
      expect(stats.unpaired).toBeLessThanOrEqual(stats.exchanges * 2);
      expect(stats.heads).toBeLessThanOrEqual(stats.exchanges);
      expect(stats.lonePreflights).toBeLessThanOrEqual(stats.exchanges);
      expect(stats.pendingRedirects).toBeLessThanOrEqual(stats.exchanges);
      expect(stats.documentIps).toBeLessThanOrEqual(1_000);
    }
    // Each request is one exchange: all but the newest 10,000 were dropped, and counted.
    expect(store.size).toBe(CAP);
    expect(store.dropped).toBe(REQUESTS - CAP);

    // The oldest requests are gone from every index: none of their entries locates anything.
    let index = 0;
    for (let n = 0; n < 1_000; n++) {
      for (const raw of requestEntries(n)) expect(store.exchangeIdOf(normalizeHarEntry(raw, index++).key)).toBeNull();
    }
  });

  it("still pairs the newest requests after 40,000 evictions: preflights, redirects, fuller copies", () => {
    const store = new ExchangeStore(CAP);
    let sequence = 0;
    for (const raw of sessionEntries(0, REQUESTS)) store.add(normalizeHarEntry(raw, sequence++));
    const newest = store.list().slice(-200);
    const paired = newest.filter((x) => x.hops[0]?.method === "PUT");
    expect(paired.length).toBeGreaterThan(0);
    for (const exchange of paired) expect(exchange.preflights[0]?.method).toBe("OPTIONS");
    const redirects = newest.filter((x) => x.hops[0]?.url.includes("/old?"));
    expect(redirects.length).toBeGreaterThan(0);
    for (const exchange of redirects) expect(exchange.hops.map((h) => h.status)).toEqual([302, 200]);
    // A blocked GET first delivered incomplete (status 0, no headers) holds the full copy.
    const blocked = newest.filter((x) => x.hops[0]?.url.includes("/secret?"));
    expect(blocked.length).toBeGreaterThan(0);
    for (const exchange of blocked) expect(exchange.hops[0]?.status).toBe(200);
  });
});
