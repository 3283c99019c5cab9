/**
 * The panel's layout controls in happy-dom: the splitter (keyboard, ARIA value, remembered through
 * the storage service), the remembered column widths, the stacked layout and the list's compact
 * columns at narrow widths, the toolbar's "More" menu, and precise mode explained once.
 */

import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import { createLayoutPrefs, RESIZABLE_COLUMNS, SPLIT_LIMITS } from "../../src/panel/state/layout-prefs.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import { FakeNetwork, FakePrecise, fakeServices, MemoryStore } from "./fake-services.js";

const ORIGIN = "http://app.test:8781";

/** A simple GET blocked for a missing Access-Control-Allow-Origin, to `url`. */
function blockedEntry(url: string) {
  return {
    startedDateTime: "2026-01-01T00:00:00.000Z",
    time: 1,
    request: {
      method: "GET",
      url,
      httpVersion: "HTTP/1.1",
      headers: [{ name: "Origin", value: ORIGIN }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: "OK",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "Content-Type", value: "application/json" }],
      cookies: [],
      content: { size: 0, mimeType: "application/json" },
      redirectURL: "",
      headersSize: -1,
      bodySize: 0,
      _error: "net::ERR_FAILED",
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _resourceType: "fetch",
  };
}

/** happy-dom lays nothing out: every element reports `width` x 600. */
function layoutWidth(width: number): void {
  for (const [property, size] of [
    ["clientHeight", 600],
    ["offsetHeight", 600],
    ["clientWidth", width],
    ["offsetWidth", width],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, property, { configurable: true, get: () => size });
  }
}

function setup(storage = new MemoryStore(), precise: FakePrecise | null = new FakePrecise()) {
  const state = createPanelState({ schedule: (flush) => flush() });
  const fakes = fakeServices(new FakeNetwork(), precise, storage);
  const view = render(<App state={state} services={fakes.services} />);
  act(() => {
    state.addEntries(["alpha", "beta", "gamma"].map((s) => blockedEntry(`http://api.test/v1/long/common/path/${s}`)));
  });
  return { state, view, ...fakes };
}

function selectFirstRow() {
  act(() => {
    fireEvent.click(screen.getAllByTestId("exchange-row")[0] as HTMLElement);
  });
}

beforeEach(() => layoutWidth(1000));
afterEach(cleanup);

