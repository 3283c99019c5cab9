import { useState } from "preact/hooks";
import type { PanelState } from "../state/panel-state.js";
import { OnDemandPart, onDemand } from "./on-demand.js";

/** The console parsers (src/console) load when the paste box opens, before anything is pasted. */
const parsersPart = onDemand("the console message reader", () => import("./console-paste-results.js"));

/**
 * Paste a console error (Chrome, Firefox or Safari): it is matched to a captured request by URL,
 * and explained even when nothing was captured.
 */
export function ConsolePaste({ state }: { state: PanelState }) {
  const [text, setText] = useState("");
  return (
    <div class="console-paste" data-testid="console-paste">
      <label for="console-paste-input">
        Paste a CORS error from the browser console (Chrome, Firefox or Safari; several lines are fine):
      </label>
      <textarea
        id="console-paste-input"
        data-testid="console-paste-input"
        rows={3}
        spellcheck={false}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <OnDemandPart part={parsersPart}>{({ PasteResults }) => <PasteResults text={text} state={state} />}</OnDemandPart>
    </div>
  );
}
