import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { OnDemandPart, onDemand } from "../../src/panel/components/on-demand.js";

afterEach(cleanup);

/** An importer the test settles by hand, like a chunk that is slow to load or missing. */
function controlledImporter() {
  const attempts: Array<{ resolve: (m: { Widget: () => preact.JSX.Element }) => void; reject: (e: Error) => void }> =
    [];
  const importer = () =>
    new Promise<{ Widget: () => preact.JSX.Element }>((resolve, reject) => {
      attempts.push({ resolve, reject });
    });
  return { importer, attempts };
}

const Widget = () => <p data-testid="widget">the part</p>;

describe("parts of the panel loaded on demand", () => {
  it("says it is loading, then shows the part; a second use does not wait", async () => {
    const { importer, attempts } = controlledImporter();
    const part = onDemand("the widget", importer);
    render(<OnDemandPart part={part}>{(m) => <m.Widget />}</OnDemandPart>);
    expect(screen.getByRole("status").textContent).toBe("Loading the widget…");
    attempts[0]?.resolve({ Widget });
    expect((await screen.findByTestId("widget")).textContent).toBe("the part");
    cleanup();

    render(<OnDemandPart part={part}>{(m) => <m.Widget />}</OnDemandPart>);
    expect(screen.getByTestId("widget")).toBeTruthy();
    expect(attempts).toHaveLength(1);
  });

  it("says plainly when a part cannot be loaded, and tries again on request", async () => {
    const { importer, attempts } = controlledImporter();
    const part = onDemand("the fix suggestions", importer);
    render(
      <OnDemandPart part={part} heading="What to change">
        {(m) => <m.Widget />}
      </OnDemandPart>,
    );
    expect(screen.getByRole("heading").textContent).toBe("What to change");
    attempts[0]?.reject(new TypeError("Failed to fetch dynamically imported module: chrome-extension://x/a.js"));
    const alert = await screen.findByTestId("load-failed");
    expect(alert.textContent).toContain("The fix suggestions could not be loaded");
    expect(alert.textContent).toContain("Failed to fetch dynamically imported module");
    expect(alert.textContent).toContain("close and reopen DevTools");

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    });
    expect(attempts).toHaveLength(2);
    expect(screen.getByRole("status").textContent).toBe("Loading the fix suggestions…");
    attempts[1]?.resolve({ Widget });
    expect(await screen.findByTestId("widget")).toBeTruthy();
  });
});
