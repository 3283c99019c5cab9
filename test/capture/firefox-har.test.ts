/**
 * Firefox's HAR through capture, engine and the panel's store, as the Firefox build receives it:
 * test/fixtures/har/firefox-153-getHAR.har is what getHAR() returned inside the CORS panel in
 * Firefox ESR 153 (scripts/record-firefox-har.ts). Its per-exchange expectations are checked by
 * har-variants.test.ts; this file checks what is specific to Firefox: none of Chromium's HAR
 * extensions, and onRequestFinished never delivering a request blocked by its preflight (observed
 * in Firefox 153 with the smoke test's browser: only getHAR() has it; the panel shows the
 * preflight's diagnosis until it re-reads getHAR()).
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeHarEntry, readHar } from "../../src/capture/index.js";
import { diagnose } from "../../src/engine/index.js";
import { createPanelState, type Row } from "../../src/panel/state/panel-state.js";

interface RawEntry {
  readonly request: { readonly method: string; readonly url: string; readonly headers: { name: string }[] };
  readonly response: { readonly status: number } & Record<string, unknown>;
  readonly [key: string]: unknown;
}

const log = JSON.parse(readFileSync(new URL("../fixtures/har/firefox-153-getHAR.har", import.meta.url), "utf8")) as {
  creator: { name: string; version: string };
  entries: RawEntry[];
};

const isPreflight = (e: RawEntry) =>
  e.request.method === "OPTIONS" &&
  e.request.headers.some((h) => h.name.toLowerCase() === "access-control-request-method");
const unanswered = (e: RawEntry) => e.response.status === 0;
/** A request that never got a response because its preflight failed. */
const blockedByPreflight = (e: RawEntry) =>
  unanswered(e) && log.entries.some((p) => isPreflight(p) && p.request.url === e.request.url);

function panelRows(deliveries: readonly (readonly RawEntry[])[]): Row[] {
  const state = createPanelState({ schedule: (flush) => flush() });
  for (const batch of deliveries) state.addEntries(batch);
  state.flush();
  return [...state.rows.value];
}

function byUrl(rows: readonly Row[], method: string, fragment: string): Row {
  const row = rows.find((r) => {
    const hop = r.captured.exchange.hops[0]?.request;
    return hop?.method === method && hop.url.includes(fragment);
  });
  if (!row) throw new Error(`no ${method} row for ${fragment}`);
  return row;
}

describe("Firefox 153 getHAR()", () => {
  it("is Firefox-shaped: a bare log without Chromium's HAR extensions", () => {
    expect(log.creator.name).toBe("Firefox");
    expect(log.entries.length).toBeGreaterThan(10);
    for (const entry of log.entries) {
      expect(entry).not.toHaveProperty("_initiator");
      expect(entry).not.toHaveProperty("_resourceType");
      expect(entry.response).not.toHaveProperty("_error");
      expect(String(entry.startedDateTime)).toMatch(/[+-]\d\d:\d\d$/);
    }
  });

  it("normalizes every entry without a malformed reason, and with no browser outcome", () => {
    const entries = log.entries.map((raw, index) => normalizeHarEntry(raw, index));
    for (const entry of entries) {
      expect(entry.malformed, `${entry.method} ${entry.url}`).toEqual([]);
      expect(entry.outcome).toEqual({ state: "unknown", errorText: null });
    }
    // Preflights are recognized by their headers alone (no _resourceType / _initiator).
    expect(entries.filter((e) => e.isPreflight).map((e) => e.status)).toEqual([404, 204, 200]);
  });

  it("a request blocked by its preflight keeps its full request headers but counts as provisional", () => {
    const blocked = log.entries.filter(blockedByPreflight);
    expect(blocked).toHaveLength(2);
    for (const raw of blocked) {
      const entry = normalizeHarEntry(raw, 0);
      expect(entry.provisionalHeaders).toBe(true);
      expect(entry.requestHeaders.map((h) => h.name.toLowerCase())).toEqual(
        expect.arrayContaining(["host", "origin", "authorization"]),
      );
    }
  });

  it("never reports the browser as disagreeing (there is no browser outcome to disagree with)", () => {
    const result = readHar(log);
    if (!result.ok) throw new Error(result.message);
    for (const { exchange } of result.exchanges) {
      expect(diagnose(exchange).findings.map((f) => f.code)).not.toContain("BROWSER_OUTCOME_DISAGREES");
    }
  });
});

describe("the panel's store fed as Firefox feeds it", () => {
  // Firefox's onRequestFinished never fires for a request its preflight blocked; getHAR() has it.
  const finished = log.entries.filter((e) => !blockedByPreflight(e));

  it("diagnoses a failed preflight from the preflight alone, before getHAR() supplies the request", () => {
    expect(log.entries.length - finished.length).toBe(2);
    const rows = panelRows([finished]);
    for (const [fragment, corsError] of [
      ["preflight-404-without-cors", "PreflightMissingAllowOriginHeader"],
      ["header-authorization-not-listed", "HeaderDisallowedByPreflightResponse"],
    ] as const) {
      const row = byUrl(rows, "PUT", fragment);
      expect(row.captured.actualRecorded, fragment).toBe(false);
      expect(row.diagnosis.verdict, fragment).toBe("blocked");
      expect(row.diagnosis.corsError, fragment).toBe(corsError);
    }
  });

  it("pairs the request once getHAR() supplies it, with the same diagnosis and no duplicate rows", () => {
    const live = panelRows([finished]);
    const reread = panelRows([finished, log.entries]);
    expect(reread).toHaveLength(live.length);
    for (const fragment of ["preflight-404-without-cors", "header-authorization-not-listed"]) {
      const row = byUrl(reread, "PUT", fragment);
      expect(row.captured.actualRecorded, fragment).toBe(true);
      expect(row.captured.exchange.hops[0]?.preflight?.request.method, fragment).toBe("OPTIONS");
      expect(row.diagnosis.corsError, fragment).toBe(byUrl(live, "PUT", fragment).diagnosis.corsError);
    }
    const sequential = panelRows([log.entries]);
    expect(reread.map((r) => `${r.diagnosis.verdict} ${r.diagnosis.corsError}`)).toEqual(
      sequential.map((r) => `${r.diagnosis.verdict} ${r.diagnosis.corsError}`),
    );
  });

  it("pairs the same whatever order the entries arrive in", () => {
    const reference = panelRows([log.entries]).map((r) => `${r.id} ${r.diagnosis.verdict} ${r.diagnosis.corsError}`);
    const preflights = log.entries.filter(isPreflight);
    const others = log.entries.filter((e) => !isPreflight(e));
    for (const order of [[...log.entries].reverse(), [...preflights, ...others], [...others, ...preflights]]) {
      const rows = panelRows(order.map((e) => [e]));
      expect(rows.map((r) => `${r.id} ${r.diagnosis.verdict} ${r.diagnosis.corsError}`).sort()).toEqual(
        [...reference].sort(),
      );
    }
  });
});
