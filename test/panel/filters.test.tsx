/**
 * The toolbar's flags as descriptors (src/panel/state/filters.ts): what each flag shows, spelled
 * out here independently of the descriptors, and that the toolbar draws one checkbox per flag.
 */

import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import { createFilters, FLAG_IDS, FLAGS, rowFilter } from "../../src/panel/state/filters.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import type { Row } from "../../src/panel/state/row.js";
import { rowMatches } from "../../src/panel/state/visible-rows.js";
import { FakeNetwork, fakeServices } from "./fake-services.js";

afterEach(cleanup);

const VERDICTS = ["allowed", "blocked", "not-cors", "network-error", "unknown"] as const;

function row(verdict: (typeof VERDICTS)[number]): Row {
  return {
    id: verdict,
    captured: { exchange: { hops: [{ request: { method: "GET", url: `http://api.test/${verdict}` } }] } },
    diagnosis: { verdict, corsError: null, findings: [] },
    chrome: null,
    disagrees: false,
  } as unknown as Row;
}

describe("the toolbar's flags", () => {
  it("show what their labels say, and Preserve log filters nothing", () => {
    for (const blockedOnly of [false, true]) {
      for (const showNotCors of [false, true]) {
        for (const preserveLog of [false, true]) {
          const filter = rowFilter("", { blockedOnly, showNotCors, preserveLog });
          for (const verdict of VERDICTS) {
            const expected = (!blockedOnly || verdict === "blocked") && (showNotCors || verdict !== "not-cors");
            expect(rowMatches(row(verdict), filter), `${verdict} ${blockedOnly} ${showNotCors}`).toBe(expected);
          }
        }
      }
    }
  });

  it("give equal keys exactly to filters that show the same rows", () => {
    const keys = new Set<string>();
    for (const blockedOnly of [false, true]) {
      for (const showNotCors of [false, true]) keys.add(rowFilter(" X ", { blockedOnly, showNotCors }).key);
    }
    expect(keys.size).toBe(4);
    expect(rowFilter(" X ", {}).key).toBe(rowFilter("x", { blockedOnly: false, preserveLog: true }).key);
  });

  it("start at their initial values, and the current filter ignores flags that do not filter", () => {
    const filters = createFilters();
    for (const id of FLAG_IDS) expect(filters.flags[id].value).toBe(FLAGS[id].initial);
    const before = filters.current.value;
    filters.flags.preserveLog.value = true;
    expect(filters.current.value).toBe(before);
    filters.flags.blockedOnly.value = true;
    expect(filters.current.value).not.toBe(before);
  });

  it("each get one toolbar checkbox, bound to its signal", () => {
    const state = createPanelState({ schedule: (flush) => flush() });
    render(<App state={state} services={fakeServices(new FakeNetwork()).services} />);
    for (const id of FLAG_IDS) {
      const box = screen.getByTestId(FLAGS[id].testId) as HTMLInputElement;
      expect(box.closest("label")?.textContent).toBe(FLAGS[id].label);
      expect(box.checked).toBe(FLAGS[id].initial);
      fireEvent.click(box);
      expect(state.filters.flags[id].value).toBe(!FLAGS[id].initial);
    }
  });
});
