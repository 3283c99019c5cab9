import { useState } from "preact/hooks";
import type { PreciseModeSource } from "../services.js";
import type { PanelState } from "../state/panel-state.js";

/**
 * The opt-in precise mode: Chrome's own CORS verdicts through chrome.debugger. Chrome shows a
 * "started debugging this browser" bar while it is on; the user is told before turning it on.
 */
export function PreciseMode({ state, precise }: { state: PanelState; precise: PreciseModeSource }) {
  const [confirming, setConfirming] = useState(false);
  const mode = state.precise.value;

  async function turnOn() {
    setConfirming(false);
    state.precise.value = { kind: "starting" };
    state.precise.value = await precise.enable();
  }

  async function turnOff() {
    await precise.disable();
    state.precise.value = { kind: "off" };
  }

  return (
    <div class="banner precise" data-testid="precise-mode" data-state={mode.kind}>
      <strong>Precise mode</strong>{" "}
      {mode.kind === "on" ? (
        <>
          is on: Chrome's own CORS errors appear next to each diagnosis.{" "}
          <button type="button" data-testid="precise-off" onClick={turnOff}>
            Turn off
          </button>
        </>
      ) : mode.kind === "starting" ? (
        <>is starting…</>
      ) : confirming ? (
        <>
          reads Chrome's own verdict through the debugger. Chrome will show a bar saying “CORS Doctor started debugging
          this browser” until you turn it off or close DevTools; the extension asks for the debugger permission once.{" "}
          <button type="button" data-testid="precise-confirm" onClick={turnOn}>
            Turn on
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <>
          {mode.kind === "unavailable" ? <span class="error-text">{mode.message} </span> : null}
          shows Chrome's own error next to each diagnosis.{" "}
          <button type="button" data-testid="precise-on" onClick={() => setConfirming(true)}>
            Turn on…
          </button>
        </>
      )}
    </div>
  );
}
