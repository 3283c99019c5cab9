/**
 * The panel over a long session: 50,000 requests delivered one entry at a time, as DevTools'
 * onRequestFinished does. Asserts on counts and bounded structures, never on time: the panel keeps
 * the newest 10,000, its totals and filtered list stay exactly what a full recount gives (they are
 * kept up to date change by change), the capture store's indexes hold nothing evicted, the list
 * renders only the rows in view, and selecting a row still shows its diagnosis.
 */

import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import { rowFilter } from "../../src/panel/state/filters.js";
import { createPanelState, DEFAULT_CAP, type PanelState } from "../../src/panel/state/panel-state.js";
import { rowMatches } from "../../src/panel/state/visible-rows.js";
import { requestEntries } from "../capture/synthetic-session.js";
import { FakeNetwork, fakeServices, givePanelSizedLayout } from "./fake-services.js";

const REQUESTS = 50_000;

givePanelSizedLayout();

afterEach(cleanup);

/** Delivers request `n`'s entries one by one, as onRequestFinished does. */
function deliver(state: PanelState, n: number): void {
  for (const entry of requestEntries(n)) state.addEntries([entry]);
}

/** What a full recount of the rows gives, against what the panel keeps up to date. */
function expectConsistent(state: PanelState, delivered: number): void {
  const rows = state.rows.value;
  expect(rows).toHaveLength(Math.min(DEFAULT_CAP, delivered));
  expect(state.dropped.value).toBe(Math.max(0, delivered - DEFAULT_CAP));
  const counts = state.counts.value;
  expect(counts.total).toBe(rows.length);
  expect(counts.blocked).toBe(rows.filter((r) => r.diagnosis.verdict === "blocked").length);
  expect(counts.corsRequests).toBe(rows.filter((r) => r.diagnosis.verdict !== "not-cors").length);
  expect(state.captureGaps.value).toBe(
    rows.some((r) => r.diagnosis.findings.some((f) => f.code === "PREFLIGHT_NOT_CAPTURED")),
  );
  // The filtered list, kept in step change by change, is what filtering every row gives.
  const filter = rowFilter(state.filters.text.value, {
    blockedOnly: state.filters.flags.blockedOnly.value,
    showNotCors: state.filters.flags.showNotCors.value,
  });
  expect(state.visibleRows.value).toEqual(rows.filter((r) => rowMatches(r, filter)));
  // In start order.
  for (let i = 1; i < rows.length; i++) {
    expect((rows[i]?.captured.startedMs ?? 0) >= (rows[i - 1]?.captured.startedMs ?? 0)).toBe(true);
  }
  const stats = state.indexStats();
  expect(stats.exchanges).toBe(rows.length);
  expect(stats.stale).toBe(0);
  expect(stats.locations).toBeLessThanOrEqual(rows.length * 3);
  expect(stats.unpaired + stats.heads + stats.lonePreflights + stats.pendingRedirects).toBeLessThanOrEqual(
    rows.length * 4,
  );
}

/** 50,000 requests take 7-10 s alone on 2 cores, longer beside other work: a hang guard, not a speed check. */
const SESSION = { timeout: 300_000 };

describe("the panel over a 50,000-request session", () => {
  it("keeps the newest 10,000 requests, exact totals and filtered list, and bounded indexes", SESSION, () => {
    const state = createPanelState({ schedule: (flush) => flush() });
    state.setPageUrl("http://app.test/");
    // Filters change along the way, so the filtered list is kept in step under each of them.
    const filters: Array<(s: PanelState) => void> = [
      () => undefined,
      (s) => {
        s.filters.flags.blockedOnly.value = true;
      },
      (s) => {
        s.filters.flags.blockedOnly.value = false;
        s.filters.text.value = "/items";
      },
      (s) => {
        s.filters.text.value = "";
        s.filters.flags.showNotCors.value = true;
      },
      (s) => {
        s.filters.flags.showNotCors.value = false;
      },
    ];
    for (let i = 0; i < REQUESTS; i++) {
      // Requests run 8 at a time and finish out of order: most rows land inside the list, not at its end.
      const n = i - (i % 8) + (((i % 8) * 5 + 3) % 8);
      deliver(state, n);
      if ((i + 1) % 5_000 === 0) {
        expectConsistent(state, i + 1);
        filters[((i + 1) / 5_000) % filters.length]?.(state);
        expectConsistent(state, i + 1);
      }
    }
    expect(state.counts.value.dropped).toBe(REQUESTS - DEFAULT_CAP);
    // Nothing fuller can come for a request a failed preflight blocked: no getHAR() re-read for them.
    const awaited = state.awaitedUrls();
    expect([...awaited].every((url) => url.includes("/never?"))).toBe(true);
  });

  it("renders only the rows in view and still shows a selected row's diagnosis", SESSION, async () => {
    const state = createPanelState({ schedule: (flush) => flush() });
    const fakes = fakeServices(new FakeNetwork({ entries: [] }, "http://app.test/"));
    render(<App state={state} services={fakes.services} />);
    for (let from = 0; from < REQUESTS; from += 2_500) {
      act(() => {
        for (let n = from; n < from + 2_500; n++) deliver(state, n);
      });
    }
    expect(state.rows.value).toHaveLength(DEFAULT_CAP);
    expect(screen.getByTestId("counts").textContent).toContain(
      `${REQUESTS - DEFAULT_CAP} oldest dropped (keeps 10,000)`,
    );
    const listed = screen.queryAllByTestId("exchange-row");
    // 600 px of 22 px rows, plus a margin above and below: a bounded number, whatever the session.
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(60);

    const blocked = listed.find((row) => row.dataset.verdict === "blocked") as HTMLElement;
    expect(blocked).toBeDefined();
    act(() => {
      fireEvent.click(blocked);
    });
    const detail = await screen.findByTestId("detail", undefined, { timeout: 10_000 });
    expect(detail.dataset.verdict).toBe("blocked");
    expect(detail.dataset.corsError).toBe(blocked.dataset.corsError);
  });
});
