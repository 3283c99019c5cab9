import { describe, expect, it } from "vitest";
import { createPageRereads, LULL_MS, PAGE_REREAD_DELAYS_MS } from "../../src/panel/state/page-rereads.js";

/** Fake timers: each timer's delay and whether it is still pending. */
function fakeClock() {
  const timers: { ms: number; run: () => void; cleared: boolean }[] = [];
  return {
    timers,
    setTimer: (run: () => void, ms: number) => {
      const timer = { ms, run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => {
      (timer as { cleared: boolean }).cleared = true;
    },
    fire: () => {
      for (const timer of timers) if (!timer.cleared) timer.run();
    },
  };
}

describe("getHAR() re-read after a navigation", () => {
  it("re-reads once after each delay", () => {
    const clock = fakeClock();
    let rereads = 0;
    const page = createPageRereads({
      reread: async () => void rereads++,
      ...clock,
      lastDeliveryAt: () => Number.NEGATIVE_INFINITY,
      now: () => 0,
    });
    page.navigated();
    expect(clock.timers.map((t) => t.ms)).toEqual([...PAGE_REREAD_DELAYS_MS]);
    clock.fire();
    expect(rereads).toBe(PAGE_REREAD_DELAYS_MS.length);
  });

  it("a newer navigation cancels the re-reads still pending for the previous page", () => {
    const clock = fakeClock();
    let rereads = 0;
    const page = createPageRereads({
      reread: async () => void rereads++,
      ...clock,
      lastDeliveryAt: () => Number.NEGATIVE_INFINITY,
      now: () => 0,
    });
    page.navigated();
    page.navigated();
    expect(clock.timers.filter((t) => t.cleared)).toHaveLength(PAGE_REREAD_DELAYS_MS.length);
    clock.fire();
    expect(rereads).toBe(PAGE_REREAD_DELAYS_MS.length);
  });

  it("a failed re-read is swallowed (getHAR can fail while the page unloads)", async () => {
    const clock = fakeClock();
    const page = createPageRereads({
      reread: () => Promise.reject(new Error("gone")),
      ...clock,
      lastDeliveryAt: () => Number.NEGATIVE_INFINITY,
      now: () => 0,
    });
    page.navigated();
    expect(() => clock.fire()).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it("waits for a lull in deliveries before re-reading (getHAR() holds up DevTools)", () => {
    const clock = fakeClock();
    let rereads = 0;
    let time = 0;
    let lastDelivery = 0;
    const page = createPageRereads({
      reread: async () => void rereads++,
      ...clock,
      lastDeliveryAt: () => lastDelivery,
      now: () => time,
    });
    page.navigated();
    // Fire the first delay while requests are still arriving: it re-arms for the rest of the lull.
    time = PAGE_REREAD_DELAYS_MS[0];
    lastDelivery = time - 200;
    const first = clock.timers[0];
    first?.run();
    expect(rereads).toBe(0);
    const rearmed = clock.timers.at(-1);
    expect(rearmed?.ms).toBe(LULL_MS - 200);
    time += LULL_MS;
    rearmed?.run();
    expect(rereads).toBe(1);
  });
});
