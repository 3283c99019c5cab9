import { useState } from "preact/hooks";
import type { PreciseModeSource } from "../services.js";
import type { LayoutPrefs } from "../state/layout-prefs.js";
import type { PanelState } from "../state/panel-state.js";

const EXPLANATION =
  "Precise mode reads Chrome's own CORS verdict through the debugger. Chrome shows a bar saying " +
  "“CORS Doctor started debugging this browser” until you turn it off or close DevTools; the " +
  "extension asks for the debugger permission once.";

/**
 * The opt-in precise mode as a toolbar button: Chrome's own CORS verdicts through chrome.debugger.
 * Chrome shows a "started debugging this browser" bar while it is on, so the first time the button
 * explains that and asks; once the user has turned it on, the button turns it on at once (the
 * tooltip still explains). A failure to start is shown under the button until dismissed.
 */
export function PreciseMode({
  state,
  precise,
  prefs,
}: {
  state: PanelState;
  precise: PreciseModeSource;
  prefs: LayoutPrefs;
}) {
  const [confirming, setConfirming] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const mode = state.precise.value;

  async function turnOn() {
    setConfirming(false);
    prefs.markPreciseExplained();
    state.precise.value = { kind: "starting" };
    state.precise.value = await precise.enable();
  }

  async function turnOff() {
    await precise.disable();
    state.precise.value = { kind: "off" };
  }

  const failure = mode.kind === "unavailable" && dismissed !== mode.message ? mode.message : null;
  return (
    <div class="precise-control" data-testid="precise-mode" data-state={mode.kind}>
      {mode.kind === "on" ? (
        <button
          type="button"
          class="precise-button on"
          aria-pressed="true"
          data-testid="precise-off"
          title="Precise mode is on: Chrome's own CORS errors appear next to each diagnosis. Click to turn it off."
          onClick={turnOff}
        >
          <span class="dot" aria-hidden="true">
            ●
          </span>{" "}
          Precise mode on
        </button>
      ) : (
        <button
          type="button"
          class="precise-button"
          aria-pressed="false"
          aria-expanded={prefs.preciseExplained.value ? undefined : confirming}
          disabled={mode.kind === "starting"}
          data-testid="precise-on"
          title={`Show Chrome's own CORS error next to each diagnosis. ${EXPLANATION}`}
          onClick={() => (prefs.preciseExplained.value ? void turnOn() : setConfirming(!confirming))}
        >
          {mode.kind === "starting" ? "Precise mode starting…" : "Precise mode"}
        </button>
      )}
      {confirming && mode.kind !== "on" ? (
        <div class="popover precise-popover" role="dialog" aria-label="Precise mode">
          <p>{EXPLANATION}</p>
          <button type="button" data-testid="precise-confirm" onClick={turnOn}>
            Turn on
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {failure ? (
        <div class="popover precise-popover" role="alert">
          <p class="error-text">{failure}</p>
          <button type="button" onClick={() => setDismissed(failure)}>
            OK
          </button>
        </div>
      ) : null}
    </div>
  );
}
