/**
 * When the panel re-reads getHAR() for a fuller copy of an incomplete delivery (browser-facts
 * §2.6a), driven with fake time. Two races once left a row on a wrong verdict for good: the timer
 * firing before the frame drew the delivered entry, and an entry arriving while the series' last
 * re-read was in flight.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import { createRereadScheduler, REREAD_DELAYS_MS } from "../../src/panel/state/reread.js";

function fakeClock() {
  let time = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => time,
    setTimer: (run: () => void, ms: number) => {
      timers.push({ at: time + ms, run });
    },
    /** Runs due timers (and the promise jobs they start) until `ms` have passed. */
    async advance(ms: number) {
      const end = time + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        time = next.at;
        next.run();
        await new Promise((resolve) => setImmediate(resolve));
      }
      time = end;
    },
    pending: () => timers.length,
  };
}

function harness(options: { rows?: number; rereadMs?: number } = {}) {
  const clock = fakeClock();
  const awaited = new Set<string>();
  const rereads: { at: number; urls: string[] }[] = [];
  let settle: (() => void) | null = null;
  let holdRereads = false;
  const scheduler = createRereadScheduler({
    awaitedUrls: () => awaited,
    reread: (urls) => {
      rereads.push({ at: clock.now(), urls: [...urls] });
      if (holdRereads) return new Promise<void>((resolve) => (settle = resolve));
      return Promise.resolve();
    },
    rowCount: () => options.rows ?? 1,
    now: clock.now,
    setTimer: clock.setTimer,
  });
  return {
    clock,
    awaited,
    rereads,
    scheduler,
    hold: () => {
      holdRereads = true;
    },
    release: () => {
      holdRereads = false;
      settle?.();
      settle = null;
    },
  };
}

describe("re-reading getHAR() for fuller copies", () => {
  it("re-reads 250 ms after an incomplete delivery and stops once nothing is awaited", async () => {
    const h = harness();
    h.awaited.add("http://api.test/a");
    h.scheduler.delivered();
    h.scheduler.awaitFullerCopy();
    await h.clock.advance(249);
    expect(h.rereads).toEqual([]);
    await h.clock.advance(1);
    expect(h.rereads).toEqual([{ at: 250, urls: ["http://api.test/a"] }]);
    h.awaited.clear();
    await h.clock.advance(60_000);
    expect(h.rereads).toHaveLength(1);
    expect(h.clock.pending()).toBe(0);
  });

  it("tries the whole series, then gives up on a request getHAR() never completes", async () => {
    const h = harness();
    h.awaited.add("http://api.test/never");
    h.scheduler.awaitFullerCopy();
    await h.clock.advance(60_000);
    expect(h.rereads.map((r) => r.at)).toEqual([250, 1250, 4250]);
    expect(h.rereads).toHaveLength(REREAD_DELAYS_MS.length);
    expect(h.clock.pending()).toBe(0);
  });

  it("gives a request arriving during the series' last re-read a series of its own", async () => {
    const h = harness();
    h.awaited.add("http://api.test/never");
    h.scheduler.awaitFullerCopy();
    await h.clock.advance(1250);
    h.hold();
    await h.clock.advance(3000); // the last attempt starts, getHAR() still busy
    expect(h.rereads).toHaveLength(3);
    h.awaited.add("http://api.test/fresh");
    h.scheduler.delivered();
    h.scheduler.awaitFullerCopy();
    h.release();
    await new Promise((resolve) => setImmediate(resolve));
    await h.clock.advance(60_000);
    expect(h.rereads.length).toBe(3 + REREAD_DELAYS_MS.length);
    expect(h.rereads.at(-1)?.urls).toContain("http://api.test/fresh");
  });

  it("gives a request arriving late in another's series the whole series", async () => {
    const h = harness();
    h.awaited.add("http://api.test/never");
    h.scheduler.awaitFullerCopy();
    await h.clock.advance(1300); // two attempts made, the third is 3 s away
    h.awaited.add("http://api.test/fresh");
    h.scheduler.awaitFullerCopy();
    await h.clock.advance(60_000);
    // The pending third attempt, then two more: three re-reads after the fresh arrival.
    expect(h.rereads.filter((r) => r.urls.includes("http://api.test/fresh"))).toHaveLength(REREAD_DELAYS_MS.length);
  });

  it("in a big session, waits for a lull in deliveries before re-reading", async () => {
    const h = harness({ rows: 5_000 });
    h.awaited.add("http://api.test/a");
    h.scheduler.awaitFullerCopy();
    // A request every 500 ms for 5 s.
    for (let i = 0; i < 10; i++) {
      h.scheduler.delivered();
      await h.clock.advance(500);
    }
    expect(h.rereads).toEqual([]);
    await h.clock.advance(1_500);
    expect(h.rereads).toHaveLength(1);
    expect(h.rereads[0]?.at).toBeGreaterThanOrEqual(5_000 + 500);
  });

  it("sees a delivered entry the panel has not drawn yet", () => {
    // A scheduler that never draws: awaitedUrls must apply the delivered entry itself.
    const state = createPanelState({ schedule: () => {} });
    const fixture = JSON.parse(
      readFileSync(join(import.meta.dirname, "../fixtures/lab/preflight-302-other-host.json"), "utf8"),
    );
    const [page, actual, preflight] = fixture.har.log.entries;
    // The preflight as onRequestFinished sometimes delivers it first: no status, no headers.
    const incompletePreflight = structuredClone(preflight);
    incompletePreflight.response = { ...preflight.response, status: 0, statusText: "", headers: [] };
    state.setPageUrl(page.request.url);
    state.addEntries([page, incompletePreflight, actual]);
    expect([...state.awaitedUrls()]).toEqual([actual.request.url]);

    // The full copies from getHAR() settle the verdict.
    state.addEntries([actual, preflight]);
    expect([...state.awaitedUrls()]).toEqual([]);
    const row = state.rows.peek().find((r) => r.captured.hopEntries[0]?.method === "PUT");
    expect(row?.diagnosis.verdict).toBe("blocked");
    expect(row?.diagnosis.corsError).toBe("PreflightDisallowedRedirect");
  });
});
