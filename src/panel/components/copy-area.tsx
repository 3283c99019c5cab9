import { useState } from "preact/hooks";
import { CURL_DOES_NOT_ENFORCE_CORS, SHELL_FLAVOR_LABELS, SHELL_FLAVORS, type ShellFlavor } from "../../curl/index.js";
import type { PanelServices } from "../services.js";
import type { Row } from "../state/panel-state.js";
import { copyCommands } from "./copy-commands.js";

/**
 * Reproduce the request outside the browser: the request (and its preflight, when it had one) as curl (bash, cmd),
 * Invoke-WebRequest (PowerShell 7, Windows PowerShell 5.1) or fetch(), secrets redacted unless
 * asked, and Chrome's console line for the error.
 * Loaded on demand with the detail view (src/curl is not needed to open the panel); the module is
 * loaded before its buttons exist, so a click copies synchronously, within the user gesture.
 */
export function CopyArea({ row, services }: { row: Row; services: PanelServices }) {
  const [flavor, setFlavor] = useState<ShellFlavor>("bash");
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const d = row.diagnosis;
  const hop = row.captured.exchange.hops[d.hop] ?? row.captured.exchange.hops[0];
  // The preflight is offered when there was one (or one was needed and not captured); the preview
  // starts on what the browser sent last: the preflight when it failed there, else the request.
  const hadPreflight =
    !!hop?.preflight || d.questions.preflight.required || d.questions.preflight.state !== "not-needed";
  const [shown, setShown] = useState<"preflight" | "actual" | "fetch">(
    hadPreflight && d.leg === "preflight" ? "preflight" : "actual",
  );
  const [copied, setCopied] = useState<string | null>(null);
  const commands = copyCommands(row, flavor, { includeSecrets });
  if (!commands) return null;
  async function copy(which: "preflight" | "actual" | "fetch") {
    if (!commands) return;
    setShown(which);
    await services.copyText(commands[which]);
    setCopied(which);
  }
  return (
    <div class="copy-area" data-testid="copy-area">
      <h3>Reproduce it</h3>
      <div class="copy-controls">
        <label>
          Shell{" "}
          <select
            value={flavor}
            onChange={(e) => setFlavor((e.currentTarget as HTMLSelectElement).value as ShellFlavor)}
            data-testid="shell-flavor"
          >
            {SHELL_FLAVORS.map((f) => (
              <option key={f} value={f}>
                {SHELL_FLAVOR_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label title="Cookies, Authorization and API keys are replaced with [redacted] unless you tick this">
          <input
            type="checkbox"
            checked={includeSecrets}
            onChange={(e) => setIncludeSecrets((e.currentTarget as HTMLInputElement).checked)}
            data-testid="include-secrets"
          />
          Include secrets
        </label>
        {hadPreflight ? (
          <button type="button" data-testid="copy-preflight" onClick={() => copy("preflight")}>
            Copy preflight as curl
          </button>
        ) : null}
        <button type="button" data-testid="copy-actual" onClick={() => copy("actual")}>
          Copy request as curl
        </button>
        <button type="button" data-testid="copy-fetch" onClick={() => copy("fetch")}>
          Copy as fetch()
        </button>
        {copied ? (
          <span class="copied" role="status">
            Copied.
          </span>
        ) : null}
      </div>
      <p class="note">{CURL_DOES_NOT_ENFORCE_CORS}</p>
      <pre class="command" data-testid="command-preview">
        {commands[shown]}
      </pre>
      {commands.consoleLine ? (
        <details>
          <summary>Chrome's console message for this error</summary>
          <pre class="console-line">{commands.consoleLine}</pre>
        </details>
      ) : null}
    </div>
  );
}
