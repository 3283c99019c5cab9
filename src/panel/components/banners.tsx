import { PREVIEW_ENDED_TEXT, previewBannerText } from "../../explain/preview-texts.js";
import type { PanelServices } from "../services.js";
import type { PanelState } from "../state/panel-state.js";
import { ConsolePaste } from "./console-paste.js";

/** Plain statements about what the capture can and cannot see, with the action that fixes it. */
export function Banners({
  state,
  services,
  pasteOpen,
}: {
  state: PanelState;
  services: PanelServices;
  pasteOpen: boolean;
}) {
  const imported = state.importedFrom.value;
  const showCaptureHint = imported === null && (state.rows.value.length === 0 || state.captureGaps.value);
  const chromeOnly = state.chromeOnly.value;
  const previews = state.fixPreview.value;
  const preview = previews?.active ?? null;
  const previewEnded = previews?.ended ?? null;
  return (
    <div class="banners">
      {preview ? (
        <div class="banner warn" role="status" data-testid="preview-banner">
          <strong>{previewBannerText(preview.apiHost)}</strong>{" "}
          <button type="button" data-testid="preview-stop" onClick={() => void previews?.end("stopped")}>
            Stop
          </button>
        </div>
      ) : previewEnded && previewEnded !== "stopped" ? (
        <div class="banner info" role="status" data-testid="preview-ended">
          {PREVIEW_ENDED_TEXT[previewEnded]}
        </div>
      ) : null}
      {state.importError.value ? (
        <div class="banner error" role="alert" data-testid="import-error">
          {state.importError.value}
        </div>
      ) : null}
      {imported !== null ? (
        <div class="banner info" data-testid="imported">
          Showing the imported file <strong>{imported}</strong>; the live capture is paused.{" "}
          <button
            type="button"
            class="link"
            onClick={() => {
              state.returnToLive();
              services.backfill?.();
            }}
          >
            Back to live capture
          </button>
        </div>
      ) : null}
      {showCaptureHint ? (
        <div class="banner info" data-testid="capture-hint">
          Requests that finished before DevTools started recording cannot be seen here.{" "}
          <button type="button" class="link" onClick={() => services.network.reloadInspectedPage()}>
            Reload the page
          </button>{" "}
          to capture them from the start.
        </div>
      ) : null}
      {chromeOnly.length > 0 ? (
        <div class="banner warn" data-testid="chrome-only">
          Chrome reported CORS errors for {chromeOnly.length} {chromeOnly.length === 1 ? "request" : "requests"} made
          before capture started:
          <ul>
            {chromeOnly.slice(-5).map((r) => (
              <li key={`${r.url}${r.timeMs ?? ""}`}>
                <code>{r.corsError}</code> {r.url}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {pasteOpen ? (
        <div class="banner">
          <ConsolePaste state={state} />
        </div>
      ) : null}
    </div>
  );
}