describe("the panel's layout", { timeout: 30_000 }, () => {
  it("names rows by their last path segment, with the full URL on hover", () => {
    setup();
    const rows = screen.getAllByTestId("exchange-row");
    expect(rows.map((r) => r.querySelector('[data-testid="row-name"]')?.textContent)).toEqual([
      "alpha",
      "beta",
      "gamma",
    ]);
    expect(rows[0]?.querySelector(".col-name")?.getAttribute("title")).toBe(
      "http://api.test/v1/long/common/path/alpha",
    );
    expect(rows[0]?.querySelector(".context")?.textContent?.trim()).toBe("api.test/v1/long/common/path");
  });

  it("has a splitter only while a detail is open: a separator with its value, moved by the arrow keys and remembered", () => {
    const storage = new MemoryStore();
    setup(storage);
    expect(screen.queryByTestId("splitter")).toBeNull();
    selectFirstRow();
    const splitter = screen.getByTestId("splitter");
    expect(splitter.getAttribute("role")).toBe("separator");
    expect(splitter.getAttribute("aria-orientation")).toBe("vertical");
    expect(splitter.getAttribute("aria-controls")).toBe("request-list");
    expect(splitter.tabIndex).toBe(0);
    expect(splitter.getAttribute("aria-valuenow")).toBe("55");

    act(() => void fireEvent.keyDown(splitter, { key: "ArrowRight" }));
    act(() => void fireEvent.keyDown(splitter, { key: "ArrowRight" }));
    act(() => void fireEvent.keyDown(splitter, { key: "ArrowLeft" }));
    expect(splitter.getAttribute("aria-valuenow")).toBe("57");
    expect((screen.getByTestId("list") as HTMLElement).style.flex).toBe("0 0 57.00%");
    expect(JSON.parse(storage.get("split.side") ?? "null")).toBeCloseTo(0.57);

    act(() => void fireEvent.keyDown(splitter, { key: "End" }));
    expect(splitter.getAttribute("aria-valuenow")).toBe(String(SPLIT_LIMITS.max * 100));
    act(() => void fireEvent.keyDown(splitter, { key: "PageDown" }));
    expect(splitter.getAttribute("aria-valuenow")).toBe(String(SPLIT_LIMITS.max * 100));

    // A new panel (DevTools opened again) in the same profile starts where the user left it.
    cleanup();
    setup(storage);
    selectFirstRow();
    expect(screen.getByTestId("splitter").getAttribute("aria-valuenow")).toBe(String(SPLIT_LIMITS.max * 100));
  });

  it("stacks the detail under the list in a narrow panel, with a splitter of its own", () => {
    layoutWidth(700);
    const storage = new MemoryStore();
    storage.set("split.side", "0.7");
    setup(storage);
    selectFirstRow();
    expect(document.querySelector("[data-layout]")?.getAttribute("data-layout")).toBe("stacked");
    const splitter = screen.getByTestId("splitter");
    expect(splitter.getAttribute("aria-orientation")).toBe("horizontal");
    expect(splitter.getAttribute("aria-valuenow")).toBe("40");
    act(() => void fireEvent.keyDown(splitter, { key: "ArrowDown" }));
    expect(splitter.getAttribute("aria-valuenow")).toBe("42");
    act(() => void fireEvent.keyDown(splitter, { key: "ArrowRight" }));
    expect(splitter.getAttribute("aria-valuenow")).toBe("42");
    expect(storage.get("split.side")).toBe("0.7");
  });

  it("shows Name and Verdict only when the list is too narrow for every column", () => {
    layoutWidth(500);
    setup();
    const list = screen.getByTestId("list");
    expect(list.dataset.compact).toBe("true");
    expect(list.style.getPropertyValue("--columns")).toBe(`minmax(0, 1fr) ${RESIZABLE_COLUMNS.verdict.initial}px`);
    cleanup();
    layoutWidth(1000);
    setup();
    expect(screen.getByTestId("list").dataset.compact).toBe("false");
  });

  it("remembers column widths, and ignores what it cannot read", () => {
    const storage = new MemoryStore();
    const prefs = createLayoutPrefs(storage);
    prefs.setColumnWidth("error", 300, false);
    expect(storage.get("list.columns")).toBeNull();
    prefs.setColumnWidth("error", 301, true);
    prefs.setColumnWidth("method", 1, true);
    expect(createLayoutPrefs(storage).columnWidths.value).toMatchObject({
      error: 301,
      method: RESIZABLE_COLUMNS.method.min,
    });
    setup(storage);
    expect(screen.getByTestId("list").style.getPropertyValue("--columns")).toContain(" 301px");

    for (const junk of ["{", '"wide"', '{"error":"x","status":1e9}', "null"]) {
      storage.set("list.columns", junk);
      storage.set("split.side", junk);
      const read = createLayoutPrefs(storage);
      expect(read.columnWidths.value.error, junk).toBe(RESIZABLE_COLUMNS.error.initial);
      expect(read.columnWidths.value.status, junk).toBeLessThanOrEqual(600);
      expect(read.split.side.value, junk).toBe(0.55);
    }
  });

  it('keeps the toolbar to one row: the rest is in "More", which opens, closes on Escape and keeps its controls', () => {
    const { network } = setup();
    const more = screen.getByTestId("more");
    const menu = screen.getByTestId("more-menu");
    expect(more.getAttribute("aria-expanded")).toBe("false");
    expect(menu.hidden).toBe(true);
    // The controls exist while the menu is closed (their state lives on; tests reach them).
    for (const id of ["show-not-cors", "preserve-log", "reload", "paste-toggle", "import-har", "export-blocked"]) {
      expect(menu.contains(screen.getByTestId(id)), id).toBe(true);
    }
    expect(screen.getByTestId("toolbar").contains(screen.getByTestId("blocked-only"))).toBe(true);
    expect(menu.contains(screen.getByTestId("blocked-only"))).toBe(false);

    act(() => void fireEvent.click(more));
    expect(more.getAttribute("aria-expanded")).toBe("true");
    expect(menu.hidden).toBe(false);
    act(() => void fireEvent.click(screen.getByTestId("preserve-log")));
    expect(menu.hidden, "a checkbox keeps the menu open").toBe(false);
    act(() => void fireEvent.keyDown(screen.getByTestId("preserve-log"), { key: "Escape" }));
    expect(menu.hidden).toBe(true);
    expect(document.activeElement).toBe(more);

    act(() => void fireEvent.click(more));
    act(() => void fireEvent.click(screen.getByTestId("reload")));
    expect(network.reloads).toBe(1);
    expect(menu.hidden, "a button closes the menu").toBe(true);

    act(() => void fireEvent.click(more));
    act(() => void fireEvent.pointerDown(document.body));
    expect(menu.hidden, "a click outside closes the menu").toBe(true);
  });

  it("explains precise mode in a popover the first time only, not in a row of its own", async () => {
    const storage = new MemoryStore();
    const precise = new FakePrecise();
    const { state } = setup(storage, precise);
    expect(screen.getByTestId("toolbar").contains(screen.getByTestId("precise-mode"))).toBe(true);
    expect(screen.queryByTestId("precise-confirm")).toBeNull();
    act(() => void fireEvent.click(screen.getByTestId("precise-on")));
    expect(screen.getByTestId("precise-mode").textContent).toContain("started debugging this browser");
    await act(async () => void fireEvent.click(screen.getByTestId("precise-confirm")));
    expect(state.precise.value.kind).toBe("on");
    await act(async () => void fireEvent.click(screen.getByTestId("precise-off")));
    expect(state.precise.value.kind).toBe("off");

    // Explained once, in this profile: the button turns it on at once, in a new panel too.
    cleanup();
    const again = setup(storage, precise);
    await act(async () => void fireEvent.click(screen.getByTestId("precise-on")));
    expect(screen.queryByTestId("precise-confirm")).toBeNull();
    expect(again.state.precise.value.kind).toBe("on");
    expect(precise.enabled).toBe(2);
  });
});
