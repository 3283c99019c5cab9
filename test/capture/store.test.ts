import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeHarEntry, readHar } from "../../src/capture/index.js";
import { ExchangeStore } from "../../src/capture/store.js";

const SAMPLE = join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har");
const har = JSON.parse(readFileSync(SAMPLE, "utf8")) as { entries: unknown[] };
const entries = har.entries.map((raw, i) => normalizeHarEntry(raw, i));

/** A comparable picture of a store: each exchange as its hop URLs and the preflight paired with each hop. */
function shape(store: ExchangeStore): string[] {
  return store
    .list()
    .map((x) =>
      x.hops.map((h, i) => `${h.method} ${h.url}${x.preflights[i] ? ` <- ${x.preflights[i]?.key}` : ""}`).join(" -> "),
    )
    .sort();
}

describe("ExchangeStore", () => {
  const expected = (() => {
    const store = new ExchangeStore();
    for (const entry of [...entries].sort((a, b) => (a.startedMs ?? 0) - (b.startedMs ?? 0))) store.add(entry);
    return shape(store);
  })();

  it("pairs the sample as the batch reader does", () => {
    const batch = readHar(har);
    expect(batch.ok && batch.exchanges.length).toBe(13);
    expect(expected).toHaveLength(13);
    expect(expected.filter((line) => line.includes("<-"))).toHaveLength(4);
    expect(expected.some((line) => line.includes("/redirect -> GET http://localhost:8782/nocors?from=redirect"))).toBe(
      true,
    );
  });

  it("builds the same exchanges whatever order entries arrive in (onRequestFinished order varies)", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
        (shuffled) => {
          const store = new ExchangeStore();
          for (const entry of shuffled) store.add(entry);
          expect(shape(store)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("replaces an incomplete delivery with the fuller copy, and ignores a poorer one", () => {
    const full = entries.find((e) => e.url.endsWith("/nocors") && e.status === 200);
    if (!full) throw new Error("sample changed");
    const incomplete = { ...full, status: 0, responseHeaders: [] };
    const store = new ExchangeStore();
    const [id] = store.add(incomplete);
    expect(store.add(full)).toEqual([id]);
    expect(store.get(id as string)?.hops[0]?.status).toBe(200);
    expect(store.add(incomplete)).toEqual([]);
    expect(store.size).toBe(1);
  });

  it("keeps at most `cap` exchanges, dropping the oldest and counting them", () => {
    const store = new ExchangeStore(100);
    const template = entries.find((e) => e.url.endsWith("/ok"));
    if (!template) throw new Error("sample changed");
    for (let i = 0; i < 1000; i++) {
      store.add({ ...template, key: `k${i}`, url: `${template.url}?n=${i}`, startedMs: i });
    }
    expect(store.size).toBe(100);
    expect(store.dropped).toBe(900);
    expect(store.list()[0]?.hops[0]?.url).toContain("?n=900");
  });
});
