/**
 * The panel's detail view shows the request's mode with the five questions (why a row was or was
 * not treated as CORS), and an imported HAR's producer decides the advice about a preflight the
 * capture does not show.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import { FakeNetwork, fakeServices, givePanelSizedLayout } from "./fake-services.js";
import { openDetail } from "./open-detail.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/har", name), "utf8");
const SAMPLE = JSON.parse(fixture("chromium-156-sample.har")) as { entries: unknown[] };

function setup() {
  const state = createPanelState({ schedule: (flush) => flush() });
  const fakes = fakeServices(new FakeNetwork(SAMPLE, "http://127.0.0.1:8781/?delay=300"));
  render(<App state={state} services={fakes.services} />);
  return { state, ...fakes };
}

const rows = () => screen.queryAllByTestId("exchange-row");

givePanelSizedLayout();
afterEach(cleanup);

describe("the detail view's mode line and producer advice", { timeout: 60_000 }, () => {
  it("says why a CORS row was checked as CORS, above the five questions", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    const detail = await openDetail("http://127.0.0.1:8782/pfnoheaders");
    expect(within(detail).getByTestId("request-mode").textContent).toBe("mode: cors — from _resourceType: fetch");
  });

  it("keeps not-CORS rows hidden by default; shown, a navigation says what made it one", async () => {
    const { state } = setup();
    act(() => void state.addEntries(SAMPLE.entries));
    const page = "http://127.0.0.1:8781/?delay=300";
    expect(rows().some((r) => r.dataset.url === page)).toBe(false);
    act(() => {
      fireEvent.click(screen.getByTestId("show-not-cors"));
    });
    const detail = await openDetail(page);
    expect(within(detail).getByTestId("request-mode").textContent).toBe(
      "mode: navigate — from _resourceType: document",
    );
  });

  it("gives an imported Playwright capture Playwright's advice, not a reload with DevTools open", async () => {
    const { state } = setup();
    await act(async () => void (await state.importHar(fixture("playwright-1.65-recordHar.har"), "e2e.har")));
    const url = "http://api.test:47812/v1/items/42?lab=preflight-404-without-cors.playwright";
    const row = rows().find((r) => r.dataset.url === url);
    expect(row?.textContent).toContain("blocked at a preflight this capture's tool does not record");
    const detail = await openDetail(url);
    const findings = within(detail).getByTestId("findings").textContent ?? "";
    expect(findings).toContain("Playwright's recordHar does not record CORS preflights");
    expect(findings).not.toContain("Reload the page with DevTools open");
    expect(within(detail).getByTestId("questions").textContent).toContain(
      "Playwright's recordHar does not record preflights",
    );
  });

  it("forgets the producer when it returns to the live capture", async () => {
    const { state } = setup();
    await act(async () => void (await state.importHar(fixture("safari-web-inspector.har"), "safari.har")));
    const put = "https://api.example/v1/items/42";
    expect((await openDetail(put)).textContent).toContain("Safari's Web Inspector does not record CORS preflights");
    act(() => state.returnToLive());
    // The same entries, now as this browser's own capture: the live advice.
    const entries = (JSON.parse(fixture("safari-web-inspector.har")) as { log: { entries: unknown[] } }).log.entries;
    act(() => void state.addEntries(entries));
    const detail = await openDetail(put);
    expect(within(detail).getByTestId("findings").textContent).toContain("Reload the page with DevTools open");
  });
});
