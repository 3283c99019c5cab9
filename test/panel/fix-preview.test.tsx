/**
 * "Preview this fix" in the panel (happy-dom, a fake preview service): the button asks the service
 * for the rule, the banner says what is modified, Stop removes the rule, requests captured while
 * the preview runs are tagged, and leaving the site ends it.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import type { FixPreviewRequest, FixPreviewService } from "../../src/panel/services.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import { FakeNetwork, fakeServices, givePanelSizedLayout } from "./fake-services.js";

const SAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har"), "utf8"),
) as { entries: Array<{ request: { url: string }; startedDateTime: string }> };

class FakePreview implements FixPreviewService {
  readonly tabId = 17;
  readonly started: FixPreviewRequest[] = [];
  removed = 0;
  start(request: FixPreviewRequest) {
    this.started.push(request);
    return Promise.resolve({
      ok: true as const,
      remove: () => {
        this.removed++;
        return Promise.resolve();
      },
    });
  }
}

function setup({ canPreview = true } = {}) {
  const state = createPanelState({ schedule: (flush) => flush() });
  const fakes = fakeServices(new FakeNetwork(SAMPLE, "http://127.0.0.1:8781/"));
  const preview = new FakePreview();
  const services = canPreview ? { ...fakes.services, fixPreview: () => Promise.resolve(preview) } : fakes.services;
  render(<App state={state} services={services} />);
  act(() => void state.addEntries(SAMPLE.entries));
  return { state, preview };
}

const shown = (testId: string) => screen.findByTestId(testId, undefined, { timeout: 10_000 });
const rowFor = (suffix: string) =>
  screen.queryAllByTestId("exchange-row").find((r) => r.dataset.url?.endsWith(suffix)) as HTMLElement;

givePanelSizedLayout();
afterEach(cleanup);

describe("Preview this fix in the panel", { timeout: 60_000 }, () => {
  it("starts a tab-scoped rule, says so, tags the requests made meanwhile, and Stop removes it", async () => {
    const { state, preview } = setup();
    act(() => void fireEvent.click(rowFor("/pfnoheaders")));
    const button = await shown("preview-fix");
    await act(async () => void fireEvent.click(button));
    await waitFor(() => expect(screen.getByTestId("preview-banner")).toBeTruthy());
    expect(screen.getByTestId("preview-banner").textContent).toContain(
      "Previewing a fix: responses from 127.0.0.1:8782 are modified in this tab.",
    );
    expect(preview.started).toHaveLength(1);
    expect(preview.started[0]?.rule.condition.tabIds).toEqual([17]);
    expect(preview.started[0]?.hostPermissions).toEqual(["http://127.0.0.1/*"]);

    // The same request made again while the preview runs: a new row, tagged.
    const now = new Date().toISOString();
    const again = SAMPLE.entries
      .filter((e) => e.request.url.endsWith("/pfnoheaders"))
      .map((e) => ({ ...e, startedDateTime: now }));
    act(() => void state.addEntries(again));
    await waitFor(() => expect(screen.queryAllByTestId("previewed-tag")).toHaveLength(1));

    await act(async () => void fireEvent.click(screen.getByTestId("preview-stop")));
    expect(screen.queryByTestId("preview-banner")).toBeNull();
    expect(preview.removed).toBe(1);
  });

  it("leaving the site ends the preview and says why", async () => {
    const { state, preview } = setup();
    act(() => void fireEvent.click(rowFor("/pfnoheaders")));
    await act(async () => void fireEvent.click(await shown("preview-fix")));
    await waitFor(() => expect(screen.getByTestId("preview-banner")).toBeTruthy());
    await act(async () => void state.navigated("https://elsewhere.example/"));
    expect(screen.queryByTestId("preview-banner")).toBeNull();
    expect(screen.getByTestId("preview-ended").textContent).toMatch(/left the site/);
    expect(preview.removed).toBe(1);
  });

  it("a build without the preview (Firefox) shows no button and no words about one", async () => {
    setup({ canPreview: false });
    act(() => void fireEvent.click(rowFor("/pfnoheaders")));
    await shown("fix-area");
    expect(screen.queryByTestId("preview-fix")).toBeNull();
    expect(screen.queryByTestId("preview-unavailable")).toBeNull();
    expect(screen.getByTestId("fix-area").textContent).not.toMatch(/preview/i);
  });
});
