import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CapturedEntry } from "../../src/capture/entry.js";
import {
  decodePairingColumns,
  encodePairingColumns,
  normalizeHarEntry,
  pairEntries,
  readHar,
} from "../../src/capture/index.js";
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

/** What the CLI's coordinator pairs: entries through the column encoding threads send. */
function pairingViews(entries: readonly CapturedEntry[]): CapturedEntry[] {
  return decodePairingColumns(structuredClone(encodePairingColumns(entries, 0)));
}

// Property runs over whole sessions: seconds on a loaded machine; the bound only guards against a hang.
describe("ExchangeStore", { timeout: 60_000 }, () => {
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

  it("prefers the copy with the browser's recorded outcome (getHAR() lists a request still loading without one)", () => {
    const full = entries.find((e) => e.url.endsWith("/ok") && e.status === 200);
    if (!full) throw new Error("sample changed");
    expect(full.outcome.state).toBe("completed");
    const loading: CapturedEntry = { ...full, outcome: { state: "unknown", errorText: null } };
    const store = new ExchangeStore();
    const [id] = store.add(loading);
    expect(store.add(full)).toEqual([id]);
    expect(store.get(id as string)?.hops[0]?.outcome.state).toBe("completed");
    expect(store.add(loading)).toEqual([]);
  });

  it("prefers the copy with the request headers that were sent over a provisional one", () => {
    const full = entries.find((e) => e.url.endsWith("/ok") && e.status === 200);
    if (!full) throw new Error("sample changed");
    const provisional: CapturedEntry = {
      ...full,
      provisionalHeaders: true,
      requestHeaders: full.requestHeaders.filter((h) => !/^(origin|sec-fetch-|host|accept-encoding)/i.test(h.name)),
    };
    const store = new ExchangeStore();
    const [id] = store.add(provisional);
    expect(store.add(full)).toEqual([id]);
    expect(store.get(id as string)?.hops[0]?.provisionalHeaders).toBe(false);
    expect(store.add(provisional)).toEqual([]);
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

  it("pairs the decoded pairing columns exactly as the full entries (the CLI's threads send only those)", () => {
    const dirs = [join(import.meta.dirname, "../fixtures/har"), join(import.meta.dirname, "../fixtures/lab")];
    let compared = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter(
        (f) => f.endsWith(".har") || (f.endsWith(".json") && dir.endsWith("lab")),
      )) {
        const document = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;
        const log = ((document.har as { log?: unknown } | undefined)?.log ?? document.log ?? document) as {
          entries?: unknown[];
        };
        if (!Array.isArray(log.entries)) continue;
        const full = log.entries.map((raw, i) => normalizeHarEntry(raw, i));
        // Both orders: as recorded, and reversed (onRequestFinished may deliver in any order).
        for (const order of [full, [...full].reverse()]) {
          const views = pairingViews(order);
          const index = new Map<CapturedEntry, number>(order.map((entry, i) => [entry, i]));
          const viewIndex = new Map<CapturedEntry, number>(views.map((view, i) => [view, i]));
          const picture = (exchanges: ReturnType<typeof pairEntries>["exchanges"], of: Map<CapturedEntry, number>) =>
            exchanges.map((x) => ({
              id: x.id,
              actualRecorded: x.actualRecorded,
              startedMs: x.startedMs,
              hops: x.hops.map((h) => of.get(h) ?? `synthesized ${h.key}`),
              preflights: x.preflights.map((p) => (p ? of.get(p) : null)),
            }));
          const a = pairEntries(order);
          const b = pairEntries(views);
          expect(picture(b.exchanges, viewIndex), `${file}`).toEqual(picture(a.exchanges, index));
          expect([...b.documentIps]).toEqual([...a.documentIps]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it("pairing columns keep what pairing depends on: origins, announced methods, fuller copies, documents", () => {
    const preflight = entries.find((e) => e.isPreflight);
    const answered = entries.find((e) => !e.isPreflight && e.status === 200 && e.responseHeaders.length > 0);
    if (!preflight || !answered) throw new Error("sample changed");
    const method = preflight.requestHeaders.find((h) => h.name === "Access-Control-Request-Method")?.value ?? "PUT";
    const actual: CapturedEntry = { ...answered, url: preflight.url, method };
    const withOrigin = (entry: CapturedEntry, origin: string, key: string, startedMs: number): CapturedEntry => ({
      ...entry,
      key,
      startedMs,
      requestHeaders: [
        ...entry.requestHeaders.filter((h) => h.name.toLowerCase() !== "origin"),
        { name: "Origin", value: origin },
      ],
    });
    const document: CapturedEntry = {
      ...actual,
      key: "doc",
      url: "http://app.test/",
      resourceType: null,
      serverIPAddress: "10.0.0.7",
      requestHeaders: [{ name: "Sec-Fetch-Mode", value: "navigate" }],
    };
    const recorded = [
      document,
      withOrigin(preflight, "http://a.test", "p1", 0),
      withOrigin(preflight, "http://b.test", "p2", 1),
      withOrigin(actual, "http://b.test", "r2", 2),
      { ...withOrigin(actual, "http://a.test", "r1", 3), status: 0, responseHeaders: [] },
      withOrigin(actual, "http://a.test", "r1", 3),
    ];
    const picture = (list: readonly CapturedEntry[]) =>
      pairEntries(list).exchanges.map((x) => ({
        hops: x.hops.map((h) => `${h.key} ${h.status} ${h.responseHeaders.length}`),
        preflights: x.preflights.map((p) => p?.key ?? null),
      }));
    const full = picture(recorded);
    expect(full).toContainEqual({ hops: [expect.stringMatching(/^r1 200 [1-9]/)], preflights: ["p1"] });
    expect(full).toContainEqual({ hops: [expect.stringMatching(/^r2 /)], preflights: ["p2"] });
    expect(picture(pairingViews(recorded))).toEqual(full);
    const documentIps = [...pairEntries(pairingViews(recorded)).documentIps];
    expect(documentIps).toContainEqual(["http://app.test", "10.0.0.7"]);
    expect(documentIps).toEqual([...pairEntries(recorded).documentIps]);
  });
});
