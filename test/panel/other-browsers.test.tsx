/**
 * The detail view's "In other browsers" line: shown when Firefox or Safari decide differently from
 * Chrome (lab scenarios whose Firefox and WebKit recordings show it), absent when all agree.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { act, cleanup, render, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/panel/components/app.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";
import { FakeNetwork, fakeServices, givePanelSizedLayout } from "./fake-services.js";
import { openDetail } from "./open-detail.js";

const SAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har"), "utf8"),
) as {
  entries: unknown[];
};

/** A lab scenario's HAR entries (Chromium's recording) and the URL of its request. */
function lab(id: string): { entries: unknown[]; url: string } {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, `../fixtures/lab/${id}.json`), "utf8")) as {
    har: { log: { entries: unknown[] } };
    truth: { url: string }[];
  };
  return { entries: fixture.har.log.entries, url: fixture.truth[0]?.url ?? "" };
}

async function detailOf(id: string): Promise<HTMLElement> {
  const state = createPanelState({ schedule: (flush) => flush() });
  const fakes = fakeServices(new FakeNetwork(SAMPLE, "http://app.test:47811/"));
  render(<App state={state} services={fakes.services} />);
  const { entries, url } = lab(id);
  act(() => void state.addEntries(entries));
  return openDetail(url);
}

givePanelSizedLayout();
afterEach(cleanup);

describe("the detail view's other browsers", { timeout: 60_000 }, () => {
  it("names the browser that decides differently, in its own words, and why", async () => {
    const detail = await detailOf("redirect-contains-credentials");
    const line = within(detail).getByTestId("other-browsers");
    expect(line.textContent).toContain(
      "In other browsers: network-error in Firefox: Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at",
    );
    expect(line.textContent).toContain("; blocked in Chrome and Safari");
    expect(line.querySelector("[data-code='FIREFOX_REDIRECT_CREDENTIALS_NETWORK_ERROR']")).not.toBeNull();
  });

  it("says unknown, with the reason, where no capture can tell", async () => {
    const detail = await detailOf("allowed-safelisted-total-1024");
    expect(within(detail).getByTestId("other-browsers").textContent).toContain(
      "unknown in Firefox and Safari: a preflight is sent there for a client-hint header",
    );
  });

  it("is absent when every browser decides alike", async () => {
    const detail = await detailOf("acao-missing");
    expect(within(detail).queryByTestId("other-browsers")).toBeNull();
  });
});
